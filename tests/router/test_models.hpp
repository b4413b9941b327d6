// Models shared by the router tests.
#pragma once

#include "graph/model.hpp"

namespace sy::test {

inline graph::Endpoint make_endpoint(const std::string& id, graph::EndpointKind kind, int channels) {
    graph::Endpoint e;
    e.id = id;
    e.kind = kind;
    e.channels = channels;
    return e;
}

inline graph::Route make_route(const std::string& from, const std::string& to, double gain_db = 0.0) {
    graph::Route r;
    r.from = from;
    r.to = to;
    r.gain_db = gain_db;
    return r;
}

// Two mono inputs a and b, a stereo bus, a stereo output.
inline graph::Model two_in_one_bus(double gain_a_db) {
    using K = graph::EndpointKind;
    graph::Model m;
    m.inputs = {make_endpoint("a", K::Input, 1), make_endpoint("b", K::Input, 1)};
    m.buses = {make_endpoint("mix", K::Bus, 2)};
    m.outputs = {make_endpoint("out", K::Output, 2)};
    m.routes = {make_route("a", "mix", gain_a_db), make_route("b", "mix"), make_route("mix", "out")};
    return m;
}

} // namespace sy::test
