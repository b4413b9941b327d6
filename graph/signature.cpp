#include "graph/signature.hpp"

#include <algorithm>

namespace sy::graph {
namespace {

// Every field of an endpoint or a route but the mixer's (gain_db, mute,
// solo). Field by field rather than on copies with the mixer cleared: this
// runs on every edit, and a fader move must stay cheap. A field added to
// Endpoint or Route belongs here unless the engine hands it to the audio
// thread without a Plan, as it does the mixer.
// An insert's controls and bypass reach the audio thread without a Plan,
// as the mixer does; which plugins run, and in which order, is topology.
bool same_inserts(const Inserts& a, const Inserts& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](const Insert& x, const Insert& y) { return x.id == y.id && x.kind() == y.kind(); });
}

bool same_shape(const Endpoint& a, const Endpoint& b) {
    return a.id == b.id && a.kind == b.kind && a.channels == b.channels && a.rate == b.rate && a.quality == b.quality &&
           a.latency == b.latency &&
           a.jack == b.jack && a.pipewire == b.pipewire && same_inserts(a.inserts, b.inserts);
}

bool same_shape(const Route& a, const Route& b) { return a.from == b.from && a.to == b.to && a.map == b.map; }

template <typename T>
bool same_shapes(const std::vector<T>& a, const std::vector<T>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const T& x, const T& y) { return same_shape(x, y); });
}

} // namespace

bool same_topology(const Model& a, const Model& b) {
    return a.engine == b.engine && same_shapes(a.inputs, b.inputs) && same_shapes(a.buses, b.buses) &&
           same_shapes(a.outputs, b.outputs) && same_shapes(a.routes, b.routes);
}

} // namespace sy::graph
