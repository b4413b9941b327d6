// Keeps the GUI's copy of the engine (EngineView) in step: on connecting it
// subscribes to meters, devices, changes and xruns, and fetches endpoints,
// routes, paths and the model; every `changed` or `device` event fetches
// them again (several events in a burst cost one fetch). Status is asked
// for once a second, the preset list on connecting and after every change.
// Main thread only.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <sigc++/sigc++.h>

#include "gui/engine_link.hpp"
#include "gui/engine_view.hpp"

namespace sy::gui {

struct PresetEntry {
    std::string name;
    std::string file;
};

class EngineMirror {
public:
    static constexpr int kMeterHz = 30;

    explicit EngineMirror(EngineLink& link);
    ~EngineMirror();
    EngineMirror(const EngineMirror&) = delete;
    EngineMirror& operator=(const EngineMirror&) = delete;

    const EngineView& view() const { return view_; }
    const nlohmann::json& status() const { return status_; } // the last `status` result
    const std::vector<PresetEntry>& presets() const { return presets_; }
    std::uint64_t fetches() const { return fetches_; } // complete fetches so far (tests wait on it)

    void refetch(); // soon; a burst of calls makes one fetch
    void refresh_presets(); // the preset list again (a save adds one and changes no model)

    sigc::signal<void>& signal_view() { return view_changed_; }          // a new EngineView
    sigc::signal<void>& signal_status() { return status_changed_; }
    sigc::signal<void>& signal_presets() { return presets_changed_; }
    sigc::signal<void, const nlohmann::json&>& signal_meters() { return meters_; } // the event's "endpoints"

private:
    void on_connected();
    void on_disconnected(const std::string& why);
    void on_event(const nlohmann::json& event);
    void fetch();
    void fetch_status();
    void fetch_presets();

    EngineLink& link_;
    EngineView view_;
    nlohmann::json status_;
    std::vector<PresetEntry> presets_;
    std::uint64_t generation_ = 0; // a fetch whose generation is old is dropped
    std::uint64_t fetches_ = 0;
    bool fetch_again_ = false, fetching_ = false;
    sigc::connection status_timer_, refetch_idle_;
    std::vector<sigc::connection> links_;
    sigc::signal<void> view_changed_, status_changed_, presets_changed_;
    sigc::signal<void, const nlohmann::json&> meters_;
};

} // namespace sy::gui
