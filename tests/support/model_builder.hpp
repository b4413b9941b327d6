// Small models for tests, built in code rather than parsed from JSON so the
// graph tests do not depend on the preset reader.
#pragma once

#include "graph/model.hpp"

namespace sy::test {

inline graph::Endpoint endpoint(const std::string& id, graph::EndpointKind kind, int channels) {
    graph::Endpoint e;
    e.id = id;
    e.kind = kind;
    e.channels = channels;
    return e;
}
inline graph::Endpoint input(const std::string& id, int channels = 2) {
    return endpoint(id, graph::EndpointKind::Input, channels);
}
inline graph::Endpoint bus(const std::string& id, int channels = 2) {
    return endpoint(id, graph::EndpointKind::Bus, channels);
}
inline graph::Endpoint output(const std::string& id, int channels = 2) {
    return endpoint(id, graph::EndpointKind::Output, channels);
}
inline graph::Route route(const std::string& from, const std::string& to, double gain_db = 0.0) {
    graph::Route r;
    r.from = from;
    r.to = to;
    r.gain_db = gain_db;
    return r;
}

// in (2) -> mix (2) -> out (2), plus in -> direct (2)
inline graph::Model small_model() {
    graph::Model m;
    m.name = "small";
    m.inputs = {input("in")};
    m.buses = {bus("mix")};
    m.outputs = {output("out"), output("direct")};
    m.routes = {route("in", "mix"), route("mix", "out"), route("in", "direct")};
    return m;
}

} // namespace sy::test
