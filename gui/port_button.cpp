#include "gui/port_button.hpp"

#include <atkmm/object.h>
#include <gtkmm/label.h>

namespace sy::gui {

std::string port_label(int index, int channels) {
    if (channels == 1) return "mono";
    if (channels == 2) return index == 0 ? "1 \u00b7 L" : "2 \u00b7 R";
    return std::to_string(index + 1);
}

PortButton::PortButton(std::string endpoint, EndpointKind kind, int index, int channels)
    : endpoint_(std::move(endpoint)), kind_(kind), index_(index) {
    set_label(port_label(index, channels));
    set_focus_on_click(true);
    get_style_context()->add_class("sy-port");
    if (auto* child = get_child()) {
        // Inputs send from their right edge, outputs take at their left.
        if (auto* label = dynamic_cast<Gtk::Label*>(child)) {
            label->set_xalign(kind == EndpointKind::input ? 1.0f : kind == EndpointKind::output ? 0.0f : 0.5f);
        }
    }
    get_accessible()->set_name(accessible_name());
    set_tooltip_text(std::string("Drag to another port to add a route from ") + endpoint_ +
                     ", or press Enter here and then on the other port");
    add_events(Gdk::BUTTON_MOTION_MASK | Gdk::BUTTON_PRESS_MASK | Gdk::BUTTON_RELEASE_MASK);
    signal_button_press_event().connect(sigc::mem_fun(*this, &PortButton::on_press), false);
    signal_motion_notify_event().connect(sigc::mem_fun(*this, &PortButton::on_motion), false);
    signal_button_release_event().connect(sigc::mem_fun(*this, &PortButton::on_release), false);
}

void PortButton::show_server_port(const std::string& name, const std::vector<std::string>& connections) {
    std::string where = name;
    if (connections.empty()) {
        where += ": not connected";
    } else {
        where += kind_ == EndpointKind::input ? " <- " : " -> ";
        for (std::size_t i = 0; i < connections.size(); ++i) where += (i ? ", " : "") + connections[i];
    }
    get_accessible()->set_description(where);
    set_tooltip_text(where + "\nDrag to another port to add a route from " + endpoint_ +
                     ", or press Enter here and then on the other port");
}

std::string PortButton::accessible_name() const { return "port " + endpoint_ + " " + std::to_string(index_ + 1); }

void PortButton::set_armed(bool on) {
    if (on) {
        get_style_context()->add_class("sy-armed");
    } else {
        get_style_context()->remove_class("sy-armed");
    }
}

void PortButton::set_target(bool on) {
    if (on) {
        get_style_context()->add_class("sy-target");
    } else {
        get_style_context()->remove_class("sy-target");
    }
}

bool PortButton::on_press(GdkEventButton* event) {
    if (event->button == 1 && event->type == GDK_BUTTON_PRESS) press_.emit(*this, event->x_root, event->y_root);
    return false; // the button still handles it (focus, clicked)
}

bool PortButton::on_motion(GdkEventMotion* event) {
    motion_.emit(*this, event->x_root, event->y_root);
    return false;
}

bool PortButton::on_release(GdkEventButton* event) {
    if (event->button != 1) return false;
    // True when the release ended a drag: then it is no click.
    return drop_.emit(*this, event->x_root, event->y_root);
}

} // namespace sy::gui
