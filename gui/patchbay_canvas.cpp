#include "gui/patchbay_canvas.hpp"

#include <algorithm>
#include <cmath>

#include <gtkmm/window.h>

#include "gui/theme.hpp"

namespace sy::gui {

namespace {

using nlohmann::json;

constexpr int kMargin = 28;
constexpr int kTop = 40;     // room for the column titles
constexpr int kGapY = 18;    // between boxes in a column
constexpr int kMinGapX = 110; // between columns, for the curves
constexpr double kPickDistance = 6.0;

int column_of(EndpointKind k) { return k == EndpointKind::input ? 0 : k == EndpointKind::bus ? 1 : 2; }

std::string route_text(const RouteKey& r) { return r.first + " \u2192 " + r.second; }

} // namespace

PatchbayCanvas::PatchbayCanvas(EngineLink& link) : link_(link) {
    set_can_focus(true);
    get_style_context()->add_class("sy-canvas");
    get_accessible()->set_name("patchbay");
    add_events(Gdk::BUTTON_PRESS_MASK | Gdk::POINTER_MOTION_MASK | Gdk::LEAVE_NOTIFY_MASK | Gdk::KEY_PRESS_MASK);
}

PatchbayCanvas::~PatchbayCanvas() { handles_idle_.disconnect(); }

// ---- what is shown ---------------------------------------------------------

void PatchbayCanvas::show_view(const EngineView& view) {
    view_ = view;
    have_view_ = true;
    // Rebuilding under a drag would pull the port away from the pointer.
    if (drag_from_) {
        view_waiting_ = true;
        return;
    }
    rebuild();
}

void PatchbayCanvas::rebuild() {
    view_waiting_ = false;
    // Whatever had the focus gets it back on its successor, found by name.
    std::string focused;
    if (auto* top = dynamic_cast<Gtk::Window*>(get_toplevel())) {
        if (Gtk::Widget* f = top->get_focus(); f && f->is_ancestor(*this)) focused = f->get_accessible()->get_name();
    }
    disarm();
    drag_from_ = drag_target_ = nullptr;
    for (auto& b : boxes_) remove(*b);
    for (auto& [k, h] : handles_) remove(*h);
    placed_.clear();
    boxes_.clear();
    handles_.clear();

    for (const auto& e : view_.endpoints) add_endpoint_box(e);
    for (const auto& r : view_.routes) add_route_handle(r);

    if (select_when_shown_ && view_.find_route(select_when_shown_->first, select_when_shown_->second)) {
        selected_ = select_when_shown_;
        focused = "route " + selected_->first + " to " + selected_->second;
    }
    select_when_shown_.reset();
    if (selected_ && !view_.find_route(selected_->first, selected_->second)) selected_.reset();
    if (hovered_ && !view_.find_route(hovered_->first, hovered_->second)) hovered_.reset();
    for (auto& [k, h] : handles_) h->set_selected(selected_ == k);

    refocus_ = focused; // once everything is placed (handles are shown then)
    place_boxes();
    route_selected_.emit();
    queue_draw();
}

void PatchbayCanvas::add_endpoint_box(const EndpointView& e) {
    auto b = std::make_unique<EndpointBox>(e);
    const std::string id = e.id;
    b->title().signal_clicked().connect([this, id] { popup_endpoint_menu(id, nullptr, box(id) ? &box(id)->title() : nullptr); });
    menu_on_right_click(b->title(), id);
    b->title().signal_popup_menu().connect([this, id] {
        popup_endpoint_menu(id, nullptr, box(id) ? &box(id)->title() : nullptr);
        return true;
    });
    for (const auto& port : b->ports()) {
        PortButton* p = port.get();
        p->signal_press().connect(sigc::mem_fun(*this, &PatchbayCanvas::on_port_press));
        p->signal_drag_motion().connect(sigc::mem_fun(*this, &PatchbayCanvas::on_port_motion));
        p->signal_drop().connect(sigc::mem_fun(*this, &PatchbayCanvas::on_port_drop));
        p->signal_clicked().connect([this, p] { on_port_clicked(*p); });
        menu_on_right_click(*p, id);
        p->signal_popup_menu().connect([this, id, p] {
            popup_endpoint_menu(id, nullptr, p);
            return true;
        });
    }
    put(*b, 0, 0);
    boxes_.push_back(std::move(b));
}

void PatchbayCanvas::add_route_handle(const RouteView& r) {
    const RouteKey key{r.from, r.to};
    auto h = std::make_unique<RouteHandle>(r.from, r.to);
    h->set_muted(r.mute || !r.gain_db);
    std::string tip = route_text(key) + "  " + db_text(r.gain_db) + (r.mute ? "  (muted)" : "");
    for (const PathView* p : view_.paths_through(r.from, r.to)) {
        char ms[32];
        std::snprintf(ms, sizeof ms, "%.1f ms", p->total_ms);
        tip += "\n" + p->text() + ": " + ms;
    }
    h->set_tooltip_text(tip + "\nDelete removes it");
    h->signal_clicked().connect([this, key] { select_route(key); });
    h->signal_focus_in_event().connect([this, key](GdkEventFocus*) {
        if (selected_ != key) select_route(key);
        return false;
    });
    h->signal_enter_notify_event().connect([this, key](GdkEventCrossing*) {
        hovered_ = key;
        route_hovered_.emit(hovered_);
        queue_draw();
        return false;
    });
    h->signal_button_press_event().connect(
        [this, key](GdkEventButton* ev) {
            if (ev->type == GDK_BUTTON_PRESS && ev->button == 3) {
                popup_route_menu(key, ev);
                return true;
            }
            return false;
        },
        false);
    // Shown once place_handles() has put it on its curve.
    put(*h, 0, 0);
    handles_[key] = std::move(h);
}

void PatchbayCanvas::place_boxes() {
    const int width = std::max(get_allocated_width(), 3 * EndpointBox::kWidth + 2 * kMinGapX + 2 * kMargin);
    const int xs[3] = {kMargin, (width - EndpointBox::kWidth) / 2, width - kMargin - EndpointBox::kWidth};
    int heights[3] = {0, 0, 0};
    std::vector<int> box_h(boxes_.size());
    for (std::size_t i = 0; i < boxes_.size(); ++i) {
        int min_h = 0, nat_h = 0;
        boxes_[i]->get_preferred_height_for_width(EndpointBox::kWidth, min_h, nat_h);
        box_h[i] = nat_h;
        const int c = column_of(boxes_[i]->kind());
        heights[c] += nat_h + (heights[c] > 0 ? kGapY : 0);
    }
    const int tallest = std::max({heights[0], heights[1], heights[2], 120});
    int ys[3];
    for (int c = 0; c < 3; ++c) ys[c] = kTop + (tallest - heights[c]) / 2; // columns centred on each other
    for (std::size_t i = 0; i < boxes_.size(); ++i) {
        const int c = column_of(boxes_[i]->kind());
        move_child(*boxes_[i], xs[c], ys[c]);
        ys[c] += box_h[i] + kGapY;
    }
    const int height = kTop + tallest + kMargin;
    guint w = 0, h = 0;
    get_size(w, h);
    if (static_cast<int>(w) != width || static_cast<int>(h) != height) set_size(width, height);
    schedule_handles();
}

void PatchbayCanvas::move_child(Gtk::Widget& child, int x, int y) {
    const auto it = placed_.find(&child);
    if (it != placed_.end() && it->second == std::make_pair(x, y)) return;
    placed_[&child] = {x, y};
    move(child, x, y);
}

void PatchbayCanvas::schedule_handles() {
    if (handles_idle_.connected()) return;
    handles_idle_ = Glib::signal_idle().connect([this] {
        place_handles();
        return false;
    });
}

void PatchbayCanvas::place_handles() {
    // Handles that would sit on one another move along their curves.
    std::vector<Point> taken;
    for (const Wire& w : wires()) {
        const auto it = handles_.find(w.route);
        if (it == handles_.end()) continue;
        const EndpointView* from = view_.find(w.route.first);
        const EndpointView* to = view_.find(w.route.second);
        // A route that skips the bus column keeps its handle clear of the buses.
        const bool long_way = from && to && from->kind == EndpointKind::input && to->kind == EndpointKind::output;
        double t = long_way ? 0.15 : 0.5;
        Point p = w.middle.at(t);
        for (int tries = 0; tries < 6; ++tries) {
            const bool clash = std::any_of(taken.begin(), taken.end(), [&](const Point& q) {
                return std::abs(q.x - p.x) < RouteHandle::kSize && std::abs(q.y - p.y) < RouteHandle::kSize;
            });
            if (!clash) break;
            t += (tries % 2 ? -1 : 1) * 0.07 * (tries + 1);
            p = w.middle.at(std::clamp(t, 0.1, 0.9));
        }
        taken.push_back(p);
        move_child(*it->second, static_cast<int>(std::lround(p.x)) - RouteHandle::kSize / 2,
                   static_cast<int>(std::lround(p.y)) - RouteHandle::kSize / 2);
        it->second->show();
    }
    if (!refocus_.empty()) {
        for (Gtk::Widget* w : focus_order()) {
            if (w->get_accessible()->get_name() == refocus_) {
                w->grab_focus();
                break;
            }
        }
        refocus_.clear();
    }
    queue_draw();
}

void PatchbayCanvas::on_size_allocate(Gtk::Allocation& allocation) {
    Gtk::Layout::on_size_allocate(allocation);
    if (allocation.get_width() != last_width_) {
        last_width_ = allocation.get_width();
        Glib::signal_idle().connect_once([this] { place_boxes(); });
    } else {
        schedule_handles();
    }
}

EndpointBox* PatchbayCanvas::box(const std::string& id) {
    for (auto& b : boxes_) {
        if (b->id() == id) return b.get();
    }
    return nullptr;
}

RouteHandle* PatchbayCanvas::handle(const RouteKey& route) {
    const auto it = handles_.find(route);
    return it == handles_.end() ? nullptr : it->second.get();
}

// ---- geometry --------------------------------------------------------------

std::optional<Point> PatchbayCanvas::anchor(const std::string& id, int port, bool leaving) const {
    for (const auto& b : boxes_) {
        if (b->id() != id) continue;
        if (port < 0 || port >= static_cast<int>(b->ports().size())) return std::nullopt;
        const Gtk::Allocation a = b->ports()[static_cast<std::size_t>(port)]->get_allocation();
        if (a.get_width() <= 1) return std::nullopt; // not allocated yet
        return Point{leaving ? a.get_x() + a.get_width() + 6.0 : a.get_x() - 6.0, a.get_y() + a.get_height() / 2.0};
    }
    return std::nullopt;
}

std::vector<PatchbayCanvas::Wire> PatchbayCanvas::wires() const {
    std::vector<Wire> out;
    for (const auto& r : view_.routes) {
        const EndpointView* from = view_.find(r.from);
        const EndpointView* to = view_.find(r.to);
        if (!from || !to) continue;
        std::vector<RouteCurve> curves;
        Point sum_a{}, sum_b{};
        for (const auto& [f, t] : route_port_pairs(from->channels, to->channels, r.map)) {
            const auto a = anchor(r.from, f, true);
            const auto b = anchor(r.to, t, false);
            if (!a || !b) continue;
            curves.emplace_back(*a, *b);
            sum_a = {sum_a.x + a->x, sum_a.y + a->y};
            sum_b = {sum_b.x + b->x, sum_b.y + b->y};
        }
        if (curves.empty()) continue;
        const double n = static_cast<double>(curves.size());
        out.push_back({{r.from, r.to}, std::move(curves), RouteCurve({sum_a.x / n, sum_a.y / n}, {sum_b.x / n, sum_b.y / n})});
    }
    return out;
}

std::optional<RouteKey> PatchbayCanvas::route_at(Point p) const {
    // A handle is its route's, though it sits between the route's curves.
    for (const auto& [key, h] : handles_) {
        if (!h->get_visible()) continue;
        const Gtk::Allocation a = h->get_allocation();
        if (p.x >= a.get_x() && p.x < a.get_x() + a.get_width() && p.y >= a.get_y() && p.y < a.get_y() + a.get_height()) {
            return key;
        }
    }
    std::optional<RouteKey> best;
    double best_d = kPickDistance;
    for (const Wire& w : wires()) {
        for (const auto& c : w.curves) {
            const double d = c.distance_to(p);
            if (d <= best_d) {
                best_d = d;
                best = w.route;
            }
        }
    }
    return best;
}

PortButton* PatchbayCanvas::port_at(Point p) const {
    for (const auto& b : boxes_) {
        for (const auto& port : b->ports()) {
            const Gtk::Allocation a = port->get_allocation();
            if (p.x >= a.get_x() && p.x < a.get_x() + a.get_width() && p.y >= a.get_y() &&
                p.y < a.get_y() + a.get_height()) {
                return port.get();
            }
        }
    }
    return nullptr;
}

Point PatchbayCanvas::to_layout(double x_root, double y_root) const {
    int ox = 0, oy = 0;
    if (auto bin = const_cast<PatchbayCanvas*>(this)->get_bin_window()) bin->get_origin(ox, oy);
    return {x_root - ox, y_root - oy};
}

// ---- drawing ---------------------------------------------------------------

bool PatchbayCanvas::on_draw(const Cairo::RefPtr<Cairo::Context>& cr) {
    auto bin = get_bin_window();
    if (bin && gtk_cairo_should_draw_window(cr->cobj(), bin->gobj())) {
        cr->save();
        gtk_cairo_transform_to_window(cr->cobj(), GTK_WIDGET(gobj()), bin->gobj());
        guint w = 0, h = 0;
        get_size(w, h);
        const double width = std::max<double>(w, get_allocated_width());
        const double height = std::max<double>(h, get_allocated_height());
        cr->set_source_rgb(0x1b / 255.0, 0x1e / 255.0, 0x24 / 255.0);
        cr->paint();
        // A faint dot grid: it reads as a canvas, and it is cheap.
        cr->set_source_rgba(1, 1, 1, 0.045);
        for (double y = 12; y < height; y += 24) {
            for (double x = 12; x < width; x += 24) cr->rectangle(x, y, 1.5, 1.5);
        }
        cr->fill();

        const int xs[3] = {kMargin, (static_cast<int>(width) - EndpointBox::kWidth) / 2,
                           static_cast<int>(width) - kMargin - EndpointBox::kWidth};
        const char* titles[3] = {"INPUTS", "BUSES", "OUTPUTS"};
        const EndpointKind kinds[3] = {EndpointKind::input, EndpointKind::bus, EndpointKind::output};
        for (int c = 0; c < 3; ++c) {
            auto layout = create_pango_layout(titles[c]);
            Pango::FontDescription font("Sans Bold 8");
            layout->set_font_description(font);
            const Rgb k = kind_colour(kinds[c]);
            cr->set_source_rgba(k.r, k.g, k.b, 0.85);
            cr->move_to(xs[c] + 2, 14);
            layout->show_in_cairo_context(cr);
        }

        for (const Wire& wire : wires()) {
            const RouteView* r = view_.find_route(wire.route.first, wire.route.second);
            const EndpointView* from = view_.find(wire.route.first);
            const EndpointView* to = view_.find(wire.route.second);
            RouteLook look;
            look.colour = kind_colour(from ? from->kind : EndpointKind::input);
            look.selected = selected_ == wire.route;
            look.hovered = hovered_ == wire.route;
            look.highlighted = highlighted_.count(wire.route) > 0;
            look.muted = r && (r->mute || !r->gain_db);
            look.faint = (from && !from->ready) || (to && !to->ready);
            for (const auto& c : wire.curves) draw_route_curve(cr, c, look);
        }
        if (dragging_ && drag_from_) {
            const bool leaving = drag_from_->kind() != EndpointKind::output;
            if (const auto a = anchor(drag_from_->endpoint(), drag_from_->index(), leaving)) {
                const RouteCurve band = leaving ? RouteCurve(*a, drag_point_) : RouteCurve(drag_point_, *a);
                RouteLook look;
                look.colour = {1.0, 0.84, 0.29};
                look.hovered = true;
                cr->set_dash(std::vector<double>{5.0, 4.0}, 0.0);
                draw_route_curve(cr, band, look);
            }
        }
        cr->restore();
    }
    return Gtk::Layout::on_draw(cr);
}

} // namespace sy::gui
