// What the PipeWire side is told about each endpoint it serves, what it
// calls on every audio cycle, and what it reports back.
#pragma once

#include <string>
#include <vector>

#include "graph/model.hpp"
#include "router/engine/io_table.hpp"
#include "router/engine/port_status.hpp"

namespace sy::router {

struct PipewireEndpoint {
    std::string id;
    bool input; // true: audio flows from PipeWire into Switchyard
    int channels;
    int slot; // engine endpoint slot: the IoTable row this endpoint fills
    graph::PipewireSpec spec;
    // A JACK endpoint served from the node, for when the JACK library is
    // PipeWire's own (one clock domain, no bridge): its ports are linked to
    // the ports pipewire-jack's clients call `jack_connect`, one per channel.
    bool jack = false;
    std::vector<std::string> jack_connect{};
};

// Audio thread callback: `io` rows [slot][channel] point at this cycle's port
// buffers (inputs readable, outputs writable; nullptr where a port has no
// buffer this cycle); `now` is the cycle's start in CLOCK_MONOTONIC seconds.
using ProcessFn = void (*)(void* user, int frames, const IoTable& io, double now);

struct PipewireEndpointStatus {
    std::string id;
    // "linked", "linking to NODE", "waiting for node NODE",
    // "virtual sink NODE", "virtual source NODE", "ports", "error: ...",
    // "PipeWire server gone", ...
    std::string state;
    bool ready = false; // audio can flow: every link is in place (or plain ports exist)
    std::string node;   // the PipeWire node.name the endpoint is linked to, or ""
    int links = 0;      // links in place
    int wanted = 0;     // links the endpoint needs
    std::vector<PortStatus> ports; // with PortDetail::List: ours on the node, in channel order, once PipeWire lists them
};

} // namespace sy::router
