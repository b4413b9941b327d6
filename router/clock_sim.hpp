// Two sound cards on two clocks, simulated: the writer's and the reader's
// callbacks of one Bridge, run in the order their clocks put them in, in
// simulated time. Deterministic (no threads, no real time), so a bridge can
// be held to figures over an hour in seconds, and `switchyard render --drift`
// gives the same bytes every time.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "router/bridge.hpp"

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
    // callback k (from 0) comes when its block is complete, at
    // (k + 1) * writer_period / true writer rate; reader callback j when its
    // block starts, at j * reader_period / true reader rate. A missing source
    // writes silence; a missing sink drops what was read.
    ClockSim(const BridgeConfig& config, double writer_ppm, double reader_ppm, Source source = {},
             Sink sink = {});

    Bridge& bridge() { return bridge_; }

    // The side's callbacks due in [from, until) seconds do not happen: a
    // device that stopped delivering, or a stalled thread.
    void stall_writer(double from, double until) { writer_.stalls.push_back({from, until}); }
    void stall_reader(double from, double until) { reader_.stalls.push_back({from, until}); }

    // Each callback comes (and is timestamped) up to `seconds` late, a
    // different amount each time, as a thread woken on a busy machine is:
    // pseudo-random but the same on every run. At most 90 % of the side's
    // period, so a side's callbacks keep their order.
    void set_writer_jitter(double seconds) { writer_.set_jitter(seconds, 0x5752495445ull); }
    void set_reader_jitter(double seconds) { reader_.set_jitter(seconds, 0x5245414445ull); }

    // Runs every callback due before `seconds`, in time order (the writer
    // first when both are due at once).
    void run_until(double seconds);
    // Runs callbacks in time order until the reader has been called `count`
    // more times.
    void run_reads(std::uint64_t count);

    double now() const { return now_; }
    std::uint64_t reads() const { return reader_.calls; }
    const ClockSimFigures& figures() const { return figures_; }

private:
    struct Stall {
        double from;
        double until;
    };
    struct Side {
        double true_rate;
        int period;
        double offset; // callback k comes at (k + offset) * period / true_rate, plus jitter
        double jitter = 0.0;
        std::uint64_t seed = 0;
        std::uint64_t next = 0;
        std::uint64_t calls = 0;
        std::vector<Stall> stalls;
        std::vector<std::vector<float>> buffers;
        std::vector<float*> pointers;

        double due() const;
        bool stalled(double t) const;
        void set_jitter(double seconds, std::uint64_t seed);
    };

    void run_next();
    void observe(double t);

    Bridge bridge_;
    Source source_;
    Sink sink_;
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
