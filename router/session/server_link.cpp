#include "router/session/server_link.hpp"

#include <cstdio>

namespace sy::router {

const char* state_name(ServerState s) {
    switch (s) {
    case ServerState::Off: return "off";
    case ServerState::Absent: return "absent";
    case ServerState::Connecting: return "connecting";
    case ServerState::Running: return "running";
    case ServerState::Lost: break;
    }
    return "lost";
}

std::optional<ServerTransition> ServerLink::observe(bool wanted, bool connected, bool cycling, Clock::time_point now) {
    // control thread only. The one place where the state changes.
    ServerState next = ServerState::Off;
    if (!wanted) {
        next = ServerState::Off;
    } else if (!connected) {
        // A server seen once and gone is lost until it is back; one never
        // seen is absent (waited for, as a late server).
        next = ever_connected_ ? ServerState::Lost : ServerState::Absent;
    } else {
        next = cycling ? ServerState::Running : ServerState::Connecting;
    }
    if (next == state_) return std::nullopt;
    ServerTransition t{server_, state_, next, 0.0};
    if (state_ == ServerState::Lost && connected) t.gone_seconds = std::chrono::duration<double>(now - since_).count();
    if (next == ServerState::Lost) ++losses_;
    if (connected) ever_connected_ = true;
    if (!wanted) ever_connected_ = false;
    state_ = next;
    since_ = now;
    return t;
}

std::string ServerLink::describe(Clock::time_point now) const {
    const double s = std::chrono::duration<double>(now - since_).count();
    char buf[96];
    if (state_ == ServerState::Lost) {
        std::snprintf(buf, sizeof buf, "lost %.1f s ago (%llu losses)", s, static_cast<unsigned long long>(losses_));
    } else if (state_ == ServerState::Running && losses_ > 0) {
        std::snprintf(buf, sizeof buf, "running (back %.1f s, %llu losses)", s, static_cast<unsigned long long>(losses_));
    } else {
        std::snprintf(buf, sizeof buf, "%s", state_name(state_));
    }
    return buf;
}

} // namespace sy::router
