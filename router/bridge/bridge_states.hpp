// A bridge's reader as a state machine: the states it can be in, the events
// that move it, and the one table of transitions (bridge_states.cpp). What
// each state does to the loop is Bridge's (bridge.cpp); which state it is in,
// and which event takes it where, is decided here only.
#pragma once

#include <cstdint>

namespace sy::router {

enum class BridgeState : std::uint8_t {
    // Nothing written since the start (or a reset): silence, not a dropout.
    Waiting,
    // The loop at its wide bandwidth, learning the clocks' rate difference
    // and bringing the fill to its target; for a fixed time.
    Acquiring,
    // Acquiring's time is over: the bandwidth falls towards tracking's while
    // the error holds within the lock band, and the rate is the slope of a
    // line through every position since acquiring began.
    Narrowing,
    // At tracking's bandwidth with a rate the loop locked with before (or
    // was given at the start), after a resync: waiting out the lock hold.
    Tracking,
    // At tracking's bandwidth, the error held within the lock band for the
    // lock hold: the only state a bridge reports as locked.
    Locked,
    // The writer stopped after it had started: silence, counted as
    // underruns, until it writes again.
    Stalled,
};

// "waiting", "acquiring", "narrowing", "tracking", "locked", "stalled": for
// status lines, logs and tests.
const char* bridge_state_name(BridgeState state);

// What the reader saw (or the control thread did) that may move a bridge to
// another state.
enum class BridgeEvent : std::uint8_t {
    // The ring was put back at its target by skipping or padding: the writer
    // wrote again after Waiting or Stalled, or a stall, a lost cycle or an
    // overrun stepped the fill while running.
    Resync,
    // The same, but the error was already past the unlock band before it: a
    // slow drift to the resync limit, so a rate learnt before is wrong.
    ResyncAfterDrift,
    // Acquiring's time is over.
    AcquiringOver,
    // The smoothed error left the unlock band.
    ErrorLost,
    // The smoothed error held within the lock band for the lock hold, at
    // tracking's bandwidth.
    ErrorHeld,
    // The resampler ran out of input: the writer has stopped.
    RanDry,
    // Control thread: the clocks' rate difference is known already
    // (Bridge::start_with_rate()).
    RateGiven,
    // Control thread: Bridge::reset().
    Reset,
};

// Where a bridge's reader stands. While Waiting or Stalled the loop is not
// run, and `held` is the phase it takes up again when the writer is back
// (Acquiring, or Tracking once a rate is known; what it was at a stall);
// otherwise `held` is not used.
struct BridgePhase {
    BridgeState state = BridgeState::Waiting;
    BridgeState held = BridgeState::Acquiring;
    friend bool operator==(const BridgePhase&, const BridgePhase&) = default;
};

// The transitions, all of them: where `now` goes when `what` happens. An
// event a state does not react to leaves it where it is. Pure, so any
// thread; it neither allocates nor blocks.
BridgePhase next_phase(BridgePhase now, BridgeEvent what);

// Waiting and Stalled: the loop is not running.
inline bool bridge_waits(BridgeState state) {
    return state == BridgeState::Waiting || state == BridgeState::Stalled;
}

// Acquiring and Narrowing: the loop has not yet locked with a rate, so the
// rate is still being learnt (from the line fit, once narrowing).
inline bool bridge_learns_rate(BridgeState state) {
    return state == BridgeState::Acquiring || state == BridgeState::Narrowing;
}

} // namespace sy::router
