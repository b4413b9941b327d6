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

} // namespace sy::router
