#include "gui/route_inspector.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <atkmm/object.h>

namespace sy::gui {

namespace {

constexpr double kBottomDb = -60.0, kTopDb = 24.0;

std::string arrow(const RouteKey& r) { return r.first + " \u2192 " + r.second; }

} // namespace

RouteInspector::RouteInspector(EngineLink& link) : Gtk::Box(Gtk::ORIENTATION_VERTICAL, 6), link_(link) {
    title_.set_text("Route");
    title_.set_xalign(0.0f);
    title_.get_style_context()->add_class("sy-panel-title");
    pack_start(title_, false, false);
    route_label_.set_xalign(0.0f);
    route_label_.get_accessible()->set_name("selected route");
    pack_start(route_label_, false, false);

    gain_.set_range(kBottomDb, kTopDb);
    gain_.set_increments(0.5, 3.0);
    gain_.set_draw_value(false);
    gain_.add_mark(0.0, Gtk::POS_BOTTOM, "");
    gain_.set_hexpand(true);
    gain_.get_accessible()->set_name("route gain");
    gain_.set_tooltip_text("The route's own gain in dB (the left end is silence)");
    gain_.signal_value_changed().connect(sigc::mem_fun(*this, &RouteInspector::on_gain_moved));
    gain_db_.get_style_context()->add_class("sy-strip-db");
    gain_db_.set_width_chars(9);
    gain_row_.pack_start(gain_, true, true);
    gain_row_.pack_start(gain_db_, false, false);
    pack_start(gain_row_, false, false);

    mute_.get_style_context()->add_class("sy-mute");
    mute_.get_accessible()->set_name("route mute");
    solo_.get_style_context()->add_class("sy-solo");
    solo_.get_accessible()->set_name("route solo");
    remove_button_.get_accessible()->set_name("remove route");
    remove_button_.set_tooltip_text("Remove the route (Delete on the patchbay)");
    for (auto* b : {&mute_, &solo_}) {
        const char* cmd = b == &mute_ ? "mute" : "solo";
        b->signal_toggled().connect([this, b, cmd] {
            if (updating_ || !selected_) return;
            link_.request({{"cmd", cmd}, {"from", selected_->first}, {"to", selected_->second}, {"on", b->get_active()}},
                          [this, cmd](const EngineReply& r) {
                              if (!r.ok) message_.emit(std::string("Could not ") + cmd + " the route: " + reply_error(r));
                          });
        });
    }
    remove_button_.signal_clicked().connect([this] { remove_.emit(); });
    buttons_.pack_start(mute_, false, false);
    buttons_.pack_start(solo_, false, false);
    buttons_.pack_end(remove_button_, false, false);
    pack_start(buttons_, false, false);

    budget_title_.set_xalign(0.0f);
    budget_title_.get_style_context()->add_class("sy-panel-title");
    budget_title_.set_margin_top(8);
    pack_start(budget_title_, false, false);
    pack_start(budget_, false, false);
    hint_.set_xalign(0.0f);
    hint_.set_line_wrap(true);
    hint_.get_style_context()->add_class("sy-hint");
    pack_start(hint_, false, false);
    refresh_controls();
    refresh_budget();
}

void RouteInspector::show_view(const EngineView& view) {
    view_ = view;
    if (selected_ && !view_.find_route(selected_->first, selected_->second)) selected_.reset();
    if (hovered_ && !view_.find_route(hovered_->first, hovered_->second)) hovered_.reset();
    refresh_controls();
    refresh_budget();
}

void RouteInspector::set_selected(std::optional<RouteKey> route) {
    if (route == selected_) return;
    selected_ = std::move(route);
    sender_.reset();
    refresh_controls();
    refresh_budget();
}

void RouteInspector::set_hovered(std::optional<RouteKey> route) {
    if (route == hovered_) return;
    hovered_ = std::move(route);
    refresh_budget();
}

void RouteInspector::set_threshold_ms(double ms) {
    threshold_ms_ = ms;
    refresh_budget();
}

void RouteInspector::refresh_controls() {
    updating_ = true;
    const RouteView* r = selected_ ? view_.find_route(selected_->first, selected_->second) : nullptr;
    for (Gtk::Widget* w : {static_cast<Gtk::Widget*>(&gain_), static_cast<Gtk::Widget*>(&mute_),
                           static_cast<Gtk::Widget*>(&solo_), static_cast<Gtk::Widget*>(&remove_button_)}) {
        w->set_sensitive(r != nullptr);
    }
    if (!r) {
        route_label_.set_text("No route selected");
        gain_db_.set_text("");
        mute_.set_active(false);
        solo_.set_active(false);
    } else {
        route_label_.set_text(arrow(*selected_));
        if (!sender_ || !sender_->busy()) {
            if (!gain_.has_grab()) gain_.set_value(r->gain_db ? std::clamp(*r->gain_db, kBottomDb, kTopDb) : kBottomDb);
            gain_db_.set_text(db_text(r->gain_db));
        }
        mute_.set_active(r->mute);
        solo_.set_active(r->solo);
    }
    updating_ = false;
}

void RouteInspector::on_gain_moved() {
    if (updating_ || !selected_) return;
    const double v = gain_.get_value();
    const std::optional<double> db = v <= kBottomDb + 1e-9 ? std::nullopt : std::optional<double>(std::round(v * 10) / 10);
    gain_db_.set_text(db_text(db));
    if (!sender_) {
        sender_ = std::make_unique<GainSender>(link_, nlohmann::json{{"from", selected_->first}, {"to", selected_->second}},
                                               [this](const std::string& why) { message_.emit("Could not set the route's gain: " + why); });
    }
    sender_->set(db);
}

void RouteInspector::refresh_budget() {
    for (auto& l : labels_) budget_.remove(*l);
    for (auto& b : bars_) budget_.remove(*b);
    labels_.clear();
    bars_.clear();
    budget_route_ = hovered_ ? hovered_ : selected_;
    if (!budget_route_) {
        budget_title_.set_text("Latency");
        hint_.set_text("Hover over a route, or select it (click its curve or dot, or Tab to it), to see what every "
                       "path through it costs. Drag from a port to a port to add a route; Delete removes the "
                       "selected one; right-click an endpoint for more.");
        hint_.show();
        return;
    }
    const auto paths = view_.paths_through(budget_route_->first, budget_route_->second);
    budget_title_.set_text("Latency through " + arrow(*budget_route_));
    hint_.set_text(paths.empty() ? "No complete path runs through this route yet (it ends on a bus with no way out)." : "");
    hint_.set_visible(paths.empty());
    double scale = threshold_ms_ * 1.25;
    for (const PathView* p : paths) scale = std::max(scale, p->total_ms);
    for (const PathView* p : paths) {
        char text[256];
        std::snprintf(text, sizeof text, "%s  <b>%.1f ms</b>%s", Glib::Markup::escape_text(p->text()).c_str(), p->total_ms,
                      p->total_ms > threshold_ms_ ? "  \u26a0" : "");
        auto label = std::make_unique<Gtk::Label>();
        label->set_markup(text);
        label->set_xalign(0.0f);
        label->set_ellipsize(Pango::ELLIPSIZE_MIDDLE);
        std::string parts;
        for (const auto& part : p->parts) {
            char line[160];
            std::snprintf(line, sizeof line, "%s%s %.1f", parts.empty() ? "" : " + ", latency_kind_label(part.kind), part.ms);
            parts += line;
        }
        label->set_tooltip_text(parts + " ms");
        auto bar = std::make_unique<LatencyBar>();
        bar->set(*p, scale, threshold_ms_);
        bar->get_accessible()->set_name("budget " + p->text());
        budget_.pack_start(*label, false, false);
        budget_.pack_start(*bar, false, false);
        label->show();
        bar->show();
        labels_.push_back(std::move(label));
        bars_.push_back(std::move(bar));
    }
}

} // namespace sy::gui
