// A bridge between two clock domains: one side writes frames on its clock,
// the other reads exactly the frames it needs on its own clock, through an
// SPSC ring and an adaptive resampler whose ratio a delay-locked loop steers
// so that the ring stays at its target fill (the zita-ajbridge / alsa_in
// approach). It also converts between nominal rates (44.1 <-> 48 <-> 96 kHz).
//
// Who talks to whom: the writer thread pushes interleaved frames into the
// ring and publishes where it stands in time (one atomic, see write()); the
// reader thread owns everything else: the resampler, the loop and the state
// machine (bridge_states.hpp: waiting, acquiring, narrowing, tracking,
// locked, stalled). Statistics go out on atomics.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "dsp/lateness_window.hpp"
#include "dsp/resampler.hpp"
#include "dsp/resampler_kind.hpp"
#include "dsp/spsc_ring.hpp"
#include "router/bridge/bridge_margin.hpp"
#include "router/bridge/bridge_states.hpp"
#include "router/bridge/rate_fit.hpp"

namespace sy::router {

struct BridgeConfig {
    int channels = 2;
    double writer_rate = 48000; // nominal rates of the two sides
    double reader_rate = 48000;
    int writer_period = 256; // frames per callback, each at its own rate
    int reader_period = 256;
    dsp::ResamplerLib lib = dsp::ResamplerLib::Zita;
    dsp::Quality quality = dsp::Quality::Medium;
    // How tight the margin runs (bridge_margin.hpp).
    LatencyMode latency = LatencyMode::Safe;
    // Seconds: how late the writer's side is known to land its frames
    // before this bridge has measured it (the side's own figure, or 0):
    // the margin's lateness until the bridge has measured a thousand writes.
    double expected_lateness = 0.0;
};

struct BridgeStats {
    double fill = 0.0;        // ring fill now, in writer frames (time-interpolated)
    double target_fill = 0.0; // what the loop steers towards, in writer frames
    double ratio_factor = 1.0; // correction on top of reader_rate / writer_rate
    std::uint64_t underruns = 0; // reads that came up short once the writer had started
    std::uint64_t overruns = 0;  // writes that did not fit in the ring
    std::uint64_t resyncs = 0;   // times the ring was skipped or padded back to target after a start
    BridgeState state = BridgeState::Waiting;
    // The margin: target fill less the two periods, in seconds, and what it
    // came from (bridge_margin.hpp).
    LatencyMode mode = LatencyMode::Safe;
    double margin_seconds = 0.0;
    double lateness_seconds = 0.0;     // the writer's p99.9 over the last minute
    double max_lateness_seconds = 0.0; // and its largest
    double extra_seconds = 0.0;        // what underruns added, wearing off
    double loop_seconds = 0.0;         // how far the locked loop let the fill stray, wearing off
    bool locked() const { return state == BridgeState::Locked; }
};

// Empty when `config` describes a bridge that can run; otherwise why not
// (bridge_config.cpp).
std::string check_bridge_config(const BridgeConfig& config);
// "44100 Hz", for messages.
std::string bridge_rate_text(double rate);

class Bridge {
public:
    // Control thread: allocates the ring, the scratch buffers and the
    // resampler (writer_rate -> reader_rate). A config that check_bridge_config
    // refuses gives a bridge whose error() says why and which plays silence.
    explicit Bridge(const BridgeConfig& config);
    ~Bridge();
    Bridge(const Bridge&) = delete;
    Bridge& operator=(const Bridge&) = delete;

    const std::string& error() const { return error_; }
    const BridgeConfig& config() const { return config_; }

    // Writer thread only; never allocates, locks, logs or makes a system
    // call. One pointer per channel. `now` is the callback's monotonic time
    // in seconds (the cycle start JACK or PipeWire reports), taken as the
    // time of the block's last frame. `landed` is the time the frames go into
    // the ring, on the same clock (a clock read just before the call): how
    // much later than `now` that is sizes the margin (dsp/lateness_window.hpp).
    // Frames that do not fit are dropped and counted.
    void write(const float* const* channels, int frames, double now, double landed);
    // The same with the lateness not known (taken as none).
    void write(const float* const* channels, int frames, double now) { write(channels, frames, now, now); }

    // Reader thread only; same rules. Produces exactly `frames` frames per
    // channel; what the ring cannot supply is silence (counted), never
    // garbage. `now` is the callback's time on the same monotonic clock as
    // the writer's, taken as the time of the block's first frame.
    void read(float* const* channels, int frames, double now);

    // Any thread.
    BridgeStats stats() const;

    // Any thread. What a frame spends in the bridge, writer timestamp to
    // reader timestamp: target fill plus the resampler's delay, in reader
    // frames, for the latency budget.
    double latency_reader_frames() const;
    // Any thread. In writer frames: where the loop steers the fill now. It
    // follows the margin, gliding (see update_target()).
    double target_fill() const { return stat_target_.load(std::memory_order_relaxed); }
    // Any thread. The resampler's part of latency_reader_frames().
    double resampler_delay_reader_frames() const;

    // Control thread, with both sides stopped: back to the state just after
    // construction (empty ring, resampler and loop reset, counters zero).
    void reset();

