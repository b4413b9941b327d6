#include "gui/latency_bar.hpp"

#include <algorithm>
#include <cstdio>

namespace sy::gui {

LatencyBar::LatencyBar() {
    set_size_request(120, 12);
    set_hexpand(true);
}

void LatencyBar::set(const PathView& path, double scale_ms, double threshold_ms) {
    parts_ = path.parts;
    total_ms_ = path.total_ms;
    scale_ms_ = std::max(scale_ms, 0.001);
    threshold_ms_ = threshold_ms;
    std::string tip = path.text();
    if (!path.runs_in.empty()) tip += " (in " + path.runs_in + "'s cycle)";
    char line[160];
    for (const auto& p : parts_) {
        std::snprintf(line, sizeof line, "\n%s: %.2f ms (%s)", p.name.c_str(), p.ms, latency_kind_label(p.kind));
        tip += line;
        if (!p.why.empty()) tip += " [" + p.why + "]";
    }
    std::snprintf(line, sizeof line, "\ntotal: %.2f ms", total_ms_);
    set_tooltip_text(tip + line);
    queue_draw();
}

bool LatencyBar::on_draw(const Cairo::RefPtr<Cairo::Context>& cr) {
    const double w = get_allocated_width(), h = get_allocated_height();
    cr->set_source_rgba(1, 1, 1, 0.06);
    cr->rectangle(0, 0, w, h);
    cr->fill();
    double x = 0;
    for (const auto& p : parts_) {
        const double seg = std::max(0.0, p.ms / scale_ms_ * w);
        const Rgb c = latency_kind_colour(p.kind);
        cr->set_source_rgb(c.r, c.g, c.b);
        cr->rectangle(x, 0, std::min(seg, w - x), h);
        cr->fill();
        x += seg;
        // A hairline between parts of the same kind keeps them countable.
        cr->set_source_rgba(0.1, 0.11, 0.13, 0.9);
        cr->rectangle(std::min(x, w) - 1, 0, 1, h);
        cr->fill();
        if (x >= w) break;
    }
    if (threshold_ms_ > 0 && threshold_ms_ <= scale_ms_) {
        const double tx = threshold_ms_ / scale_ms_ * w;
        cr->set_source_rgba(1.0, 0.45, 0.42, 0.95);
        cr->rectangle(tx - 1, -1, 2, h + 2);
        cr->fill();
    }
    return true;
}

LatencyLegend::LatencyLegend() { set_size_request(300, 16); }

bool LatencyLegend::on_draw(const Cairo::RefPtr<Cairo::Context>& cr) {
    double x = 0;
    const double h = get_allocated_height();
    Pango::FontDescription font("Sans 8");
    for (int k = 0; k < kLatencyKinds - 1; ++k) { // "other" needs no key
        const auto kind = static_cast<LatencyKind>(k);
        const Rgb c = latency_kind_colour(kind);
        cr->set_source_rgb(c.r, c.g, c.b);
        cr->rectangle(x, (h - 9) / 2, 9, 9);
        cr->fill();
        auto layout = create_pango_layout(latency_kind_label(kind));
        layout->set_font_description(font);
        int tw = 0, th = 0;
        layout->get_pixel_size(tw, th);
        cr->set_source_rgba(0.8, 0.82, 0.86, 1);
        cr->move_to(x + 12, (h - th) / 2);
        layout->show_in_cairo_context(cr);
        x += 12 + tw + 12;
    }
    return true;
}

} // namespace sy::gui
