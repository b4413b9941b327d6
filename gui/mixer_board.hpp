// The mixer: a row of MixerStrips, inputs, then buses, then outputs, that
// scrolls sideways when there are many. Strips are kept while the set of
// endpoints stays the same (a fader being moved stays under the pointer)
// and made anew when it changes. Meters are fed from the `meters` events.
#pragma once

#include <memory>
#include <vector>

#include <gtkmm/box.h>
#include <gtkmm/scrolledwindow.h>
#include <gtkmm/separator.h>

#include "gui/engine_link.hpp"
#include "gui/engine_view.hpp"
#include "gui/mixer_strip.hpp"

namespace sy::gui {

class MixerBoard : public Gtk::ScrolledWindow {
public:
    explicit MixerBoard(EngineLink& link);

    void show_view(const EngineView& view);
    void feed_meters(const nlohmann::json& endpoints); // the `meters` event's "endpoints"
    void silence();

    MixerStrip* strip(const std::string& id);
    sigc::signal<void, std::string>& signal_message() { return message_; }

private:
    EngineLink& link_;
    Gtk::Box row_{Gtk::ORIENTATION_HORIZONTAL, 8};
    std::vector<std::unique_ptr<MixerStrip>> strips_;
    std::vector<std::unique_ptr<Gtk::Separator>> separators_;
    sigc::signal<void, std::string> message_;
};

} // namespace sy::gui
