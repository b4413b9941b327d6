// The two sides of the control socket's contract, so that the controller
// (what answers) and the server (what carries lines) know each other only
// through these: requests come in through a ControlHandler, events go out
// through an EventSink.
#pragma once

#include <cstdint>

#include <nlohmann/json.hpp>

namespace sy::router {

using ClientId = std::uint64_t;

// What the engine does with a request; implemented by the Controller.
class ControlHandler {
public:
    virtual ~ControlHandler() = default;
    // One request line that parsed as JSON (any value: non-objects are the
    // handler's to answer with bad_request). Returns the complete reply
    // ({"id":..,"ok":..,...}), sent back on that connection after any event
    // the handler send()s meanwhile.
    virtual nlohmann::json handle(ClientId client, const nlohmann::json& request) = 0;
    // The connection is gone (closed by the peer, an error, or a full queue);
    // its subscriptions go with it. Never called for a client that was
    // refused at accept, nor by close().
    virtual void disconnected(ClientId client) = 0;
};

// Where a handler's events go: one line to one client. Implemented by the
// ControlServer.
class EventSink {
public:
    virtual ~EventSink() = default;
    // Control thread only. Queues one event line for `client`; an unknown or
    // closed client is ignored.
    virtual void send(ClientId client, const nlohmann::json& message) = 0;
};

} // namespace sy::router