    // Control thread, before the first read: the clocks' rate difference is
    // known already (`ratio_factor`, what a locked bridge between the same
    // two clocks said in its stats, before a rebuild for new sizes or a
    // server's restart), so the loop starts tracking at its narrow bandwidth
    // and locks a second after the fill reaches its target instead of
    // acquiring for 3.4 s. Should the clocks have changed after all, the
    // error leaves the unlock band and the loop acquires as usual.
    void start_with_rate(double ratio_factor);

private:
    int produce(float* const* channels, int frames);
    std::size_t resample_into(float* out, std::size_t frames);
    bool refill(std::size_t out_frames);
    void move_to_target(double fill);
    // The target fill the margin asks for now, in writer frames.
    double goal_frames() const;
    // Moves the target towards goal_frames(): at once while the rate is
    // being learnt, gliding once locked. Sets glide_.
    void update_target(double seconds);
    // The writer wrote again after the reader ran dry at ran_dry_at_; its
    // anchor is now `anchor`.
    void writer_back(double now, double anchor);
    // The one place the state changes (bridge_states.cpp): the transition
    // next_phase() gives, and what it resets in the loop.
    void on(BridgeEvent what);
    void start_acquiring();
    double bandwidth() const;
    void steer(double error, double seconds);
    void publish_stats(double fill);

    BridgeConfig config_;
    std::string error_;
    double nominal_ratio_ = 1.0;  // reader_rate / writer_rate
    double larger_period_ = 0.0;  // the larger of the two periods, in writer frames
    double periods_ = 0.0;        // both periods, in writer frames: the target less its margin
    double target_ = 0.0;         // writer frames; reader thread (the control thread before a start)
    double resync_limit_ = 0.0;   // writer frames
    double lock_band_ = 0.0;      // writer frames
    double unlock_band_ = 0.0;    // writer frames
    std::unique_ptr<dsp::SpscRing<float>> ring_; // interleaved writer frames
    std::unique_ptr<dsp::Resampler> resampler_;

    // Writer thread.
    std::vector<float> write_scratch_; // interleaved
    std::size_t write_scratch_frames_ = 0;
    std::uint64_t written_ = 0; // frames that went into the ring
    std::uint64_t writes_ = 0;
    // Writer -> reader: the quantile it publishes.
    dsp::LatenessWindow lateness_;

    // Writer -> reader. The writer's (time, frames written) pair packed into
    // one number: the time its frame 0 would have had at the nominal rate,
    // now - written / writer_rate. An 8-byte atomic cannot tear, so the
    // reader never pairs a time with the wrong count.
    std::atomic<double> anchor_{0.0};
    std::atomic<std::uint64_t> writes_published_{0};

    // Reader thread.
    BridgePhase phase_;              // see bridge_states.hpp
    std::uint64_t writes_seen_ = 0;  // writer's count when we last gave up waiting
    std::int64_t position_ = 0;      // writer-stream index of the next frame the resampler consumes
    // The same, modelled from the frames made and the ratio, so it moves
    // smoothly where position_ moves in whole frames (235 or 236 a read at
    // 44.1 -> 48 kHz); the resampler keeps the fraction to itself.
    double smooth_position_ = 0.0;
    double setpoint_ = 0.0;          // target_ plus the part of a frame a resync could not place
    std::size_t pad_ = 0;            // frames of silence owed to the resampler before the ring's next
    std::vector<float> in_scratch_;  // interleaved writer frames taken from the ring
    std::size_t in_capacity_ = 0;
    std::size_t in_pos_ = 0;
    std::size_t in_count_ = 0;
    std::vector<float> out_scratch_; // interleaved reader frames from the resampler
    std::size_t out_capacity_ = 0;
    double smoothing_error_ = 0.0; // writer frames, first of the two smoothing stages
    double filtered_error_ = 0.0;  // writer frames, what the loop acts on
    double last_error_ = 0.0;      // writer frames, the last read's, unfiltered
    double integral_ = 0.0;       // the loop's estimate of the clocks' rate difference
    double factor_ = 1.0;
    double lock_seconds_ = 0.0;      // how long the error has stayed within lock_band_
    double acquiring_seconds_ = 0.0; // time spent acquiring, since acquiring began
    double narrowing_seconds_ = 0.0; // time spent narrowing with the error within lock_band_
    RateFit rate_fit_; // see rate_fit.hpp; fed while acquiring and narrowing
    // Where each side's frame 0 would have been at its nominal rate, at the
    // last read: a jump of more than half a period is a lost cycle.
    double last_writer_anchor_ = 0.0;
    double last_reader_anchor_ = 0.0;
    double frames_read_ = 0.0;
    double glide_ = 0.0;               // the ratio's part that moves the fill with a gliding target
    bool gliding_ = false;
    double loop_stray_ = 0.0;          // seconds: the locked loop's largest |error| lately
    double extra_ = 0.0;               // seconds of margin underruns added
    double since_underrun_ = 0.0;      // seconds
    double ran_dry_at_ = 0.0;          // the reader's time at the read that ran dry
    int ran_dry_short_ = 0;            // and the frames it was short
    std::uint64_t underruns_ = 0;
    std::uint64_t resyncs_ = 0;

    // Reader (and writer, for overruns) -> any thread.
    std::atomic<double> stat_fill_{0.0};
    std::atomic<double> stat_ratio_{1.0};
    std::atomic<double> stat_target_{0.0};
    std::atomic<double> stat_extra_{0.0};
    std::atomic<double> stat_loop_{0.0};
    std::atomic<std::uint64_t> stat_underruns_{0};
    std::atomic<std::uint64_t> stat_overruns_{0};
    std::atomic<std::uint64_t> stat_resyncs_{0};
    std::atomic<BridgeState> stat_state_{BridgeState::Waiting};
};

} // namespace sy::router
