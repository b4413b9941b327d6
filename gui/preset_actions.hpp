// What the preset menu and the tray do with presets, in one place: load one
// (the engine's `preset.load`, glitch-free: kept endpoints keep playing),
// save over the file it came from, save under a new name; each load or save
// goes to the front of the recent list.
#pragma once

#include <string>

#include <gtkmm/window.h>
#include <sigc++/sigc++.h>

#include "gui/engine_link.hpp"
#include "gui/recent_presets.hpp"

namespace sy::gui {

class PresetActions {
public:
    PresetActions(EngineLink& link, std::string recent_file);

    // A name ([a-z0-9_-]+) or a file path (anything with a '/').
    void load(const std::string& name_or_file);
    void save(Gtk::Window* parent); // asks for a name when the preset has no file yet
    void save_as(Gtk::Window* parent);
    void save_named(const std::string& name);

    const RecentPresets& recent() const { return recent_; }
    sigc::signal<void>& signal_recent() { return recent_changed_; }
    sigc::signal<void, std::string>& signal_message() { return message_; }

private:
    void remember(const std::string& name_or_file);

    EngineLink& link_;
    RecentPresets recent_;
    sigc::signal<void> recent_changed_;
    sigc::signal<void, std::string> message_;
};

} // namespace sy::gui
