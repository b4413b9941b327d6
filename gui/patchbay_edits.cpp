// What the patchbay changes in the engine: routes added and removed,
// endpoints renamed and removed, and the menus that ask for it
// (PatchbayCanvas). The drawing follows from the engine's `changed` event.
#include <algorithm>

#include <gtkmm/checkmenuitem.h>
#include <gtkmm/menuitem.h>
#include <gtkmm/separatormenuitem.h>
#include <gtkmm/window.h>

#include "gui/patchbay_canvas.hpp"
#include "gui/prompts.hpp"

namespace sy::gui {

namespace {

using nlohmann::json;

std::string route_text(const RouteKey& r) { return r.first + " \u2192 " + r.second; }

} // namespace

// ---- routes ----------------------------------------------------------------

void PatchbayCanvas::select_route(const std::optional<RouteKey>& route) {
    if (route == selected_) {
        route_selected_.emit();
        return;
    }
    selected_ = route;
    for (auto& [k, h] : handles_) h->set_selected(selected_ == k);
    if (selected_) {
        if (RouteHandle* h = handle(*selected_); h && !h->has_focus()) h->grab_focus();
    }
    route_selected_.emit();
    queue_draw();
}

void PatchbayCanvas::set_highlighted(std::set<RouteKey> routes) {
    highlighted_ = std::move(routes);
    queue_draw();
}

void PatchbayCanvas::remove_selected_route() {
    if (!selected_) return;
    const RouteKey r = *selected_;
    link_.request({{"cmd", "route.remove"}, {"from", r.first}, {"to", r.second}}, [this, r](const EngineReply& reply) {
        say(reply.ok ? "Removed route " + route_text(r) : "Could not remove " + route_text(r) + ": " + reply_error(reply));
    });
}

void PatchbayCanvas::add_route(const std::string& from, const std::string& to, const json& map) {
    json request = {{"cmd", "route.add"}, {"from", from}, {"to", to}};
    if (!map.is_null()) request["map"] = map;
    const RouteKey key{from, to};
    link_.request(request, [this, key](const EngineReply& reply) {
        if (reply.ok) {
            select_when_shown_ = key;
            say("Added route " + route_text(key));
        } else {
            say("Could not add " + route_text(key) + ": " + reply_error(reply));
        }
    });
}

bool PatchbayCanvas::valid_pair(const PortButton& a, const PortButton& b) const {
    if (a.endpoint() == b.endpoint()) return false;
    if (a.kind() == b.kind() && a.kind() != EndpointKind::bus) return false;
    return true;
}

void PatchbayCanvas::connect_ports(const PortButton& a, const PortButton& b) {
    const PortButton* src = &a;
    const PortButton* dst = &b;
    // Routes run input/bus -> bus/output; a drag may start at either end.
    if (a.kind() == EndpointKind::output || (a.kind() == EndpointKind::bus && b.kind() == EndpointKind::input)) {
        std::swap(src, dst);
    }
    if (!valid_pair(*src, *dst) || src->kind() == EndpointKind::output || dst->kind() == EndpointKind::input) {
        say("A route goes from an input or a bus to a bus or an output");
        return;
    }
    if (view_.find_route(src->endpoint(), dst->endpoint())) {
        say("The route " + route_text({src->endpoint(), dst->endpoint()}) + " is there already: select it to change it");
        select_route(RouteKey{src->endpoint(), dst->endpoint()});
        return;
    }
    // Ports the default map joins make the whole route; any other pair is
    // that one channel, as an explicit map.
    const EndpointView* from = view_.find(src->endpoint());
    const EndpointView* to = view_.find(dst->endpoint());
    json map = nullptr;
    if (from && to) {
        const auto pairs = route_port_pairs(from->channels, to->channels, std::nullopt);
        if (std::find(pairs.begin(), pairs.end(), std::make_pair(src->index(), dst->index())) == pairs.end()) {
            map = json::array({json::array({src->index(), dst->index()})});
        }
    }
    add_route(src->endpoint(), dst->endpoint(), map);
}

// ---- menus -----------------------------------------------------------------

void PatchbayCanvas::menu_on_right_click(Gtk::Widget& w, const std::string& id) {
    // Before the widget's own handler (after = false), so a right click on a
    // port opens the menu instead of starting a drag.
    w.signal_button_press_event().connect(
        [this, id](GdkEventButton* ev) {
            if (ev->type == GDK_BUTTON_PRESS && ev->button == 3) {
                popup_endpoint_menu(id, ev, nullptr);
                return true;
            }
            return false;
        },
        false);
}

void PatchbayCanvas::popup_endpoint_menu(const std::string& id, GdkEventButton* event, Gtk::Widget* at) {
    endpoint_menu_ = std::make_unique<EndpointMenu>(view_, id);
    endpoint_menu_->signal_add_route().connect([this](std::string from, std::string to) { add_route(from, to, nullptr); });
    endpoint_menu_->signal_rename().connect(sigc::mem_fun(*this, &PatchbayCanvas::rename_endpoint));
    endpoint_menu_->signal_remove().connect(sigc::mem_fun(*this, &PatchbayCanvas::remove_endpoint));
    Gtk::Menu& menu = endpoint_menu_->menu();
    menu.get_accessible()->set_name("menu of " + id);
    if (event) {
        menu.popup_at_pointer(reinterpret_cast<GdkEvent*>(event));
    } else if (at) {
        menu.popup_at_widget(at, Gdk::GRAVITY_SOUTH_WEST, Gdk::GRAVITY_NORTH_WEST, nullptr);
    } else {
        menu.popup_at_pointer(nullptr);
    }
}

void PatchbayCanvas::popup_route_menu(const RouteKey& route, GdkEventButton* event) {
    route_menu_ = std::make_unique<Gtk::Menu>();
    const RouteView* r = view_.find_route(route.first, route.second);
    auto* mute = Gtk::manage(new Gtk::CheckMenuItem("_Mute", true));
    mute->set_active(r && r->mute);
    mute->signal_toggled().connect([this, route, mute] {
        link_.request({{"cmd", "mute"}, {"from", route.first}, {"to", route.second}, {"on", mute->get_active()}},
                      [this](const EngineReply& reply) {
                          if (!reply.ok) say("Could not mute: " + reply_error(reply));
                      });
    });
    auto* remove = Gtk::manage(new Gtk::MenuItem("_Remove route", true));
    remove->signal_activate().connect([this, route] {
        select_route(route);
        remove_selected_route();
    });
    route_menu_->append(*mute);
    route_menu_->append(*Gtk::manage(new Gtk::SeparatorMenuItem()));
    route_menu_->append(*remove);
    route_menu_->show_all();
    route_menu_->popup_at_pointer(reinterpret_cast<GdkEvent*>(event));
}

void PatchbayCanvas::rename_endpoint(const std::string& id) {
    ask_text(dynamic_cast<Gtk::Window*>(get_toplevel()), "Rename " + id,
             "New id for \"" + id + "\" (its routes follow; a live endpoint's ports are made again):", id,
             [this, id](const std::string& to) {
                 if (to == id) return;
                 link_.request({{"cmd", "endpoint.rename"}, {"endpoint", id}, {"to", to}}, [this, id, to](const EngineReply& r) {
                     say(r.ok ? "Renamed " + id + " to " + to : "Could not rename " + id + ": " + reply_error(r));
                 });
             });
}

void PatchbayCanvas::remove_endpoint(const std::string& id) {
    int routes = 0;
    for (const auto& r : view_.routes) routes += r.from == id || r.to == id;
    ask_confirm(dynamic_cast<Gtk::Window*>(get_toplevel()), "Remove " + id + "?",
                routes ? "Its " + std::to_string(routes) + " route" + (routes == 1 ? "" : "s") + " go with it."
                       : "It has no routes.",
                "_Remove", [this, id] {
                    link_.request({{"cmd", "endpoint.remove"}, {"endpoint", id}}, [this, id](const EngineReply& r) {
                        say(r.ok ? "Removed " + id : "Could not remove " + id + ": " + reply_error(r));
                    });
                });
}

} // namespace sy::gui
