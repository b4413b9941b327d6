// How much a bridge keeps in its ring beyond the two periods: its margin,
// sized from how late its writer is measured to land frames
// (lateness_window.hpp), not fixed. A fixed margin is too much on a good
// card (zita-ajbridge runs with none beyond the periods and the resampler)
// and too little on a loaded desktop; only measuring tells them apart.
//
// margin = max(floor, lateness term + loop) + what underruns added
//
// where the lateness term comes from the writer's lateness over the last
// minute and loop is how far the locked loop lets the fill stray from its
// target: at least the band it locks within, more when it was seen
// straying further (a clock whose rate keeps changing, a crystal warming
// up, pulls a loop this slow behind by up to a millisecond). The two modes
// are:
//
// - low:  p99.9, floor 0.25 ms. As tight as the measurement allows; one
//         late landing in a thousand may already eat into the loop's band.
// - safe: 1.5 x p99.9 or the minute's latest landing, whichever is more;
//         floor 1 ms. Room for a minute busier than the last, and for
//         every landing of the last minute: on a host whose lateness has a
//         long tail (a shared VM: p99.9 2.7 ms, its latest 8.5 ms) the
//         tail comes back minute after minute, and a margin from p99.9
//         alone ran dry there about every five minutes (bench
//         bridge_sim_figures, profile vm). A single late landing moves
//         little: the margin glides, and the landing leaves the window a
//         minute later.
//
// An underrun means the lateness outran the margin: the margin grows at
// once by the shortfall plus the loop bound (the ring is padded to it when
// the writer is back, the gap is there already), and that extra wears off
// slowly, after a hold, so a late spike every few minutes does not make the
// margin saw up and down.
#pragma once

#include <string>

#include "dsp/latency_mode.hpp"

namespace sy::router {

using dsp::LatencyMode;
using dsp::latency_mode_name;

struct MarginPolicy {
    static constexpr double kLoopBoundSeconds = 0.25e-3;
    static constexpr double kLowFloorSeconds = 0.25e-3;
    static constexpr double kSafeFloorSeconds = 1e-3;
    static constexpr double kSafeScale = 1.5;
    // No margin beyond this, whatever was measured: a writer this late is
    // stalling, not jittering, and the ring is sized for it.
    static constexpr double kMaxSeconds = 20e-3;
    // What underruns may add at most, and how it wears off: held for a
    // minute after the last underrun, then 1 ms a minute.
    static constexpr double kMaxExtraSeconds = 10e-3;
    static constexpr double kExtraHoldSeconds = 60.0;
    static constexpr double kExtraDecayPerSecond = 1e-3 / 60.0;
};

// How late the writer lands its frames, in seconds, over the last minute.
struct MeasuredLateness {
    double p999 = 0.0;
    double latest = 0.0; // the latest landing; safe mode covers it
};

// The margin, in seconds, for a writer that late with `extra` added by
// underruns. `loop` below the loop bound counts as the bound.
double bridge_margin_seconds(LatencyMode mode, MeasuredLateness lateness, double extra, double loop = 0.0);

// Why a bridge holds the margin it does, in a person's words:
// "low: p99.9 lateness 0.42 ms + loop 0.25 ms" (and "+ 1.1 ms after
// underruns" when there were some).
std::string bridge_margin_reason(LatencyMode mode, MeasuredLateness lateness, double extra, double loop = 0.0);

} // namespace sy::router
