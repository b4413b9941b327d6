// The patchbay's pointer and keys: clicks and hovering on curves, Delete
// and Escape, Tab in reading order, dragging from a port to a port and
// picking both ends of a route with the keyboard (PatchbayCanvas).
#include <algorithm>
#include <cmath>

#include <gtkmm/window.h>

#include "gui/patchbay_canvas.hpp"

namespace sy::gui {

namespace {

int column_of(EndpointKind k) { return k == EndpointKind::input ? 0 : k == EndpointKind::bus ? 1 : 2; }

} // namespace

// ---- pointer and keys on the canvas itself ---------------------------------

bool PatchbayCanvas::on_button_press_event(GdkEventButton* event) {
    if (event->type != GDK_BUTTON_PRESS) return Gtk::Layout::on_button_press_event(event);
    const Point p = to_layout(event->x_root, event->y_root);
    const auto route = route_at(p);
    if (event->button == 1) {
        grab_focus();
        disarm();
        select_route(route);
        return true;
    }
    if (event->button == 3 && route) {
        select_route(route);
        popup_route_menu(*route, event);
        return true;
    }
    return Gtk::Layout::on_button_press_event(event);
}

bool PatchbayCanvas::on_motion_notify_event(GdkEventMotion* event) {
    const auto route = route_at(to_layout(event->x_root, event->y_root));
    if (route != hovered_) {
        hovered_ = route;
        route_hovered_.emit(hovered_);
        queue_draw();
    }
    return Gtk::Layout::on_motion_notify_event(event);
}

bool PatchbayCanvas::on_leave_notify_event(GdkEventCrossing* event) {
    if (hovered_ && event->window == get_bin_window()->gobj() && event->detail != GDK_NOTIFY_INFERIOR) {
        hovered_.reset();
        route_hovered_.emit(hovered_);
        queue_draw();
    }
    return Gtk::Layout::on_leave_notify_event(event);
}

bool PatchbayCanvas::on_key_press_event(GdkEventKey* event) {
    switch (event->keyval) {
    case GDK_KEY_Delete:
    case GDK_KEY_KP_Delete:
    case GDK_KEY_BackSpace:
        if (selected_) {
            remove_selected_route();
            return true;
        }
        break;
    case GDK_KEY_Escape:
        if (armed_ || selected_) {
            disarm();
            select_route(std::nullopt);
            say("");
            return true;
        }
        break;
    default: break;
    }
    return Gtk::Layout::on_key_press_event(event);
}

std::vector<Gtk::Widget*> PatchbayCanvas::focus_order() const {
    // Column by column, each endpoint followed by the routes leaving it:
    // the order a person reads the patchbay in.
    std::vector<Gtk::Widget*> order;
    for (int column = 0; column < 3; ++column) {
        for (const auto& b : boxes_) {
            if (column_of(b->kind()) != column) continue;
            order.push_back(&b->title());
            for (const auto& p : b->ports()) order.push_back(p.get());
            for (const auto& [key, h] : handles_) {
                if (key.first == b->id() && h->get_visible()) order.push_back(h.get());
            }
        }
    }
    return order;
}

bool PatchbayCanvas::on_focus(Gtk::DirectionType direction) {
    if (direction != Gtk::DIR_TAB_FORWARD && direction != Gtk::DIR_TAB_BACKWARD) return Gtk::Layout::on_focus(direction);
    const auto order = focus_order();
    if (order.empty()) return false;
    Gtk::Widget* current = nullptr;
    if (auto* top = dynamic_cast<Gtk::Window*>(get_toplevel())) current = top->get_focus();
    auto it = std::find(order.begin(), order.end(), current);
    const bool forward = direction == Gtk::DIR_TAB_FORWARD;
    if (it == order.end()) {
        // Coming in from outside (or from the canvas itself): first or last.
        (forward ? order.front() : order.back())->grab_focus();
        return true;
    }
    if (forward) {
        if (++it == order.end()) return false; // on to the next part of the window
    } else {
        if (it == order.begin()) return false;
        --it;
    }
    (*it)->grab_focus();
    return true;
}

// ---- dragging and picking ports ---------------------------------------------

void PatchbayCanvas::on_port_press(PortButton& port, double x_root, double y_root) {
    drag_from_ = &port;
    dragging_ = false;
    drag_start_ = {x_root, y_root};
}

void PatchbayCanvas::on_port_motion(PortButton& port, double x_root, double y_root) {
    if (drag_from_ != &port) return;
    if (!dragging_ && std::hypot(x_root - drag_start_.x, y_root - drag_start_.y) < 6.0) return;
    if (!dragging_) disarm();
    dragging_ = true;
    drag_point_ = to_layout(x_root, y_root);
    PortButton* target = port_at(drag_point_);
    if (target && !valid_pair(port, *target)) target = nullptr;
    if (target != drag_target_) {
        if (drag_target_) drag_target_->set_target(false);
        drag_target_ = target;
        if (drag_target_) drag_target_->set_target(true);
    }
    queue_draw();
}

bool PatchbayCanvas::on_port_drop(PortButton& port, double x_root, double y_root) {
    if (drag_from_ != &port) return false;
    const bool was_drag = dragging_;
    if (drag_target_) drag_target_->set_target(false);
    drag_target_ = nullptr;
    drag_from_ = nullptr;
    dragging_ = false;
    if (was_drag) {
        PortButton* target = port_at(to_layout(x_root, y_root));
        if (target && target != &port) connect_ports(port, *target);
        queue_draw();
    }
    if (view_waiting_) Glib::signal_idle().connect_once([this] { rebuild(); });
    // The button sees the release too (so it is not left pressed); away
    // from it, that is no click.
    return false;
}

void PatchbayCanvas::on_port_clicked(PortButton& port) {
    if (!armed_) {
        armed_ = &port;
        port.set_armed(true);
        say("Picked " + port.accessible_name() + ": now activate the port at the other end (Esc cancels)");
        return;
    }
    if (armed_ == &port) {
        disarm();
        say("");
        return;
    }
    PortButton* first = armed_;
    disarm();
    connect_ports(*first, port);
}

void PatchbayCanvas::disarm() {
    if (armed_) armed_->set_armed(false);
    armed_ = nullptr;
}

} // namespace sy::gui
