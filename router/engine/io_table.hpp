// Where a driver puts its input samples and takes its output samples for one
// cycle: channel pointers indexed by endpoint slot. The driver fills it on the
// audio thread (e.g. from jack_port_get_buffer) and the engine copies between
// it and the Plan's buffers; a null pointer means "no data" (silence in, or
// nowhere to play out).
#pragma once

#include <array>

#include "graph/model.hpp"

namespace sy::router {

inline constexpr int kMaxEndpoints = 256;
inline constexpr int kMaxRoutes = 2048;

struct IoTable {
    std::array<std::array<float*, graph::kMaxChannels>, kMaxEndpoints> channel{};

    void clear() { channel = {}; }
};

} // namespace sy::router
