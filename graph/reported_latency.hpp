// What Switchyard tells the servers about its own latency, endpoint by
// endpoint: the part of each path that is ours (bridges, resamplers, periods
// held in a ring), never the devices' own latency, which the servers add
// themselves along their graphs. A server adds, to each path's own part, the
// latency it knows beyond the path's other end when that end is on it too;
// over several paths the range goes from the smallest to the largest.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "graph/latency_budget.hpp"

namespace sy::graph {

// One path through an endpoint, seen from that endpoint.
struct LatencyTerm {
    std::string other;       // the path's other end: its input for an output, its output for an input
    double own_frames = 0.0; // Switchyard's own part of the path, in frames at the hub rate
    bool operator==(const LatencyTerm&) const = default;
};

// Every path through one endpoint. An input reports, on its ports, the
// playback latency of what it feeds; an output, the capture latency of what
// feeds it.
struct EndpointLatency {
    std::string id;
    bool input = true;
    std::vector<LatencyTerm> terms; // in path order; empty for an endpoint no path goes through
    bool operator==(const EndpointLatency&) const = default;
};

struct FrameRange {
    double min = 0.0;
    double max = 0.0;
};

// The parts of a budget that are not a device's ("device" kind): what
// Switchyard itself adds to the path.
double own_frames(const PathBudget& budget);

// Every endpoint that some path goes through, inputs first, each in the
// order its first path comes; own parts scaled by `scale` (a server's rate
// over the hub's, to count in that server's frames).
std::vector<EndpointLatency> endpoint_latencies(const std::vector<PathBudget>& budgets, double scale = 1.0);

// The range to report for one endpoint: over its terms, the own part plus
// what `beyond(other)` says lies past the other end (a FrameRange; {0, 0}
// when that end is not on the reporting server). {0, 0} with no terms.
template <typename Beyond>
FrameRange reported_range(const EndpointLatency& e, Beyond&& beyond) {
    if (e.terms.empty()) return {};
    FrameRange r{1e300, -1e300};
    for (const auto& t : e.terms) {
        const FrameRange b = beyond(t.other);
        r.min = std::min(r.min, t.own_frames + b.min);
        r.max = std::max(r.max, t.own_frames + b.max);
    }
    return r;
}

} // namespace sy::graph
