// The handle of a route on the patchbay: a small round button on its curve,
// so a route can be reached with Tab, selected, and removed with Delete like
// any other widget ("route daw to stream" to assistive technology).
#pragma once

#include <string>

#include <gtkmm/button.h>

namespace sy::gui {

class RouteHandle : public Gtk::Button {
public:
    static constexpr int kSize = 16;

    RouteHandle(std::string from, std::string to);

    const std::string& from() const { return from_; }
    const std::string& to() const { return to_; }
    std::string accessible_name() const; // "route daw to stream"

    void set_selected(bool on);
    void set_muted(bool on);

private:
    std::string from_, to_;
};

} // namespace sy::gui
