// The menu of an endpoint on the patchbay (right-click, Shift+F10, or its
// title): add a route to (or, for an output, from) another endpoint, rename
// it, remove it. Destinations that already have the route are greyed out.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <gtkmm/menu.h>
#include <gtkmm/menuitem.h>

#include "gui/engine_view.hpp"

namespace sy::gui {

class EndpointMenu {
public:
    EndpointMenu(const EngineView& view, const std::string& id);

    Gtk::Menu& menu() { return menu_; }

    sigc::signal<void, std::string, std::string>& signal_add_route() { return add_route_; } // from, to
    sigc::signal<void, std::string>& signal_rename() { return rename_; }
    sigc::signal<void, std::string>& signal_remove() { return remove_; }

private:
    Gtk::Menu menu_;
    std::vector<std::unique_ptr<Gtk::MenuItem>> items_;
    sigc::signal<void, std::string, std::string> add_route_;
    sigc::signal<void, std::string> rename_, remove_;
};

} // namespace sy::gui
