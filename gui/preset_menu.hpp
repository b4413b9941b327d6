// The Presets menu of the window: Load (every preset the engine lists, the
// running one ticked), Recent, Save, Save As. Rebuilt when the list, the
// recent names or the running preset change.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <gtkmm/menu.h>
#include <gtkmm/menuitem.h>
#include <gtkmm/separatormenuitem.h>
#include <gtkmm/window.h>

#include "gui/engine_mirror.hpp"
#include "gui/preset_actions.hpp"

namespace sy::gui {

class PresetMenu : public Gtk::MenuItem {
public:
    PresetMenu(EngineMirror& mirror, PresetActions& actions, Gtk::Window& window);

    void rebuild();
    Gtk::Menu& menu() { return menu_; }

private:
    EngineMirror& mirror_;
    PresetActions& actions_;
    Gtk::Window& window_;
    std::string current_;
    // The items of menu_ stay; only the two submenus are filled anew.
    Gtk::Menu menu_, load_menu_, recent_menu_;
    Gtk::MenuItem load_{"_Load", true}, recent_{"_Recent", true}, save_{"_Save", true}, save_as_{"Save _As\u2026", true};
    Gtk::SeparatorMenuItem separator_;
    std::vector<std::unique_ptr<Gtk::MenuItem>> items_;
};

// The running preset's name from a `status` result ("" when unknown).
std::string running_preset(const nlohmann::json& status);

} // namespace sy::gui
