#include "graph/reported_latency.hpp"

#include <algorithm>

namespace sy::graph {

double own_frames(const PathBudget& budget) {
    double frames = 0.0;
    for (const auto& p : budget.parts) {
        if (p.kind != "device") frames += p.frames;
    }
    return frames;
}

std::vector<EndpointLatency> endpoint_latencies(const std::vector<PathBudget>& budgets, double scale) {
    std::vector<EndpointLatency> inputs;
    std::vector<EndpointLatency> outputs;
    auto add = [](std::vector<EndpointLatency>& list, const std::string& id, bool input, LatencyTerm term) {
        auto it = std::find_if(list.begin(), list.end(), [&](const EndpointLatency& e) { return e.id == id; });
        if (it == list.end()) it = list.insert(list.end(), EndpointLatency{id, input, {}});
        it->terms.push_back(std::move(term));
    };
    for (const auto& b : budgets) {
        if (b.hops.size() < 2) continue;
        const double own = own_frames(b) * scale;
        add(inputs, b.hops.front(), true, {b.hops.back(), own});
        add(outputs, b.hops.back(), false, {b.hops.front(), own});
    }
    inputs.insert(inputs.end(), std::make_move_iterator(outputs.begin()), std::make_move_iterator(outputs.end()));
    return inputs;
}

} // namespace sy::graph
