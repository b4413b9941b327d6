#include "gui/preset_menu.hpp"

#include <gtkmm/accelgroup.h>
#include <gtkmm/checkmenuitem.h>
#include <gtkmm/separatormenuitem.h>

namespace sy::gui {

std::string running_preset(const nlohmann::json& status) {
    if (!status.is_object() || !status.contains("preset") || !status["preset"].is_object()) return "";
    return status["preset"].value("name", std::string());
}

PresetMenu::PresetMenu(EngineMirror& mirror, PresetActions& actions, Gtk::Window& window)
    : Gtk::MenuItem("_Presets", true), mirror_(mirror), actions_(actions), window_(window) {
    set_submenu(menu_);
    load_.set_submenu(load_menu_);
    recent_.set_submenu(recent_menu_);
    save_.signal_activate().connect([this] { actions_.save(&window_); });
    save_as_.signal_activate().connect([this] { actions_.save_as(&window_); });
    menu_.append(load_);
    menu_.append(recent_);
    menu_.append(separator_);
    menu_.append(save_);
    menu_.append(save_as_);
    mirror_.signal_presets().connect(sigc::mem_fun(*this, &PresetMenu::rebuild));
    actions_.signal_recent().connect(sigc::mem_fun(*this, &PresetMenu::rebuild));
    mirror_.signal_status().connect([this] {
        const std::string now = running_preset(mirror_.status());
        if (now != current_) rebuild();
    });
    rebuild();
}

void PresetMenu::rebuild() {
    current_ = running_preset(mirror_.status());
    for (auto* m : {&load_menu_, &recent_menu_}) {
        for (Gtk::Widget* child : m->get_children()) m->remove(*child);
    }
    items_.clear();
    auto item = [this](Gtk::MenuItem* i) {
        items_.emplace_back(i);
        return i;
    };
    for (const auto& p : mirror_.presets()) {
        auto* i = new Gtk::CheckMenuItem(p.name);
        i->set_draw_as_radio(true);
        i->set_active(p.name == current_);
        i->set_tooltip_text(p.file);
        const std::string name = p.name;
        i->signal_activate().connect([this, name] { actions_.load(name); });
        load_menu_.append(*item(i));
    }
    if (mirror_.presets().empty()) {
        Gtk::MenuItem* none = item(new Gtk::MenuItem("(no presets saved yet)"));
        none->set_sensitive(false);
        load_menu_.append(*none);
    }
    for (const auto& name : actions_.recent().names()) {
        Gtk::MenuItem* i = item(new Gtk::MenuItem(name));
        i->set_use_underline(false);
        i->signal_activate().connect([this, name] { actions_.load(name); });
        recent_menu_.append(*i);
    }
    recent_.set_sensitive(!actions_.recent().names().empty());
    menu_.show_all();
}

} // namespace sy::gui
