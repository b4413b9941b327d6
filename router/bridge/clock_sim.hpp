// Two sound cards on two clocks, simulated: the writer's and the reader's
// callbacks of one Bridge, run in the order their clocks put them in, in
// simulated time. Deterministic (no threads, no real time), so a bridge can
// be held to figures over an hour in seconds, and `switchyard render --drift`
// gives the same bytes every time.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "router/bridge/bridge.hpp"
#include "router/bridge/clock_rate.hpp"
#include "router/bridge/lateness_quantiles.hpp"

namespace sy::router {

// What a run showed, from the reader's side after each of its callbacks.
struct ClockSimFigures {
    double first_lock_seconds = -1.0; // simulated time of the first lock; < 0: never
    double last_lock_seconds = -1.0;  // of the latest lock (after a stall: the relock)
    double max_error_after_lock = 0.0; // largest |fill - target| since the first lock, writer frames
    std::uint64_t underruns_after_lock = 0;
    std::uint64_t overruns_after_lock = 0;
    std::uint64_t lock_losses = 0; // locked -> unlocked transitions after the first lock
    double mean_ratio_after_lock = 1.0; // the loop's ratio factor, averaged over reads since the first lock
    double min_ratio_after_lock = 1.0;
    double max_ratio_after_lock = 1.0;
};

class ClockSim {
public:
    // Fills `frames` frames per channel for the next writer callback.
    using Source = std::function<void(float* const* channels, int frames)>;
    // Takes what the next reader callback read.
    using Sink = std::function<void(const float* const* channels, int frames)>;

    // The bridge's rates and periods are the two clocks' nominal ones; each
    // clock then runs `ppm` parts per million fast (negative: slow). Writer
    // callback k (from 0) comes when its block is complete, when its clock
    // has counted (k + 1) * writer_period frames; reader callback j when its
    // block starts, at j * reader_period frames (clock_rate.hpp). A missing
    // source writes silence; a missing sink drops what was read.
    ClockSim(const BridgeConfig& config, double writer_ppm, double reader_ppm, Source source = {},
             Sink sink = {});

    Bridge& bridge() { return bridge_; }

    // Before the first callback: the side's offset also changes linearly
    // from time 0 on (clock_rate.hpp), on top of its fixed ppm.
    void set_writer_drift(const DriftRamp& ramp) { writer_.set_drift(ramp); }
    void set_reader_drift(const DriftRamp& ramp) { reader_.set_drift(ramp); }
    const ClockRate& writer_clock() const { return writer_.clock; }
    const ClockRate& reader_clock() const { return reader_.clock; }

    // The side's callbacks due in [from, until) seconds do not happen: a
    // device that stopped delivering, or a stalled thread.
    void stall_writer(double from, double until) { writer_.stalls.push_back({from, until}); }
    void stall_reader(double from, double until) { reader_.stalls.push_back({from, until}); }

    // Each callback comes (and is timestamped) up to `seconds` late, a
    // different amount each time, as a thread woken on a busy machine is:
    // pseudo-random but the same on every run. At most 90 % of the side's
    // period, so a side's callbacks keep their order.
    void set_writer_jitter(double seconds) { set_writer_timing({seconds, Wakeup::Uniform, Stamp::Wakeup}); }
    void set_reader_jitter(double seconds) { set_reader_timing({seconds, Wakeup::Uniform, Stamp::Wakeup}); }

    // How late a callback wakes: uniformly up to `jitter` (at most 90 % of
    // the period); or a Gaussian of that deviation either side of its time
    // (cut at 45 % of the period either way); or as on a busy machine, most
    // a little late (uniformly up to a 40th of `jitter`) and one in 50 up to
    // `jitter`, the pattern of a server's callbacks on a loaded machine (the
    // figures seen, and the tests that use them: docs/measurements.md); or
    // drawn from a measured table of quantiles (`measured`, which may run
    // past a period: `jitter` is not used). Whatever the draw, a callback
    // never wakes before the side's previous one did, so a side's callbacks
    // keep their order (a thread woken late delays the next).
    enum class Wakeup { Uniform, Gaussian, Busy, Measured };
    // What the callback is told `now` is. Wakeup: the time it woke, jitter
    // and all (a clock read in the callback). Driver: the period's exact
    // time, whenever the thread got to run (PipeWire's clock.nsec for a
    // timer-driven graph). Dll: the wake times through the delay-locked loop
    // JACK2 hands out jack_get_cycle_times from (0.01 of the error a period,
    // second order, in whole microseconds from a period rounded down): little
    // noise from one period to the next, but a wander of tens of microseconds
    // over seconds; long settled when a bridge starts, started over cold
    // after a stall.
    enum class Stamp { Wakeup, Driver, Dll };
    struct Timing {
        double jitter = 0.0; // seconds
        Wakeup wakeup = Wakeup::Uniform;
        Stamp stamp = Stamp::Wakeup;
        std::span<const LatenessQuantile> measured = {}; // Wakeup::Measured's table; must outlive the sim
    };
    // `run` picks another draw of the same timing (the same for the same
    // run): for figures over many runs rather than one.
    void set_writer_timing(const Timing& timing, std::uint64_t run = 0) {
        writer_.set_timing(timing, 0x5752495445ull + run);
    }
    void set_reader_timing(const Timing& timing, std::uint64_t run = 0) {
        reader_.set_timing(timing, 0x5245414445ull + run);
    }

