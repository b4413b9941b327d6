// One of our ports as its server sees it: its full name (what pw-link or
// jack_connect take) and the ports it is connected to right now, ours or
// anyone's. What a patchbay draws next to an endpoint.
#pragma once

#include <string>
#include <vector>

namespace sy::router {

struct PortStatus {
    std::string name;
    std::vector<std::string> connections;
};

// Whether a status call lists the ports too. Only `ctl endpoints` asks: the
// status line and the device events poll every second and need no more
// than the state, and listing costs a walk of every connection.
enum class PortDetail { Omit, List };

// A JACK endpoint's state line, on a JACK server or served by the PipeWire
// node: "ports" when it asks for no connection, else "1/2 connections",
// with what it waits for while some are missing.
inline std::string jack_connection_state(int connected, int wanted) {
    if (wanted == 0) return "ports";
    std::string state = std::to_string(connected) + "/" + std::to_string(wanted) + " connections";
    if (connected < wanted) state += " (waiting for the others' ports)";
    return state;
}

} // namespace sy::router
