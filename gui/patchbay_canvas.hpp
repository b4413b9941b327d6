// The patchbay: inputs on the left, buses in the middle, outputs on the
// right, each an EndpointBox with its PortButtons, routes drawn under them
// as curves (Cairo, on the layout's own window) with a RouteHandle on each.
// Real widgets for everything a person acts on, so Tab reaches them and
// assistive technology names them. Edits go to the engine (route.add,
// route.remove, endpoint.rename, endpoint.remove); what is drawn is always
// what the engine last said (show_view), never a guess. Main thread only.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <gtkmm/layout.h>

#include "gui/endpoint_box.hpp"
#include "gui/endpoint_menu.hpp"
#include "gui/engine_link.hpp"
#include "gui/engine_view.hpp"
#include "gui/route_curve.hpp"
#include "gui/route_handle.hpp"

namespace sy::gui {

using RouteKey = std::pair<std::string, std::string>; // from, to

class PatchbayCanvas : public Gtk::Layout {
public:
    explicit PatchbayCanvas(EngineLink& link);
    ~PatchbayCanvas() override;

    void show_view(const EngineView& view);

    std::optional<RouteKey> selected() const { return selected_; }
    void select_route(const std::optional<RouteKey>& route); // emits signal_route_selected
    void set_highlighted(std::set<RouteKey> routes);        // a path the paths panel picked
    void remove_selected_route();

    // Adds the route from one port to another as a drop would: the
    // direction is the one that makes sense (input/bus to bus/output).
    void connect_ports(const PortButton& a, const PortButton& b);

    EndpointBox* box(const std::string& id);
    RouteHandle* handle(const RouteKey& route);

    sigc::signal<void>& signal_route_selected() { return route_selected_; }
    sigc::signal<void, std::optional<RouteKey>>& signal_route_hovered() { return route_hovered_; }
    sigc::signal<void, std::string>& signal_message() { return message_; }

protected:
    bool on_draw(const Cairo::RefPtr<Cairo::Context>& cr) override;
    bool on_button_press_event(GdkEventButton* event) override;
    bool on_motion_notify_event(GdkEventMotion* event) override;
    bool on_leave_notify_event(GdkEventCrossing* event) override;
    bool on_key_press_event(GdkEventKey* event) override;
    bool on_focus(Gtk::DirectionType direction) override;
    void on_size_allocate(Gtk::Allocation& allocation) override;

private:
    struct Wire {
        RouteKey route;
        std::vector<RouteCurve> curves;
        RouteCurve middle; // where the handle sits
    };

    void rebuild();
    void add_endpoint_box(const EndpointView& e);
    void add_route_handle(const RouteView& r);
    void place_boxes();
    void schedule_handles();
    void place_handles();
    std::vector<Wire> wires() const;
    std::optional<Point> anchor(const std::string& id, int port, bool leaving) const;
    std::optional<RouteKey> route_at(Point p) const;
    PortButton* port_at(Point p) const;
    Point to_layout(double x_root, double y_root) const;
    std::vector<Gtk::Widget*> focus_order() const;
    void move_child(Gtk::Widget& child, int x, int y);

    void on_port_press(PortButton& port, double x_root, double y_root);
    void on_port_motion(PortButton& port, double x_root, double y_root);
    bool on_port_drop(PortButton& port, double x_root, double y_root);
    void on_port_clicked(PortButton& port);
    bool valid_pair(const PortButton& a, const PortButton& b) const;
    void disarm();

    void popup_endpoint_menu(const std::string& id, GdkEventButton* event, Gtk::Widget* at);
    void menu_on_right_click(Gtk::Widget& w, const std::string& id);
    void popup_route_menu(const RouteKey& route, GdkEventButton* event);
    void add_route(const std::string& from, const std::string& to, const nlohmann::json& map);
    void rename_endpoint(const std::string& id);
    void remove_endpoint(const std::string& id);
    void say(const std::string& text) { message_.emit(text); }

    EngineLink& link_;
    EngineView view_;
    bool have_view_ = false;
    std::vector<std::unique_ptr<EndpointBox>> boxes_;
    std::map<RouteKey, std::unique_ptr<RouteHandle>> handles_;
    std::map<Gtk::Widget*, std::pair<int, int>> placed_; // where each child was put
    std::optional<RouteKey> selected_, hovered_, select_when_shown_;
    std::set<RouteKey> highlighted_;
    PortButton* armed_ = nullptr;
    PortButton* drag_from_ = nullptr;
    PortButton* drag_target_ = nullptr;
    bool dragging_ = false;
    bool view_waiting_ = false; // a new view came during a drag
    Point drag_start_{}, drag_point_{};
    int last_width_ = -1;
    std::string refocus_; // the accessible name to give the focus back to after a rebuild
    std::unique_ptr<EndpointMenu> endpoint_menu_;
    std::unique_ptr<Gtk::Menu> route_menu_;
    sigc::connection handles_idle_;
    sigc::signal<void> route_selected_;
    sigc::signal<void, std::optional<RouteKey>> route_hovered_;
    sigc::signal<void, std::string> message_;
};

} // namespace sy::gui
