#include "gui/route_handle.hpp"

#include <atkmm/object.h>

namespace sy::gui {

RouteHandle::RouteHandle(std::string from, std::string to) : from_(std::move(from)), to_(std::move(to)) {
    set_size_request(kSize, kSize);
    set_relief(Gtk::RELIEF_NONE);
    get_style_context()->add_class("sy-route-handle");
    get_accessible()->set_name(accessible_name());
    set_focus_on_click(true);
}

std::string RouteHandle::accessible_name() const { return "route " + from_ + " to " + to_; }

void RouteHandle::set_selected(bool on) {
    if (on) {
        get_style_context()->add_class("sy-selected");
    } else {
        get_style_context()->remove_class("sy-selected");
    }
}

void RouteHandle::set_muted(bool on) {
    if (on) {
        get_style_context()->add_class("sy-muted");
    } else {
        get_style_context()->remove_class("sy-muted");
    }
}

} // namespace sy::gui
