// How a route's source channels land on its destination channels.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "graph/model.hpp"

namespace sy::graph {

struct Tap {
    int from = 0;
    int to = 0;
    float weight = 1.0f; // 1 for copies; 1/N when N channels average to mono
};

// The taps of a route between endpoints of from_channels and to_channels.
// Equal counts map 1:1, mono feeds every channel, N channels average into
// mono; anything else needs an explicit map. Returns nullopt (and sets *why)
// when the route cannot be mapped.
std::optional<std::vector<Tap>> channel_taps(const Route& route, int from_channels,
                                             int to_channels, std::string* why = nullptr);

} // namespace sy::graph
