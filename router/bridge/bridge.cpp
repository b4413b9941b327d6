#include "router/bridge/bridge.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "dsp/interleave.hpp"

namespace sy::router {
namespace {

static_assert(std::atomic<double>::is_always_lock_free, "the anchor must be one lock-free store");
static_assert(std::atomic<BridgeState>::is_always_lock_free, "the published state must be one lock-free store");


// Target fill, in writer frames: one writer period + one reader period +
// a margin. The reader estimates the writer's position by interpolating in
// time, so the ring may hold up to one writer period less than the estimate
// (the writer delivers a period at a time); the reader then takes a whole
// period of its own at once. The margin covers the lateness of the writer's
// landings and the loop's own error; it is measured, not fixed
// (bridge_margin.hpp), and the target follows it (bridge_target.cpp).

// Room for the largest target and four periods of each side beyond it, so
// that a reader four of its periods late, or a writer four of its periods
// early, does not overrun.
constexpr double kRingPeriods = 4.0;

// The loop: a proportional-integral controller on the fill error, critically
// damped (zeta = 1: a step in the clocks' rate difference gives an error
// bump and no overshoot), as zita-ajbridge's. It acquires at a wide
// bandwidth, so that a 300 ppm difference is learnt within a second or two
// while the error stays within two frames, then narrows to a very low one.
//
// Why so low: the output's timing is the integral of the ratio, so the
// ratio's every wobble is phase modulation. A 1 kHz tone stays 80 dB clean
// over a second (1e-4 rad, 16 ns) only if the ratio moves by less than about
// 0.4 ppm in that second. Real timestamps wander far more than that implies:
// a server's cycle times (JACK2's, through its DLL) stray from a straight
// line by tens of microseconds over seconds, and by milliseconds after an
// xrun, and a loop of a few hundredths of a hertz turns even that quiet
// wander into ratio moves of ppm a second: phase noise far louder than
// 80 dB under the tone (docs/measurements.md, "Timestamp wander"). JACK's side now takes its
// times from CycleClock, which wanders less, but a wake-time envelope still
// moves in steps of microseconds, and PipeWire's times are its driver's.
// At 0.003 Hz (a time constant of 53 s) the same wander moves the ratio by
// a few hundredths of a ppm: a 1 kHz tone stays over 85 dB clean under the
// timestamps of docs/measurements.md. Why not lower (it was 0.0015 Hz): a
// clock whose rate keeps changing, a crystal warming up at 0.1 ppm/s, pulls
// a second-order loop behind by ramp / (2 pi f)^2, 1.1 ms at 0.0015 Hz and
// 0.28 ms here; that lag is fill the margin must hold (the loop's stray,
// bridge_margin.hpp), so halving the bandwidth would cost most of a
// millisecond of latency on every bridge with a warming card.
constexpr double kAcquireHz = 0.5;
constexpr double kTrackHz = 0.003;
// From acquiring to tracking the bandwidth falls geometrically, by e every
// 0.37 s (2.1 s in all), and only while the error is within the lock band: a
// sudden drop would leave the rate error of the moment to the slow loop.
constexpr double kNarrowingSeconds = 0.37;
// The error is smoothed first by two one-pole filters at 10 times the loop's
// bandwidth (zita-ajbridge uses 20; 10 costs 11 degrees of phase at the
// loop's corner and halves the wander that reaches the ratio), so that late
// callbacks, whose timestamps scatter the measured fill by up to their
// lateness, move the ratio as little as the loop allows.
constexpr double kPrefilterTimesBandwidth = 10.0;
// Real clocks differ by well under 0.1 %; the integral stops at 1 % so that
// a broken timestamp cannot wind the ratio off to the resampler's limits.
constexpr double kMaxCorrection = 0.01;

// The states named below are BridgeState's (bridge_states.hpp); which event
// leads from one to another is next_phase()'s.
//
// Locked: the loop has narrowed to its tracking bandwidth and the smoothed
// error has stayed within the lock band for the last second: the loop's own
// error bound, which the margin counts on (MarginPolicy::kLoopBoundSeconds),
// and at least 4 frames. A held fill alone is no lock: a start puts the fill
// on target before the ratio is learnt. Acquiring lasts 1.5 s, enough for
// the wide loop to bring the fill to its target and learn a step in the
// clocks' rate difference to 5 % ((1 + wt) exp(-wt) at 0.5 Hz), from where
// the line fit (see steer()) takes over; lock follows the narrowing, 3.4 s
// after a start. Unlocked (and acquiring again) when the smoothed error
// leaves 1.5 ms, more than any margin but a loaded machine's. Beyond 4 ms
// (or a whole period, if longer: the interpolated fill may be off by a
// period's lateness) the ring is put back at its target at once, by
// skipping or padding, as after a start or a stall of either side; a loop
// that had locked then keeps its rate and its bandwidth (see
// move_to_target()) and locks again a second later. The bands are times, not
// shares of a period: what they bound (lateness, the loop's wander) does not
// scale with the period.
constexpr double kLockBandSeconds = MarginPolicy::kLoopBoundSeconds;
constexpr double kMinLockBandFrames = 4.0;
constexpr double kLockHoldSeconds = 1.0;
constexpr double kAcquireSeconds = 1.5;
constexpr double kUnlockBandSeconds = 1.5e-3;
constexpr double kResyncSeconds = 4e-3;

// How far the modelled reader position may stray from the counted one: the
// resampler's fraction of a frame, with room to spare.
constexpr double kModelSlackFrames = 2.0;

// The resampler's output is made in blocks of at most this many frames (or
// the reader's period if larger); bigger reads loop.
constexpr int kMinScratchFrames = 256;

void silence(float* const* channels, int channel_count, int from, int to) {
    for (int c = 0; c < channel_count; ++c) std::fill(channels[c] + from, channels[c] + to, 0.0f);
}

} // namespace

Bridge::Bridge(const BridgeConfig& config) : config_(config) {
    // Control thread.
    error_ = check_bridge_config(config);
    if (!error_.empty()) return;
    resampler_ = dsp::make_resampler(config.lib, config.quality, config.channels, config.writer_rate,
                                     config.reader_rate);
    if (!resampler_) {
        error_ = "bridge: the resampler refuses " + bridge_rate_text(config.writer_rate) + " to " +
                 bridge_rate_text(config.reader_rate);
        return;
    }
    const auto channels = static_cast<std::size_t>(config.channels);
    nominal_ratio_ = config.reader_rate / config.writer_rate;
    const double writer_period = config.writer_period;
    const double reader_period = config.reader_period / nominal_ratio_;
    larger_period_ = std::max(writer_period, reader_period);
    periods_ = writer_period + reader_period;
    target_ = goal_frames();
    resync_limit_ = std::max(kResyncSeconds * config.writer_rate, larger_period_);
    lock_band_ = std::max(kMinLockBandFrames, kLockBandSeconds * config.writer_rate);
    unlock_band_ = kUnlockBandSeconds * config.writer_rate;
    setpoint_ = target_;

    const double largest_target = periods_ + MarginPolicy::kMaxSeconds * config.writer_rate;
    const double ring_frames = largest_target + kRingPeriods * periods_;
    ring_ = std::make_unique<dsp::SpscRing<float>>(static_cast<std::size_t>(std::ceil(ring_frames)) * channels);

    write_scratch_frames_ = static_cast<std::size_t>(std::max(config.writer_period, kMinScratchFrames));
    write_scratch_.assign(write_scratch_frames_ * channels, 0.0f);
    out_capacity_ = static_cast<std::size_t>(std::max(config.reader_period, kMinScratchFrames));
    out_scratch_.assign(out_capacity_ * channels, 0.0f);
    // Enough input for a whole output block at the lowest ratio the
    // resampler allows, plus the frame or two a fractional phase may need.
    in_capacity_ =
        static_cast<std::size_t>(std::ceil(static_cast<double>(out_capacity_) / (nominal_ratio_ * 0.95))) + 8;
    in_scratch_.assign(in_capacity_ * channels, 0.0f);
    publish_stats(0.0);
}

Bridge::~Bridge() = default;

void Bridge::write(const float* const* channels, int frames, double now, double landed) {
    // Writer thread only.
    if (!error_.empty() || frames <= 0) return;
    lateness_.add(now, landed - now);
    const auto channel_count = static_cast<std::size_t>(config_.channels);
    bool dropped = false;
    std::size_t done = 0;
    const auto total = static_cast<std::size_t>(frames);
    while (done < total) {
        const std::size_t block = std::min(total - done, write_scratch_frames_);
        // Whole frames only: the reader counts frames, never half of one.
        const std::size_t room = ring_->writable() / channel_count;
        const std::size_t fits = std::min(block, room);
        if (fits > 0) {
            dsp::interleave(channels, write_scratch_.data(), config_.channels, fits, done);
            ring_->write(write_scratch_.data(), fits * channel_count);
            written_ += fits;
        }
        if (fits < block) {
            dropped = true;
            break;
        }
        done += block;
    }
    if (dropped) {
        // The only writer of this counter, so no read-modify-write is needed.
        stat_overruns_.store(stat_overruns_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    }
    // Released after the ring's own release, so a reader that sees this
    // anchor also sees the frames it counts.
    anchor_.store(now - static_cast<double>(written_) / config_.writer_rate, std::memory_order_release);
    writes_published_.store(++writes_, std::memory_order_release);
}

void Bridge::read(float* const* channels, int frames, double now) {
    // Reader thread only.
    if (frames <= 0) return;
    if (!error_.empty()) {
        silence(channels, config_.channels, 0, frames);
        return;
    }
    const std::uint64_t writes = writes_published_.load(std::memory_order_acquire);
    const double anchor = anchor_.load(std::memory_order_acquire);
    // Where the writer stands at our time, interpolated from its last
    // publication, less where we stand: the fill without the sawtooth of the
    // phase between the two sides' callbacks.
    auto fill_now = [&] { return (now - anchor) * config_.writer_rate - smooth_position_; };

    if (bridge_waits(phase_.state)) {
        // Before the first write this is just the start; once the writer
        // has stalled every silent read is a dropout.
        const bool stalled = phase_.state == BridgeState::Stalled;
        if (writes == writes_seen_) {
            if (stalled) ++underruns_;
            silence(channels, config_.channels, 0, frames);
            publish_stats(stalled ? fill_now() : 0.0);
            return;
        }
        if (stalled) {
            ++resyncs_;
            writer_back(now, anchor);
        }
        target_ = goal_frames(); // what an underrun added counts at once: the gap is there already
        move_to_target(fill_now()); // the loop takes up its held phase
    }

    // A side's anchor that moved by more than half its period: a lost cycle
    // (an xrun, a graph cycle run without us) stepped the fill. Put right at
    // once, as a stall is: the lost cycle made its gap already, and a loop
    // chasing the step holds the wrong latency for minutes or bends the pitch.
    const double reader_anchor = now - frames_read_ / config_.reader_rate;
    const auto jumped = [](double was, double is, double rate, int period) {
        return std::abs(is - was) * rate > 0.5 * period;
    };
    const bool stepped = last_reader_anchor_ != 0.0 &&
                         (jumped(last_writer_anchor_, anchor, config_.writer_rate, config_.writer_period) ||
                          jumped(last_reader_anchor_, reader_anchor, config_.reader_rate, config_.reader_period));
    double fill = fill_now();
    if (std::abs(fill - target_) > resync_limit_ || (stepped && std::abs(fill - target_) > lock_band_)) {
        ++resyncs_; // a stall, a lost cycle or an overrun: no loop should chase that
        move_to_target(fill);
        fill = fill_now();
    }
    // Until the loop has locked once, the writer's position against our
    // frame count goes into a straight line whose slope is the clocks' rate
    // ratio: see steer().
    if (bridge_learns_rate(phase_.state)) {
        if (stepped) rate_fit_.new_segment();
        rate_fit_.add(static_cast<double>(frames), (now - anchor) * config_.writer_rate);
    }
    last_writer_anchor_ = anchor;
    last_reader_anchor_ = reader_anchor;
    frames_read_ += frames;
    update_target(frames / config_.reader_rate);
    last_error_ = fill - setpoint_;
    steer(last_error_, frames / config_.reader_rate);

    const int made = produce(channels, frames);
    // The model and the count part only by the resampler's fraction of a
    // frame and its glide between ratios; should they ever part by more, the
    // count wins.
    if (std::abs(static_cast<double>(position_) - smooth_position_) > kModelSlackFrames) {
        smooth_position_ = static_cast<double>(position_);
    }
    if (made < frames) {
        silence(channels, config_.channels, made, frames);
        ran_dry_at_ = now;
        ran_dry_short_ = frames - made;
        ++underruns_;
        writes_seen_ = writes;
        on(BridgeEvent::RanDry);
    }
    publish_stats(fill);
}

int Bridge::produce(float* const* channels, int frames) {
    // Reader thread only.
    auto done = static_cast<std::size_t>(0);
    const auto total = static_cast<std::size_t>(frames);
    while (done < total) {
        const std::size_t block = std::min(total - done, out_capacity_);
        const std::size_t made = resample_into(out_scratch_.data(), block);
        dsp::deinterleave(out_scratch_.data(), channels, config_.channels, made, done);
        done += made;
        if (made < block) break;
    }
    return static_cast<int>(done);
}

std::size_t Bridge::resample_into(float* out, std::size_t frames) {
    // Reader thread only.
    const auto channel_count = static_cast<std::size_t>(config_.channels);
    std::size_t produced = 0;
    while (produced < frames) {
        if (in_pos_ == in_count_ && !refill(frames - produced)) break;
        const dsp::ResampleIo io = resampler_->process(in_scratch_.data() + in_pos_ * channel_count,
                                                       in_count_ - in_pos_, out + produced * channel_count,
                                                       frames - produced);
        in_pos_ += io.consumed;
        position_ += static_cast<std::int64_t>(io.consumed);
        smooth_position_ += static_cast<double>(io.produced) / (nominal_ratio_ * factor_);
        produced += io.produced;
        // Neither engine stalls with input and room on offer; should one,
        // the rest of the block is a counted underrun, not an endless loop.
        if (io.consumed == 0 && io.produced == 0) break;
    }
    return produced;
}

bool Bridge::refill(std::size_t out_frames) {
    // Reader thread only. Takes about the input that `out_frames` need (the
    // engines read only while output is wanted; a frame or two may wait here
    // for the next read, counted in the fill all the same), owed silence first.
    const auto channel_count = static_cast<std::size_t>(config_.channels);
    const double needed = std::ceil(static_cast<double>(out_frames) / (nominal_ratio_ * factor_)) + 2.0;
    const std::size_t want = std::min(in_capacity_, static_cast<std::size_t>(needed));
    in_pos_ = 0;
    in_count_ = std::min(pad_, want);
    std::fill_n(in_scratch_.begin(), in_count_ * channel_count, 0.0f);
    pad_ -= in_count_;
    if (in_count_ < want) {
        in_count_ += ring_->read(in_scratch_.data() + in_count_ * channel_count, (want - in_count_) * channel_count) /
                     channel_count;
    }
    return in_count_ > 0;
}

void Bridge::move_to_target(double fill) {
    // Reader thread only. Silence owed to the resampler counts as fill, so
    // padding only moves our position back; skipping drops owed silence,
    // then held input, then ring frames.
    const double error = std::round(fill - target_);
    // The ring moves in whole frames: what is left is the loop's setpoint
    // from now on, rather than an error it would slowly steer away (a drift
    // of phase in the output for no gain).
    setpoint_ = target_ + (fill - target_ - error);
    if (error < 0.0) {
        // More than a whole target of silence would mean timestamps from
        // another clock: pad no further, and the next read resyncs again.
        const auto n = static_cast<std::size_t>(std::min(-error, std::ceil(target_)));
        pad_ += n;
        position_ -= static_cast<std::int64_t>(n);
        smooth_position_ -= static_cast<double>(n);
    } else {
        auto n = static_cast<std::size_t>(error);
        const std::size_t from_pad = std::min(n, pad_);
        pad_ -= from_pad;
        n -= from_pad;
        const std::size_t from_held = std::min(n, in_count_ - in_pos_);
        in_pos_ += from_held;
        n -= from_held;
        const auto channel_count = static_cast<std::size_t>(config_.channels);
        const std::size_t from_ring = ring_->skip(n * channel_count) / channel_count;
        position_ += static_cast<std::int64_t>(from_pad + from_held + from_ring);
        smooth_position_ += static_cast<double>(from_pad + from_held + from_ring);
    }
    // The integral is the clocks' rate difference, still true after a
    // stall; only the error's history is void. A rate the loop locked with
    // is worth more than a few seconds of timestamps after a stall (a
    // server's cycle times may start over after one and run far off for
    // seconds: docs/measurements.md), so the loop goes on tracking. Unless
    // the previous read's error was already past the unlock band: a slow
    // drift to the resync limit, not a jump, so
    // the rate is wrong (a bridge started with a stale one) and the loop
    // acquires (not on a mere offset: that swung the ratio 1.2 %). Which
    // phase follows is next_phase()'s.
    const bool drifted = std::abs(last_error_) > unlock_band_;
    smoothing_error_ = filtered_error_ = last_error_ = 0.0;
    on(drifted ? BridgeEvent::ResyncAfterDrift : BridgeEvent::Resync);
}

double Bridge::bandwidth() const {
    // Reader thread only.
    switch (phase_.state) {
    case BridgeState::Acquiring: return kAcquireHz;
    case BridgeState::Narrowing:
        return std::max(kTrackHz, kAcquireHz * std::exp(-narrowing_seconds_ / kNarrowingSeconds));
    case BridgeState::Tracking:
    case BridgeState::Locked:
    case BridgeState::Waiting: // not steered
    case BridgeState::Stalled:
        break;
    }
    return kTrackHz;
}

void Bridge::steer(double error, double seconds) {
    // Reader thread only. With e the error in seconds of writer time, the
    // fill moves as de/dt = (writer clock - reader clock) + (factor - 1); the
    // controller factor - 1 = -(2 w e + w^2 integral(e)) makes that
    // e'' + 2 w e' + w^2 e = 0.
    const double hz = bandwidth();
    const double prefilter = 1.0 - std::exp(-2.0 * std::numbers::pi * kPrefilterTimesBandwidth * hz * seconds);
    smoothing_error_ += prefilter * (error - smoothing_error_);
    filtered_error_ += prefilter * (smoothing_error_ - filtered_error_);

    const double magnitude = std::abs(filtered_error_);
    if (phase_.state == BridgeState::Acquiring) acquiring_seconds_ += seconds;
    if (magnitude > unlock_band_) {
        on(BridgeEvent::ErrorLost);
        lock_seconds_ = 0.0;
    } else if (magnitude <= lock_band_) {
        lock_seconds_ += seconds;
        if (phase_.state == BridgeState::Narrowing) narrowing_seconds_ += seconds;
        if (lock_seconds_ >= kLockHoldSeconds && hz <= kTrackHz) on(BridgeEvent::ErrorHeld);
    } else if (phase_.state != BridgeState::Locked) {
        lock_seconds_ = 0.0;
    }

    const double w = 2.0 * std::numbers::pi * hz;
    const double e = filtered_error_ / config_.writer_rate;
    integral_ = std::clamp(integral_ + w * w * e * seconds, -kMaxCorrection, kMaxCorrection);
    if (phase_.state == BridgeState::Narrowing && rate_fit_.ready()) {
        // While narrowing, the rate difference is not the integral's (which
        // weighs the last second or so) but the slope of a straight line
        // through every position since acquiring began: with noisy
        // timestamps several times closer, and what the slow loop starts
        // from; what it still gets wrong it must correct slowly.
        const double rate = 1.0 / (nominal_ratio_ * rate_fit_.writer_frames_per_reader_frame());
        integral_ = std::clamp(1.0 - rate, -kMaxCorrection, kMaxCorrection);
    }
    // The resampler clamps to this window too; clamped here as well so that
    // refill() never asks for more input than its scratch was sized for.
    factor_ = std::clamp(1.0 - (2.0 * w * e + integral_) + glide_, 0.95, 1.05);
    resampler_->set_ratio_factor(factor_);
    // Decided after this read's steering, which was still acquiring's.
    if (phase_.state == BridgeState::Acquiring && acquiring_seconds_ >= kAcquireSeconds) {
        on(BridgeEvent::AcquiringOver);
    }
}

void Bridge::start_with_rate(double ratio_factor) {
    // Control thread, before any read (the reader's state is ours to set).
    if (!error_.empty() || !std::isfinite(ratio_factor)) return;
    integral_ = std::clamp(1.0 - ratio_factor, -kMaxCorrection, kMaxCorrection);
    factor_ = 1.0 - integral_;
    resampler_->set_ratio_factor(factor_);
    on(BridgeEvent::RateGiven);
    publish_stats(0.0);
}

void Bridge::reset() {
    // Control thread, both sides stopped: this thread may act as either.
    if (!error_.empty()) return;
    ring_->skip(ring_->readable());
    resampler_->reset();
    written_ = 0;
    writes_ = 0;
    anchor_.store(0.0, std::memory_order_relaxed);
    writes_published_.store(0, std::memory_order_release);
    writes_seen_ = 0;
    position_ = 0;
    smooth_position_ = 0.0;
    frames_read_ = 0.0;
    last_writer_anchor_ = 0.0;
    last_reader_anchor_ = 0.0;
    lateness_.reset();
    extra_ = 0.0;
    since_underrun_ = 0.0;
    glide_ = 0.0;
    gliding_ = false;
    loop_stray_ = 0.0;
    target_ = goal_frames();
    setpoint_ = target_;
    pad_ = 0;
    in_pos_ = 0;
    in_count_ = 0;
    smoothing_error_ = filtered_error_ = last_error_ = 0.0;
    integral_ = 0.0;
    factor_ = 1.0;
    on(BridgeEvent::Reset);
    underruns_ = 0;
    resyncs_ = 0;
    stat_overruns_.store(0, std::memory_order_relaxed);
    publish_stats(0.0);
}

} // namespace sy::router
