// The state of Switchyard's connection to one audio server (JACK or
// PipeWire), as a small state machine: every change of it is a transition
// with a time, and the session rebuilds what depends on the server (ports,
// links, virtual devices, crossings, the hub, the budgets) on each one.
//
//   off         not wanted: no endpoint lives on this server
//   absent      wanted, never reached (no server yet: a late server comes here)
//   connecting  connected, not cycling yet (or freewheeling): its sizes are unknown
//   running     connected and cycling in real time
//   lost        was connected, the server went away; retried until it is back
//
// Control thread only: observe() is fed what the backend says each poll.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace sy::router {

enum class ServerState { Off, Absent, Connecting, Running, Lost };

const char* state_name(ServerState s);

struct ServerTransition {
    std::string server; // "jack" or "pipewire"
    ServerState from = ServerState::Off;
    ServerState to = ServerState::Off;
    // Seconds the server was gone, on the way back from lost; else 0.
    double gone_seconds = 0.0;
};

class ServerLink {
public:
    using Clock = std::chrono::steady_clock;

    explicit ServerLink(std::string server) : server_(std::move(server)) {}

    // Control thread only. What the backend says now: whether the server is
    // wanted at all, connected, and cycling in real time. Returns the
    // transition when the state changed.
    std::optional<ServerTransition> observe(bool wanted, bool connected, bool cycling,
                                            Clock::time_point now = Clock::now());

    ServerState state() const { return state_; }
    // Connected (connecting or running): it can be the hub.
    bool connected() const { return state_ == ServerState::Connecting || state_ == ServerState::Running; }
    bool running() const { return state_ == ServerState::Running; }
    Clock::time_point since() const { return since_; }
    std::uint64_t losses() const { return losses_; }
    const std::string& server() const { return server_; }
    // "running", "lost 1.2 s ago (2 losses)", ...: for status lines.
    std::string describe(Clock::time_point now = Clock::now()) const;

private:
    std::string server_;
    ServerState state_ = ServerState::Off;
    Clock::time_point since_ = Clock::now();
    bool ever_connected_ = false;
    std::uint64_t losses_ = 0;
};

} // namespace sy::router
