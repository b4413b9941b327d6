// A route as the patchbay draws it: one cubic curve per pair of ports it
// joins, leaving the source's right edge and entering the destination's
// left edge horizontally. Geometry and Cairo drawing only; the canvas says
// where the ports are.
#pragma once

#include <optional>
#include <utility>
#include <vector>

#include <cairomm/context.h>

#include "gui/latency_parts.hpp"

namespace sy::gui {

// Which source channel feeds which destination channel, as the engine maps
// it (graph/channel_map.hpp): an explicit map as given; equal counts 1:1;
// mono into every channel; every channel into mono; otherwise none (such a
// route needs a map, and validation refuses it without one).
std::vector<std::pair<int, int>> route_port_pairs(int from_channels, int to_channels,
                                                  const std::optional<std::vector<std::pair<int, int>>>& map);

struct Point {
    double x = 0, y = 0;
};

class RouteCurve {
public:
    RouteCurve(Point from, Point to);

    Point at(double t) const;                  // t in [0, 1]
    double distance_to(Point p) const;         // to the nearest of 48 points along it
    void trace(const Cairo::RefPtr<Cairo::Context>& cr) const; // adds the path, strokes nothing

private:
    Point p0_, c0_, c1_, p1_;
};

struct RouteLook {
    Rgb colour;
    bool selected = false;
    bool hovered = false;
    bool highlighted = false; // on a path the paths panel picked
    bool muted = false;       // muted or silent: dashed and grey
    bool faint = false;       // an end is waiting for its device
};

void draw_route_curve(const Cairo::RefPtr<Cairo::Context>& cr, const RouteCurve& curve, const RouteLook& look);

} // namespace sy::gui
