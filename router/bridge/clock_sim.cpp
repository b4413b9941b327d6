#include "router/bridge/clock_sim.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace sy::router {

namespace {

// A uniform number in [0, 1) from a counter (splitmix64): no state to carry,
// and the same on every machine, unlike the distributions of <random>.
double uniform(std::uint64_t counter, std::uint64_t seed) {
    std::uint64_t z = counter + seed * 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    return static_cast<double>(z >> 11) * 0x1.0p-53;
}

} // namespace

double ClockSim::Side::on_time() const { return on_time(static_cast<double>(next)); }

double ClockSim::Side::on_time(double index) const {
    // From the index, never accumulated, so an hour of callbacks carries no
    // rounding drift of its own.
    return clock.time_of((index + offset) * period);
}

double ClockSim::Side::lateness() const {
    if (timing.wakeup == Wakeup::Measured) return lateness_at(timing.measured, uniform(next, seed));
    if (timing.jitter <= 0.0) return 0.0;
    if (timing.wakeup == Wakeup::Uniform) return timing.jitter * uniform(next, seed);
    if (timing.wakeup == Wakeup::Busy) {
        const bool spike = uniform(2 * next, seed) < 1.0 / 50.0;
        return (spike ? timing.jitter : timing.jitter / 40.0) * uniform(2 * next + 1, seed);
    }
    // Box-Muller on two numbers of the same counter.
    const double u1 = 1.0 - uniform(2 * next, seed);
    const double u2 = uniform(2 * next + 1, seed);
    const double gauss = std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
    const double limit = 0.45 * period_seconds();
    return std::clamp(timing.jitter * gauss, -limit, limit);
}

double ClockSim::Side::due() const { return std::max(on_time() + lateness(), previous_woke); }

void ClockSim::Side::set_timing(const Timing& t, std::uint64_t seed_value) {
    timing = t;
    const double limit = (t.wakeup == Wakeup::Gaussian ? 1.0 : 0.9) * period_seconds();
    timing.jitter = std::clamp(t.jitter, 0.0, limit);
    seed = seed_value;
    dll_running = false;
}

void ClockSim::Side::set_drift(const DriftRamp& ramp) {
    clock = ClockRate(clock.nominal_rate(), clock.ppm_at(0.0), ramp);
    dll_running = false;
}

double ClockSim::Side::stamp(double woke) {
    switch (timing.stamp) {
    case Stamp::Wakeup:
        return woke;
    case Stamp::Driver:
        return on_time();
    case Stamp::Dll:
        break;
    }
    if (!dll_running) {
        // The server has run long before any bridge starts, so its loop has
        // long settled: run it over the minute before this callback, woken
        // as this side is (on counters of their own).
        const auto warm = static_cast<std::uint64_t>(60.0 / period_seconds());
        const std::uint64_t at = next;
        for (std::uint64_t k = 0; k < warm; ++k) {
            next = (std::uint64_t{1} << 40) + k;
            const double late = lateness();
            const double index = static_cast<double>(at) - static_cast<double>(warm - k);
            dll_step(on_time(index) + late);
        }
        next = at;
    }
    return dll_step(woke);
}

double ClockSim::Side::dll_step(double woke) {
    // JACK2's JackFrameTimer: the period in whole microseconds, rounded
    // down; the time handed out is the one the loop predicted for this
    // wake-up; a wake-up more than a period off (a stall) starts it again.
    constexpr double kCoefficient = 0.01;
    const double period_us = std::floor(1e6 * period / clock.nominal_rate());
    const double woke_us = std::floor(woke * 1e6);
    const double delta = woke_us - dll_next;
    if (!dll_running || std::abs(delta) > period_us) {
        dll_running = true;
        dll_current = woke_us;
        dll_next = woke_us + period_us;
        dll_integral = 0.0;
    } else {
        dll_current = dll_next;
        dll_integral += 0.5 * kCoefficient * delta;
        dll_next = dll_current + period_us + std::floor(kCoefficient * (delta + dll_integral));
    }
    return dll_current * 1e-6;
}

bool ClockSim::Side::stalled(double t) const {
    return std::any_of(stalls.begin(), stalls.end(), [t](const Stall& s) { return t >= s.from && t < s.until; });
}

ClockSim::ClockSim(const BridgeConfig& config, double writer_ppm, double reader_ppm, Source source, Sink sink)
    : bridge_(config), source_(std::move(source)), sink_(std::move(sink)) {
    writer_.clock = ClockRate(config.writer_rate, writer_ppm);
    writer_.period = config.writer_period;
    writer_.offset = 1.0;
    reader_.clock = ClockRate(config.reader_rate, reader_ppm);
    reader_.period = config.reader_period;
    reader_.offset = 0.0;
    for (Side* side : {&writer_, &reader_}) {
        side->buffers.assign(static_cast<std::size_t>(std::max(config.channels, 1)),
                             std::vector<float>(static_cast<std::size_t>(std::max(side->period, 1)), 0.0f));
        for (auto& b : side->buffers) side->pointers.push_back(b.data());
    }
}

void ClockSim::run_until(double seconds) {
    while (std::min(writer_.due(), reader_.due()) < seconds) run_next();
}

