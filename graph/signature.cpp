#include "graph/signature.hpp"

namespace sy::graph {
namespace {

// The model with its mixer at the defaults, and without its name (which a
// Plan does not carry either).
Model topology_of(Model m) {
    m.name.clear();
    for (auto* list : {&m.inputs, &m.buses, &m.outputs}) {
        for (auto& e : *list) {
            e.gain_db = 0.0;
            e.mute = false;
            e.solo = false;
        }
    }
    for (auto& r : m.routes) {
        r.gain_db = 0.0;
        r.mute = false;
        r.solo = false;
    }
    return m;
}

} // namespace

bool same_topology(const Model& a, const Model& b) { return topology_of(a) == topology_of(b); }

} // namespace sy::graph
