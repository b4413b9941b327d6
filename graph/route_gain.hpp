// The one place that says at what gain a route really plays: its own gain
// and mute, the mixer strips (faders, mutes, solos) of the endpoints at its
// ends, and the solos of the other routes into the same destination.
#pragma once

#include <vector>

#include "graph/model.hpp"

namespace sy::graph {

// Linear target gains, one per route in model.routes order. For a route:
//   dB   = route.gain_db + fader of `from` (an input or a bus)
//          + fader of `to` when it is an output (a bus's own fader applies on
//          the routes out of it, so it is counted once on the way through);
//   0    when the route, its `from` or its output `to` is muted, when that dB
//          is -inf, or when solo silences it: a route is soloed when it or its
//          `from` endpoint is, and once any route into a bus or output is
//          soloed, every route into that destination that is not is silent.
// A route with everything at its default plays at exactly 1.0f, so a 0 dB
// path stays bit-perfect. Meant for a validated model; an id that names no
// endpoint adds no fader.
std::vector<float> route_target_gains(const Model& model);

} // namespace sy::graph
