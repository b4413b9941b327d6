// When what was made for an endpoint can serve its next version, so that an
// edit that leaves an endpoint alike costs it no gap: the ports a server
// registered, the links and virtual device of a PipeWire endpoint, the
// bridge that carries it across servers. Each question compares exactly the
// fields what it keeps was made from; the comparisons they share are made
// here, once, so that a field added to an endpoint is weighed for all.
#pragma once

#include <optional>

#include "graph/model.hpp"

namespace sy::router {

// A server's ports made for `was` serve `now`: the same endpoint id (their
// names), direction and channel count. For the servers' own endpoint specs
// (JackEndpoint, PipewireEndpoint), which name these fields alike.
template <typename Spec>
bool same_ports(const Spec& was, const Spec& now) {
    return was.id == now.id && was.input == now.input && was.channels == now.channels;
}

// The same `pipewire` section: a PipeWire endpoint's links and virtual
// device are made from all of it (target, virtual kind, description).
inline bool same_pipewire_settings(const graph::PipewireSpec& a, const graph::PipewireSpec& b) { return a == b; }
inline bool same_pipewire_settings(const std::optional<graph::PipewireSpec>& a,
                                   const std::optional<graph::PipewireSpec>& b) {
    return a == b;
}

// The resampler quality a bridge for `e` runs at in latency mode `mode`:
// the one named, else Fast for `low` (a shorter filter: less delay, a
// little less stopband) and Medium for `safe`.
inline graph::Quality bridge_quality(const graph::Endpoint& e, graph::LatencyMode mode) {
    return e.quality.value_or(mode == graph::LatencyMode::Low ? graph::Quality::Fast : graph::Quality::Medium);
}

// A bridge made for input `e`'s signal with `channels` channels at
// `quality` in latency mode `bridge_mode` carries it in mode `mode`.
inline bool bridge_serves(const graph::Endpoint& e, graph::LatencyMode mode, int channels, graph::Quality quality,
                          graph::LatencyMode bridge_mode) {
    return e.channels == channels && bridge_quality(e, mode) == quality && mode == bridge_mode;
}

// Whether the servers see `next` as they saw `e` (the same endpoint, by id):
// then its ports, links and bridge stay. JACK connections are not part of
// it: they change in place. The quality is compared as written, so naming
// the default makes an endpoint new.
inline bool served_alike(const graph::Endpoint& e, const graph::Endpoint& next) {
    return e.kind == next.kind && e.channels == next.channels && e.jack.has_value() == next.jack.has_value() &&
           same_pipewire_settings(e.pipewire, next.pipewire) && e.quality == next.quality;
}

} // namespace sy::router
