// Which server an endpoint lives on, and a walk over the endpoints that live
// on one (inputs and outputs; buses live inside the engine).
#pragma once

#include "graph/model.hpp"

namespace sy::router {

inline bool on_jack(const graph::Endpoint& e) { return e.jack.has_value(); }
inline bool on_pipewire(const graph::Endpoint& e) { return e.pipewire.has_value(); }

// fn(endpoint, is_input) for every input, then every output.
template <typename Fn>
void each_endpoint(const graph::Model& m, Fn fn) {
    for (const auto& e : m.inputs) fn(e, true);
    for (const auto& e : m.outputs) fn(e, false);
}

} // namespace sy::router