void ClockSim::run_reads(std::uint64_t count) {
    const std::uint64_t until = reader_.calls + count;
    while (reader_.calls < until) run_next();
}

void ClockSim::run_next() {
    const double tw = writer_.due();
    const double tr = reader_.due();
    const bool writes = tw <= tr;
    Side& side = writes ? writer_ : reader_;
    Callback call;
    call.writer = writes;
    call.index = side.next;
    call.due = side.on_time();
    call.woke = writes ? tw : tr;
    call.stalled = side.stalled(call.woke);
    now_ = call.woke;
    side.previous_woke = call.woke;
    if (!call.stalled) call.stamp = side.stamp(call.woke);
    ++side.next;
    if (!call.stalled) {
        if (writes) {
            write_block(call);
        } else {
            read_block(call);
        }
    }
    if (trace_) trace_(call);
}

void ClockSim::write_block(const Callback& call) {
    if (source_) {
        source_(writer_.pointers.data(), writer_.period);
    } else {
        for (auto& b : writer_.buffers) std::fill(b.begin(), b.end(), 0.0f);
    }
    // call.woke is when these frames land in the ring: the bridge sizes its
    // margin from how much later than the stamp that is.
    bridge_.write(writer_.pointers.data(), writer_.period, call.stamp, call.woke);
    ++writer_.calls;
}

void ClockSim::read_block(const Callback& call) {
    bridge_.read(reader_.pointers.data(), reader_.period, call.stamp);
    ++reader_.calls;
    if (sink_) sink_(reader_.pointers.data(), reader_.period);
    observe(call.woke);
}

void ClockSim::observe(double t) {
    const BridgeStats s = bridge_.stats();
    if (s.locked() && !was_locked_) {
        figures_.last_lock_seconds = t;
        if (figures_.first_lock_seconds < 0.0) {
            figures_.first_lock_seconds = t;
            underruns_at_lock_ = s.underruns;
            overruns_at_lock_ = s.overruns;
            figures_.min_ratio_after_lock = figures_.max_ratio_after_lock = s.ratio_factor;
        }
    }
    if (!s.locked() && was_locked_) ++figures_.lock_losses;
    was_locked_ = s.locked();
    if (figures_.first_lock_seconds >= 0.0) {
        figures_.max_error_after_lock = std::max(figures_.max_error_after_lock, std::abs(s.fill - s.target_fill));
        figures_.underruns_after_lock = s.underruns - underruns_at_lock_;
        figures_.overruns_after_lock = s.overruns - overruns_at_lock_;
        ratio_sum_ += s.ratio_factor;
        ++reads_since_lock_;
        figures_.mean_ratio_after_lock = ratio_sum_ / static_cast<double>(reads_since_lock_);
        figures_.min_ratio_after_lock = std::min(figures_.min_ratio_after_lock, s.ratio_factor);
        figures_.max_ratio_after_lock = std::max(figures_.max_ratio_after_lock, s.ratio_factor);
    }
}

BridgedStream play_through_bridge(const BridgeConfig& config, double writer_ppm, double reader_ppm,
                                  const std::vector<std::vector<float>>& in, std::size_t out_frames) {
    BridgedStream result;
    const auto channels = static_cast<std::size_t>(std::max(config.channels, 0));
    if (in.size() < channels) {
        result.error = "bridge: " + std::to_string(in.size()) + " channels of input for " +
                       std::to_string(channels);
        return result;
    }
    std::size_t written = 0;
    auto source = [&](float* const* ch, int n) {
        const auto frames = static_cast<std::size_t>(n);
        for (std::size_t c = 0; c < channels; ++c) {
            const std::vector<float>& src = in[c];
            const std::size_t from = std::min(written, src.size());
            const std::size_t have = std::min(frames, src.size() - from);
            std::copy_n(src.begin() + static_cast<std::ptrdiff_t>(from), have, ch[c]);
            std::fill(ch[c] + have, ch[c] + frames, 0.0f);
        }
        written += frames;
    };
    result.channels.assign(channels, {});
    for (auto& c : result.channels) c.reserve(out_frames);
    std::size_t to_drop = 0;
    auto sink = [&](const float* const* ch, int n) {
        auto from = static_cast<std::size_t>(0);
        auto frames = static_cast<std::size_t>(n);
        const std::size_t dropped = std::min(to_drop, frames);
        to_drop -= dropped;
        from += dropped;
        frames = std::min(frames - dropped, out_frames - result.channels[0].size());
        for (std::size_t c = 0; c < channels; ++c) {
            result.channels[c].insert(result.channels[c].end(), ch[c] + from, ch[c] + from + frames);
        }
    };
    ClockSim sim(config, writer_ppm, reader_ppm, source, sink);
    if (!sim.bridge().error().empty()) {
        result.error = sim.bridge().error();
        result.channels.clear();
        return result;
    }
    to_drop = static_cast<std::size_t>(std::lround(std::max(0.0, sim.bridge().latency_reader_frames())));
    const auto period = static_cast<std::size_t>(config.reader_period);
    sim.run_reads((to_drop + out_frames + period - 1) / period);
    return result;
}

} // namespace sy::router
