#include "graph/plan.hpp"

namespace sy::graph {

const PlanEndpoint* Plan::find(const std::string& id) const {
    for (const auto& e : endpoints) {
        if (e.id == id) return &e;
    }
    return nullptr;
}

} // namespace sy::graph
