// An endpoint on the patchbay: a frame with a title button ("input daw",
// which opens the endpoint's menu) and one PortButton per channel. A
// waiting endpoint (its device or server is not there) is drawn dashed and
// grey, with its state as the tooltip.
#pragma once

#include <memory>
#include <vector>

#include <gtkmm/box.h>
#include <gtkmm/button.h>
#include <gtkmm/frame.h>
#include <gtkmm/label.h>

#include "gui/engine_view.hpp"
#include "gui/port_button.hpp"

namespace sy::gui {

class EndpointBox : public Gtk::Frame {
public:
    static constexpr int kWidth = 200;

    explicit EndpointBox(const EndpointView& endpoint);

    const std::string& id() const { return id_; }
    EndpointKind kind() const { return kind_; }
    Gtk::Button& title() { return title_; }
    const std::vector<std::unique_ptr<PortButton>>& ports() const { return ports_; }
    std::string accessible_name() const; // "input daw"

private:
    std::string id_;
    EndpointKind kind_;
    Gtk::Box column_{Gtk::ORIENTATION_VERTICAL};
    Gtk::Button title_;
    Gtk::Box title_row_{Gtk::ORIENTATION_HORIZONTAL, 6};
    Gtk::Label name_, badge_, detail_;
    std::vector<std::unique_ptr<PortButton>> ports_;
};

} // namespace sy::gui
