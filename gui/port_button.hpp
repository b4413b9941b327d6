// One channel of an endpoint on the patchbay: a focusable button ("port daw
// 1" to assistive technology). Press and drag from it to another port to add
// a route; or activate it (click, Enter, Space) to pick it, then activate
// the other end. It only reports what happened; the canvas decides.
#pragma once

#include <string>
#include <vector>

#include <gtkmm/button.h>

#include "gui/engine_view.hpp"

namespace sy::gui {

class PortButton : public Gtk::Button {
public:
    PortButton(std::string endpoint, EndpointKind kind, int index, int channels);
    // Where the port lives on its server, for the tooltip and the accessible
    // description: its full name and what it is connected to.
    void show_server_port(const std::string& name, const std::vector<std::string>& connections);

    const std::string& endpoint() const { return endpoint_; }
    EndpointKind kind() const { return kind_; }
    int index() const { return index_; } // 0-based channel
    std::string accessible_name() const; // "port daw 1"

    void set_armed(bool on);  // picked as one end, waiting for the other
    void set_target(bool on); // under the pointer during a drag, and would make a route

    // Pointer events in root-window coordinates, for dragging.
    sigc::signal<void, PortButton&, double, double>& signal_press() { return press_; }
    sigc::signal<void, PortButton&, double, double>& signal_drag_motion() { return motion_; }
    sigc::signal<bool, PortButton&, double, double>& signal_drop() { return drop_; }

private:
    bool on_press(GdkEventButton* event);
    bool on_motion(GdkEventMotion* event);
    bool on_release(GdkEventButton* event);

    std::string endpoint_;
    EndpointKind kind_;
    int index_;
    sigc::signal<void, PortButton&, double, double> press_, motion_;
    sigc::signal<bool, PortButton&, double, double> drop_;
};

// "L"/"R" for stereo, "mono" for one channel, else "1".."N".
std::string port_label(int index, int channels);

} // namespace sy::gui
