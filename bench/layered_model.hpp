// The benchmarks' graph: `nodes` endpoints, a third inputs, a third buses
// in a chain of layers, a third outputs; every node has two routes.
#pragma once

#include <string>

#include "graph/model.hpp"

namespace sy::bench {

using namespace sy::graph;

inline Endpoint node(const std::string& id, EndpointKind kind) {
    Endpoint e;
    e.id = id;
    e.kind = kind;
    e.channels = 2;
    return e;
}

inline Route route(const std::string& from, const std::string& to) {
    Route r;
    r.from = from;
    r.to = to;
    r.gain_db = -3.0;
    return r;
}

inline Model layered(int nodes) {
    Model m;
    const int third = nodes / 3;
    for (int i = 0; i < third; ++i) m.inputs.push_back(node("in" + std::to_string(i), EndpointKind::Input));
    for (int i = 0; i < third; ++i) m.buses.push_back(node("bus" + std::to_string(i), EndpointKind::Bus));
    for (int i = 0; i < nodes - 2 * third; ++i) m.outputs.push_back(node("out" + std::to_string(i), EndpointKind::Output));
    for (int i = 0; i < third; ++i) {
        m.routes.push_back(route("in" + std::to_string(i), "bus" + std::to_string(i)));
        m.routes.push_back(route("in" + std::to_string(i), "bus" + std::to_string((i + 1) % third)));
        if (i + 1 < third) m.routes.push_back(route("bus" + std::to_string(i), "bus" + std::to_string(i + 1)));
    }
    for (std::size_t o = 0; o < m.outputs.size(); ++o) {
        m.routes.push_back(route("bus" + std::to_string(static_cast<int>(o) % third), m.outputs[o].id));
        m.routes.push_back(route("in" + std::to_string(static_cast<int>(o) % third), m.outputs[o].id));
    }
    return m;
}

} // namespace sy::bench
