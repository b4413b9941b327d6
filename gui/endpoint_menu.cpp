#include "gui/endpoint_menu.hpp"

#include <gtkmm/separatormenuitem.h>

namespace sy::gui {

EndpointMenu::EndpointMenu(const EngineView& view, const std::string& id) {
    const EndpointView* self = view.find(id);
    if (!self) return;
    const bool is_output = self->kind == EndpointKind::output;

    // Outputs only receive; inputs only send; a bus does both, and this
    // menu adds from it (a route into it is added from its source).
    auto add = [&](const char* label) {
        items_.push_back(std::make_unique<Gtk::MenuItem>(label, true));
        return items_.back().get();
    };
    Gtk::MenuItem* to = add(is_output ? "Add route _from" : "Add route _to");
    auto* routes = Gtk::manage(new Gtk::Menu()); // the item owns its submenu
    int choices = 0;
    for (const auto& other : view.endpoints) {
        if (other.id == id) continue;
        const bool fits = is_output ? other.kind != EndpointKind::output : other.kind != EndpointKind::input;
        if (!fits) continue;
        const std::string from = is_output ? other.id : id;
        const std::string dest = is_output ? id : other.id;
        auto* item = add("");
        item->set_label(std::string(kind_name(other.kind)) + " " + other.id);
        item->set_use_underline(false);
        item->set_sensitive(view.find_route(from, dest) == nullptr);
        item->signal_activate().connect([this, from, dest] { add_route_.emit(from, dest); });
        routes->append(*item);
        ++choices;
    }
    to->set_submenu(*routes);
    to->set_sensitive(choices > 0);
    menu_.append(*to);

    items_.push_back(std::make_unique<Gtk::SeparatorMenuItem>());
    menu_.append(*items_.back());
    Gtk::MenuItem* rename = add("_Rename\u2026");
    rename->signal_activate().connect([this, id] { rename_.emit(id); });
    menu_.append(*rename);
    Gtk::MenuItem* remove = add("Re_move\u2026");
    remove->signal_activate().connect([this, id] { remove_.emit(id); });
    menu_.append(*remove);
    menu_.show_all();
}

} // namespace sy::gui
