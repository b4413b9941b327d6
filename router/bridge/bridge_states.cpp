// The bridge's transitions (next_phase(), all of them in one table), and the
// one place a Bridge changes state (Bridge::on()), with what each
// transition resets in the loop.
#include "router/bridge/bridge_states.hpp"

#include "router/bridge/bridge.hpp"

namespace sy::router {

const char* bridge_state_name(BridgeState state) {
    switch (state) {
    case BridgeState::Waiting: return "waiting";
    case BridgeState::Acquiring: return "acquiring";
    case BridgeState::Narrowing: return "narrowing";
    case BridgeState::Tracking: return "tracking";
    case BridgeState::Locked: return "locked";
    case BridgeState::Stalled: return "stalled";
    }
    return "unknown";
}

BridgePhase next_phase(BridgePhase now, BridgeEvent what) {
    using S = BridgeState;
    const S state = now.state;
    const bool waits = bridge_waits(state);
    switch (what) {
    case BridgeEvent::Resync:
    case BridgeEvent::ResyncAfterDrift: {
        // The writer back after a wait resyncs from the phase the wait held.
        const S loop = waits ? now.held : state;
        // While the rate is still being learnt, the line fit and the integral
        // stay true across a resync and learning goes on: starting over at
        // each xrun kept bridges unlocked. A rate learnt before goes on
        // tracking, unless a drift showed it wrong.
        if (bridge_learns_rate(loop)) return {loop, now.held};
        return {what == BridgeEvent::ResyncAfterDrift ? S::Acquiring : S::Tracking, now.held};
    }
    case BridgeEvent::AcquiringOver:
        return state == S::Acquiring ? BridgePhase{S::Narrowing, now.held} : now;
    case BridgeEvent::ErrorLost:
        // While acquiring the error may wander: acquiring is what follows it.
        return waits || state == S::Acquiring ? now : BridgePhase{S::Acquiring, now.held};
    case BridgeEvent::ErrorHeld:
        // Held at tracking's bandwidth, which acquiring never runs at.
        return waits || state == S::Acquiring ? now : BridgePhase{S::Locked, now.held};
    case BridgeEvent::RanDry:
        return waits ? now : BridgePhase{S::Stalled, state};
    case BridgeEvent::RateGiven:
        if (waits) return {state, S::Tracking};
        return bridge_learns_rate(state) ? BridgePhase{S::Tracking, now.held} : now;
    case BridgeEvent::Reset:
        return {S::Waiting, S::Acquiring};
    }
    return now;
}

void Bridge::on(BridgeEvent what) {
    // Reader thread only; the control thread for RateGiven and Reset, with
    // the reader stopped. The loop's phase before, for a wait the one held.
    const BridgeState before = bridge_waits(phase_.state) ? phase_.held : phase_.state;
    phase_ = next_phase(phase_, what);
    const BridgeState after = phase_.state;
    switch (what) {
    case BridgeEvent::Resync:
    case BridgeEvent::ResyncAfterDrift:
        // The error's history is void, and with it any time held in band.
        lock_seconds_ = 0.0;
        if (after == BridgeState::Acquiring && before != BridgeState::Acquiring) {
            start_acquiring();
        } else if (bridge_learns_rate(after)) {
            // The fit goes on; the step the resync made is no part of a rate.
            rate_fit_.new_segment();
        }
        break;
    case BridgeEvent::ErrorLost:
        if (after != before) start_acquiring();
        break;
    case BridgeEvent::AcquiringOver:
        narrowing_seconds_ = 0.0;
        break;
    case BridgeEvent::RanDry:
        lock_seconds_ = 0.0;
        break;
    case BridgeEvent::Reset:
        start_acquiring();
        break;
    case BridgeEvent::ErrorHeld:
    case BridgeEvent::RateGiven:
        break;
    }
}

void Bridge::start_acquiring() {
    // Reader thread only (or the control thread from reset()).
    lock_seconds_ = 0.0;
    acquiring_seconds_ = 0.0;
    narrowing_seconds_ = 0.0;
    rate_fit_ = {};
}

} // namespace sy::router
