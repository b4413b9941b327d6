#include "gui/endpoint_box.hpp"

#include <cstdio>

#include <atkmm/object.h>

#include "gui/theme.hpp"

namespace sy::gui {

namespace {

std::string badge_of(const EndpointView& e) {
    std::string server = e.server == "jack" ? "JACK" : e.server == "pipewire" ? "PW" : "BUS";
    std::string s = server + " \u00b7 " + std::to_string(e.channels) + " ch";
    if (e.rate) {
        char rate[32];
        std::snprintf(rate, sizeof rate, " \u00b7 %gk", *e.rate / 1000.0);
        s += rate;
    }
    return s;
}

} // namespace

EndpointBox::EndpointBox(const EndpointView& e) : id_(e.id), kind_(e.kind) {
    set_shadow_type(Gtk::SHADOW_NONE);
    set_size_request(kWidth, -1);
    auto style = get_style_context();
    style->add_class("sy-endpoint");
    style->add_class(kind_css_class(e.kind));
    if (!e.ready) style->add_class("sy-waiting");

    name_.set_text(e.id);
    name_.set_xalign(0.0f);
    name_.set_ellipsize(Pango::ELLIPSIZE_END);
    badge_.set_text(badge_of(e));
    badge_.get_style_context()->add_class("sy-hint");
    title_row_.pack_start(name_, true, true);
    title_row_.pack_end(badge_, false, false);
    title_.add(title_row_);
    title_.set_relief(Gtk::RELIEF_NONE);
    title_.get_style_context()->add_class("sy-endpoint-title");
    title_.get_accessible()->set_name(accessible_name());
    column_.pack_start(title_, false, false);

    // What a person needs to know about where it lives, or why it waits.
    std::string line = e.ready ? (e.detail.empty() ? e.state : e.detail) : e.state;
    if (e.kind == EndpointKind::bus && e.detail.empty()) line = "mixes inside the engine";
    detail_.set_text(line);
    detail_.set_xalign(0.0f);
    detail_.set_ellipsize(Pango::ELLIPSIZE_END);
    detail_.get_style_context()->add_class("sy-endpoint-detail");
    if (!line.empty()) column_.pack_start(detail_, false, false);

    for (int c = 0; c < e.channels; ++c) {
        ports_.push_back(std::make_unique<PortButton>(e.id, e.kind, c, e.channels));
        if (static_cast<std::size_t>(c) < e.ports.size())
            ports_.back()->show_server_port(e.ports[static_cast<std::size_t>(c)].name,
                                            e.ports[static_cast<std::size_t>(c)].connections);
        column_.pack_start(*ports_.back(), false, false);
    }
    column_.set_margin_bottom(5);
    add(column_);

    std::string tip = std::string(kind_name(e.kind)) + " " + e.id;
    if (!e.detail.empty()) tip += "\n" + e.detail;
    if (!e.state.empty()) tip += "\n" + std::string(e.ready ? "" : "waiting: ") + e.state;
    tip += "\nRight-click (or Shift+F10 on its title) for routes, rename, remove";
    set_tooltip_text(tip);
    title_.set_tooltip_text(tip);
    show_all();
}

std::string EndpointBox::accessible_name() const { return std::string(kind_name(kind_)) + " " + id_; }

} // namespace sy::gui
