// The side panel for one route: the route selected on the patchbay, with
// its gain (a route's own `gain`), mute, solo and a Remove button; below,
// the latency of every path through the route hovered (or, with nothing
// hovered, the one selected), each as a stacked bar with its parts.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <gtkmm/box.h>
#include <gtkmm/button.h>
#include <gtkmm/label.h>
#include <gtkmm/scale.h>
#include <gtkmm/togglebutton.h>

#include "gui/engine_link.hpp"
#include "gui/engine_view.hpp"
#include "gui/gain_sender.hpp"
#include "gui/latency_bar.hpp"

namespace sy::gui {

using RouteKey = std::pair<std::string, std::string>;

class RouteInspector : public Gtk::Box {
public:
    explicit RouteInspector(EngineLink& link);

    void show_view(const EngineView& view);
    void set_selected(std::optional<RouteKey> route);
    void set_hovered(std::optional<RouteKey> route);
    void set_threshold_ms(double ms);

    Gtk::Scale& gain() { return gain_; }
    int paths_shown() const { return static_cast<int>(bars_.size()); }
    const std::optional<RouteKey>& budget_route() const { return budget_route_; }

    sigc::signal<void>& signal_remove() { return remove_; }
    sigc::signal<void, std::string>& signal_message() { return message_; }

private:
    void refresh_controls();
    void refresh_budget();
    void on_gain_moved();

    EngineLink& link_;
    EngineView view_;
    std::optional<RouteKey> selected_, hovered_, budget_route_;
    double threshold_ms_ = 20.0;
    bool updating_ = false;
    std::unique_ptr<GainSender> sender_;

    Gtk::Label title_, route_label_, gain_db_, budget_title_, hint_;
    Gtk::Box gain_row_{Gtk::ORIENTATION_HORIZONTAL, 6};
    Gtk::Scale gain_{Gtk::ORIENTATION_HORIZONTAL};
    Gtk::Box buttons_{Gtk::ORIENTATION_HORIZONTAL, 6};
    Gtk::ToggleButton mute_{"Mute"}, solo_{"Solo"};
    Gtk::Button remove_button_{"Remove"};
    Gtk::Box budget_{Gtk::ORIENTATION_VERTICAL, 4};
    std::vector<std::unique_ptr<Gtk::Label>> labels_;
    std::vector<std::unique_ptr<LatencyBar>> bars_;
    sigc::signal<void> remove_;
    sigc::signal<void, std::string> message_;
};

} // namespace sy::gui
