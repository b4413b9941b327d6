// The mixer: a row of MixerStrips, inputs, then buses, then outputs, that
// scrolls sideways when there are many, ended by the loudness target every
// strip's LUFS readout is held against. Strips are kept while
// the set of endpoints stays the same (a fader being moved stays under the
// pointer) and made anew when it changes. Meters are fed from the `meters`
// events. The plugin list the strips' inserts are picked from is shared.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <gtkmm/box.h>
#include <gtkmm/comboboxtext.h>
#include <gtkmm/label.h>
#include <gtkmm/scrolledwindow.h>
#include <gtkmm/separator.h>

#include "gui/engine_link.hpp"
#include "gui/engine_view.hpp"
#include "gui/mixer_strip.hpp"
#include "gui/plugin_catalog.hpp"

namespace sy::gui {

class MixerBoard : public Gtk::Box {
public:
    // `target_file`: where the loudness target is kept ("" : the state dir's).
    explicit MixerBoard(EngineLink& link, std::string target_file = "");

    void show_view(const EngineView& view);
    void feed_meters(const nlohmann::json& endpoints); // the `meters` event's "endpoints"
    void silence();

    MixerStrip* strip(const std::string& id);
    double loudness_target() const { return target_; }
    Gtk::ComboBoxText& target_combo() { return target_combo_; }
    PluginCatalog& catalog() { return catalog_; }
    sigc::signal<void, std::string>& signal_message() { return message_; }

private:
    void on_target_changed();

    EngineLink& link_;
    PluginCatalog catalog_;
    std::string target_file_;
    double target_;
    Gtk::Box target_box_{Gtk::ORIENTATION_VERTICAL, 4};
    Gtk::Label target_label_{"Loudness target"};
    Gtk::ComboBoxText target_combo_;
    Gtk::ScrolledWindow scroller_;
    Gtk::Box row_{Gtk::ORIENTATION_HORIZONTAL, 8};
    std::vector<std::unique_ptr<MixerStrip>> strips_;
    std::vector<std::unique_ptr<Gtk::Separator>> separators_;
    sigc::signal<void, std::string> message_;
};

} // namespace sy::gui
