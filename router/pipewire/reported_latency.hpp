// The Latency param one endpoint's ports on our PipeWire node publish: over
// the paths through the endpoint, our own part of each (in frames, the
// param's rate field) added to what PipeWire told the port at the path's
// other end about the latency beyond it, when that end is on the node too.
// PipeWire's own units (quantum, rate, ns) are kept as they came, so the
// figure stays true when the quantum changes.
#pragma once

#include <spa/param/latency-utils.h>

#include <functional>
#include <optional>
#include <string>

#include "graph/reported_latency.hpp"

namespace sy::router {

// What the ports of endpoint `id` heard in `direction`, combined over its
// ports; nullopt when `id` has no ports on the node.
using HeardLatency = std::function<std::optional<spa_latency_info>(const std::string& id)>;

// The param for the ports of `e` in `direction` (SPA_DIRECTION_INPUT for
// an input endpoint: what it plays towards; SPA_DIRECTION_OUTPUT for an
// output: what it hears from). Own parts are in frames at the graph rate.
spa_latency_info pipewire_reported_latency(const graph::EndpointLatency& e, spa_direction direction,
                                           const HeardLatency& heard);

} // namespace sy::router
