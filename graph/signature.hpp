// Whether two models compile to the same Plan. The mixer (faders, mutes and
// solos of endpoints and routes) is not in a Plan: the engine hands those to
// the audio thread as per-route target gains, so a change of the mixer alone
// needs no new Plan. Everything else (endpoints, buses, routes, channel
// maps, the engine's settings) is the Plan's topology.
#pragma once

#include "graph/model.hpp"

namespace sy::graph {

bool same_topology(const Model& a, const Model& b);

} // namespace sy::graph