    // Runs every callback due before `seconds`, in time order (the writer
    // first when both are due at once).
    void run_until(double seconds);
    // Runs callbacks in time order until the reader has been called `count`
    // more times.
    void run_reads(std::uint64_t count);

    // One callback as it happened, for whoever wants the times (tests, and
    // a bridge that takes the time a writer's frames landed).
    struct Callback {
        bool writer = false;
        std::uint64_t index = 0; // the side's callbacks from 0, stalled ones counted
        double due = 0.0;        // when its clock put it
        double woke = 0.0;       // when it ran: due plus lateness; a writer's frames land in the ring then
        double stamp = 0.0;      // the `now` it gave the bridge (unset when stalled)
        bool stalled = false;    // it did not happen
    };
    using Trace = std::function<void(const Callback&)>;
    void set_trace(Trace trace) { trace_ = std::move(trace); }

    double now() const { return now_; }
    std::uint64_t reads() const { return reader_.calls; }
    const ClockSimFigures& figures() const { return figures_; }

private:
    struct Stall {
        double from;
        double until;
    };
    struct Side {
        ClockRate clock;
        int period;
        double offset; // callback k is due when the clock has counted (k + offset) * period frames
        Timing timing;
        std::uint64_t seed = 0;
        std::uint64_t next = 0;
        std::uint64_t calls = 0;
        double previous_woke = -std::numeric_limits<double>::infinity();
        std::vector<Stall> stalls;
        std::vector<std::vector<float>> buffers;
        std::vector<float*> pointers;
        // The Dll stamp's state, in microseconds.
        bool dll_running = false;
        double dll_current = 0.0;
        double dll_next = 0.0;
        double dll_integral = 0.0;

        double on_time() const;
        double on_time(double index) const;
        double lateness() const; // of callback `next`, drawn afresh (the same every run)
        double due() const;
        double period_seconds() const { return period / clock.rate_at(0.0); }
        bool stalled(double t) const;
        void set_timing(const Timing& timing, std::uint64_t seed);
        void set_drift(const DriftRamp& ramp);
        // The `now` the callback that woke at `woke` is given.
        double stamp(double woke);
        double dll_step(double woke);
    };

    void run_next();
    void write_block(const Callback& call);
    void read_block(const Callback& call);
    void observe(double t);

    Bridge bridge_;
    Source source_;
    Sink sink_;
    Trace trace_;
    Side writer_;
    Side reader_;
    double now_ = 0.0;
    ClockSimFigures figures_;
    bool was_locked_ = false;
    std::uint64_t underruns_at_lock_ = 0;
    std::uint64_t overruns_at_lock_ = 0;
    double ratio_sum_ = 0.0;
    std::uint64_t reads_since_lock_ = 0;
};

// A whole stream through a bridge between two simulated clocks, for offline
// render: `in` (one vector per channel, at config.writer_rate; silence after
// its end) is written by a clock `writer_ppm` off, read by one `reader_ppm`
// off, and `out_frames` frames per channel come back at config.reader_rate,
// less the bridge's latency (its first round(latency_reader_frames()) frames
// are dropped) so that at 0 ppm the output lines up with the input in time.
struct BridgedStream {
    std::vector<std::vector<float>> channels;
    std::string error; // empty when the bridge could be built
};

BridgedStream play_through_bridge(const BridgeConfig& config, double writer_ppm, double reader_ppm,
                                  const std::vector<std::vector<float>>& in, std::size_t out_frames);

} // namespace sy::router
