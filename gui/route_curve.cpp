#include "gui/route_curve.hpp"

#include <algorithm>
#include <cmath>

namespace sy::gui {

std::vector<std::pair<int, int>> route_port_pairs(int from_channels, int to_channels,
                                                  const std::optional<std::vector<std::pair<int, int>>>& map) {
    std::vector<std::pair<int, int>> pairs;
    if (map) {
        for (const auto& [f, t] : *map) {
            if (f >= 0 && f < from_channels && t >= 0 && t < to_channels) pairs.emplace_back(f, t);
        }
        return pairs;
    }
    if (from_channels == to_channels) {
        for (int c = 0; c < from_channels; ++c) pairs.emplace_back(c, c);
    } else if (from_channels == 1) {
        for (int c = 0; c < to_channels; ++c) pairs.emplace_back(0, c);
    } else if (to_channels == 1) {
        for (int c = 0; c < from_channels; ++c) pairs.emplace_back(c, 0);
    }
    return pairs;
}

RouteCurve::RouteCurve(Point from, Point to) : p0_(from), p1_(to) {
    // Horizontal tangents at both ends; a longer reach when the curve goes
    // backwards (bus to an earlier bus) so it loops instead of folding.
    const double dx = to.x - from.x;
    const double reach = dx > 0 ? std::max(40.0, dx * 0.5) : 80.0 + std::abs(dx) * 0.25;
    c0_ = {from.x + reach, from.y};
    c1_ = {to.x - reach, to.y};
}

Point RouteCurve::at(double t) const {
    const double u = 1.0 - t;
    const double a = u * u * u, b = 3 * u * u * t, c = 3 * u * t * t, d = t * t * t;
    return {a * p0_.x + b * c0_.x + c * c1_.x + d * p1_.x, a * p0_.y + b * c0_.y + c * c1_.y + d * p1_.y};
}

double RouteCurve::distance_to(Point p) const {
    double best = 1e300;
    Point prev = at(0.0);
    constexpr int kSteps = 48;
    for (int i = 1; i <= kSteps; ++i) {
        const Point next = at(static_cast<double>(i) / kSteps);
        // Distance to the segment prev-next.
        const double vx = next.x - prev.x, vy = next.y - prev.y;
        const double len2 = vx * vx + vy * vy;
        double s = len2 > 0 ? ((p.x - prev.x) * vx + (p.y - prev.y) * vy) / len2 : 0.0;
        s = std::clamp(s, 0.0, 1.0);
        const double qx = prev.x + s * vx - p.x, qy = prev.y + s * vy - p.y;
        best = std::min(best, std::sqrt(qx * qx + qy * qy));
        prev = next;
    }
    return best;
}

void RouteCurve::trace(const Cairo::RefPtr<Cairo::Context>& cr) const {
    cr->move_to(p0_.x, p0_.y);
    cr->curve_to(c0_.x, c0_.y, c1_.x, c1_.y, p1_.x, p1_.y);
}

void draw_route_curve(const Cairo::RefPtr<Cairo::Context>& cr, const RouteCurve& curve, const RouteLook& look) {
    cr->save();
    Rgb c = look.colour;
    if (look.muted) c = {0.55, 0.42, 0.42};
    const double alpha = look.faint ? 0.35 : 0.9;
    if (look.selected || look.highlighted) {
        // A soft halo under the line.
        curve.trace(cr);
        cr->set_line_width(9.0);
        cr->set_source_rgba(look.selected ? 1.0 : c.r, look.selected ? 0.84 : c.g, look.selected ? 0.29 : c.b, 0.25);
        cr->stroke();
    }
    curve.trace(cr);
    cr->set_line_cap(Cairo::LINE_CAP_ROUND);
    cr->set_line_width(look.selected ? 3.5 : look.hovered || look.highlighted ? 3.0 : 2.2);
    if (look.muted) cr->set_dash(std::vector<double>{6.0, 5.0}, 0.0);
    if (look.selected) {
        cr->set_source_rgba(1.0, 0.84, 0.29, 1.0);
    } else if (look.hovered) {
        cr->set_source_rgba(std::min(1.0, c.r + 0.25), std::min(1.0, c.g + 0.25), std::min(1.0, c.b + 0.25), 1.0);
    } else {
        cr->set_source_rgba(c.r, c.g, c.b, alpha);
    }
    cr->stroke();
    cr->restore();
}

} // namespace sy::gui
