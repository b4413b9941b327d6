// OSC for control surfaces (TouchOSC, Open Stage Control, a hardware
// controller's bridge): UDP messages turned into the same requests the
// control socket takes and run through the Controller, validated the same
// way. liblo parses the messages; the socket is our own because liblo 0.31
// cannot bind a unicast address, and by default only loopback may talk to us.
//
//   /switchyard/route/<from>/<to>/gain_db f    /switchyard/route/<from>/<to>/mute i
//   /switchyard/endpoint/<id>/gain_db f        /switchyard/endpoint/<id>/mute i
//   /switchyard/endpoint/<id>/solo i           /switchyard/preset/load s
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace sy::router {

class Controller;

// The request an OSC message stands for, or why there is none. `path` is
// the OSC address; `types` its type tags (no comma) and `number`/`text` its
// first argument as read.
struct OscRequest {
    std::optional<nlohmann::json> request;
    std::string error;
};
OscRequest osc_to_request(const std::string& path, const std::string& types, double number, const std::string& text);

class OscBridge {
public:
    OscBridge() = default;
    ~OscBridge();
    OscBridge(const OscBridge&) = delete;
    OscBridge& operator=(const OscBridge&) = delete;

    // Control thread. Binds UDP `address`:`port` (IPv4 or IPv6 literal). "" or why not.
    std::string open(const std::string& address, int port);
    void close();
    int fd() const { return fd_; }
    int port() const { return port_; }

    // Control thread, when fd() is readable: runs every waiting message
    // through `controller`; what it refuses is said on stderr (OSC has no
    // replies).
    void receive(Controller& controller);

private:
    int fd_ = -1;
    int port_ = 0;
};

} // namespace sy::router
