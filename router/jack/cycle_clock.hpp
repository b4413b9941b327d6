// When a JACK cycle's first frame was due, on CLOCK_MONOTONIC, from the
// server's frame counter and the time our callback woke: the timestamps the
// bridges steer by.
//
// Why not JACK's own cycle times (jack_get_cycle_times): JACK2 filters them
// with a DLL that it starts over after an xrun, and its times can then run
// off the true cycle starts for seconds, by a fraction of a percent in rate
// and milliseconds in time; the bridges read that as a clock thousands of
// ppm off, swing their ratio and the tone breaks up (what was seen:
// docs/measurements.md). The frame counter never lies (a lost cycle shows
// as two periods of frames, not one), and a callback never wakes before its
// cycle began: so the offset between our wake time and frames / rate has
// the true cycle start as its lower envelope, and a minimum over the last
// second finds it. Wakes scatter above that envelope, most by a fraction of
// a millisecond and a few by milliseconds, while the envelope itself holds
// within microseconds, xruns or not.
//
// A clock that runs off nominal (a real card, some ppm against the system
// clock) moves the envelope slowly; the window follows it at once when it
// falls and within the window when it rises: at 100 ppm the estimate lags
// by at most 0.13 ms, steady, which the bridges' loop absorbs. A counter
// that jumps (a server that restarted it) is one more such move: down at
// once, up within the window.
//
// Except for a step up: a server's counter may slip behind the system clock
// after a late wake (JACK's dummy backend does: its cycles then run some
// milliseconds later than their frames say, for good), and a whole window
// of timestamps that early reads to a bridge as a ring holding frames it
// does not. So when every wake of a short block (30 ms, at least 3 cycles)
// was over 1 ms past the envelope, the envelope moves up to that block's
// minimum at once. Ordinary lateness does not do that (late wakes come one
// at a time); a burst of late wakes that does costs nothing lasting, since
// the first wake on time brings it back down.
#pragma once

#include <array>
#include <cstdint>

namespace sy::router {

class CycleClock {
public:
    // Audio thread, or the control thread with the audio thread stopped.
    void reset(double rate);

    // Audio thread only: no allocation, no lock, no system call. `frame` is
    // the server's frame counter at the cycle's start (it may wrap), `wake`
    // the time the callback began, in CLOCK_MONOTONIC seconds. Returns the
    // time the cycle's first frame was due, on the same clock.
    double cycle_start(std::uint32_t frame, double wake);

private:
    static constexpr int kBlocks = 4; // the window: kBlocks blocks before the current one
    static constexpr double kBlockSeconds = 0.25;
    static constexpr double kShortSeconds = 0.03; // the block a step up must fill
    static constexpr int kShortCycles = 3;
    static constexpr double kStepSeconds = 0.001;

    double envelope() const;
    void follow_step_up(double offset);

    double rate_ = 48000.0;
    bool started_ = false;
    std::uint32_t last_frame_ = 0;
    std::int64_t frames_ = 0; // the counter, unwrapped, since reset
    std::array<double, kBlocks> done_{};
    int next_done_ = 0;
    double current_ = 0.0;         // this block's minimum offset
    std::int64_t block_frames_ = 0; // frames into this block
    double short_min_ = 0.0;         // this short block's minimum offset
    std::int64_t short_frames_ = 0;
    int short_cycles_ = 0;
};

} // namespace sy::router
