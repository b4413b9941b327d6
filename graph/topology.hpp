// The order in which buses must be mixed: a bus runs after every bus that
// feeds it. A cycle has no order; it is reported as the buses that form it.
#pragma once

#include <string>
#include <vector>

#include "graph/model.hpp"

namespace sy::graph {

struct BusOrder {
    std::vector<std::string> order; // every bus, feeders first; empty on a cycle
    std::vector<std::string> cycle; // e.g. {"a", "b", "a"} when a feeds b feeds a
    std::size_t cycle_route = 0;    // index of a route that closes the cycle
};

// Routes whose ends are not both buses are ignored here; unknown ids too.
BusOrder order_buses(const Model& model);

} // namespace sy::graph
