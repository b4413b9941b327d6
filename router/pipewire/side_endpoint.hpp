// What PipewireSide keeps for each endpoint: shared by its start-up and
// reconnection code (side.cpp) and its live model changes
// (side_update.cpp).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "router/pipewire/port_latency.hpp"
#include "router/pipewire/side.hpp"
#include "router/pipewire/virtual_device.hpp"

namespace sy::router {

struct PipewireSide::Endpoint {
    PipewireEndpoint spec;
    std::vector<std::string> port_names; // ours, in channel order
    std::unique_ptr<PipewireVirtualDevice> device;
    PipewirePortLatency latency;
    PipewireEndpointStatus status;
};

} // namespace sy::router
