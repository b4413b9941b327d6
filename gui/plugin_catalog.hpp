// The plugins an insert can run, as the engine lists them (`plugins`),
// fetched once and kept, and each plugin's controls (`plugins {uri}`),
// fetched when an editor first needs them. Also the small words the insert
// list shows: a plugin's short name and a fresh insert id. Main thread only.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <sigc++/sigc++.h>

#include "gui/engine_link.hpp"
#include "gui/engine_view.hpp"

namespace sy::gui {

struct PluginEntry {
    std::string uri;
    std::string name;
    std::string category;
    int inputs = 0, outputs = 0;
};

// The built-in denoiser: no `plugins` entry, offered beside them.
inline constexpr const char* kDenoiserName = "Denoiser (built-in)";
inline constexpr const char* kDenoiserBuiltin = "denoise";

std::vector<PluginEntry> read_plugins(const nlohmann::json& result);
// Those whose name, category or URI holds `search` (any case), as the
// engine's own `plugins {search}` does.
std::vector<const PluginEntry*> filter_plugins(const std::vector<PluginEntry>& plugins, const std::string& search);
// "LSP Parametric Equalizer x16 Stereo" -> "Parametric Equalizer x16 Stereo":
// the vendor's tag, a short all-capitals first word, says nothing on a strip.
std::string plugin_short_name(const std::string& name);
// A new insert's id from its plugin ("eq" for an equalizer, "comp" for a
// compressor, else the first word of the URI's last part), with "-2", "-3"
// ... when the strip already has one of that name.
std::string fresh_insert_id(const std::string& uri_or_builtin, const std::vector<std::string>& taken);

class PluginCatalog {
public:
    using OnDetails = std::function<void(const nlohmann::json& details, const std::string& error)>;

    explicit PluginCatalog(EngineLink& link);

    void load(); // fetches the list unless it is here or on its way
    bool loaded() const { return loaded_; }
    const std::vector<PluginEntry>& plugins() const { return plugins_; }
    std::string short_name(const InsertView& insert) const; // of its plugin, or its URI's last part
    // A plugin's controls; kept after the first answer.
    void describe(const std::string& uri, OnDetails on_details);

    sigc::signal<void>& signal_loaded() { return loaded_signal_; }

private:
    EngineLink& link_;
    std::vector<PluginEntry> plugins_;
    bool loaded_ = false, loading_ = false;
    std::map<std::string, nlohmann::json> details_;
    // Callbacks of requests still out check it, so a catalog gone first is never touched.
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);
    sigc::signal<void> loaded_signal_;
};

} // namespace sy::gui
