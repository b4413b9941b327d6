#include "router/clock_sim.hpp"

#include <algorithm>
#include <cmath>

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

double ClockSim::Side::due() const {
    // From the index, never accumulated, so an hour of callbacks carries no
    // rounding drift of its own.
    const double on_time = (static_cast<double>(next) + offset) * period / true_rate;
    return jitter > 0.0 ? on_time + jitter * uniform(next, seed) : on_time;
}

void ClockSim::Side::set_jitter(double seconds, std::uint64_t seed_value) {
    jitter = std::clamp(seconds, 0.0, 0.9 * period / true_rate);
    seed = seed_value;
}

bool ClockSim::Side::stalled(double t) const {
    return std::any_of(stalls.begin(), stalls.end(), [t](const Stall& s) { return t >= s.from && t < s.until; });
}

ClockSim::ClockSim(const BridgeConfig& config, double writer_ppm, double reader_ppm, Source source, Sink sink)
    : bridge_(config), source_(std::move(source)), sink_(std::move(sink)) {
    writer_.true_rate = config.writer_rate * (1.0 + writer_ppm * 1e-6);
    writer_.period = config.writer_period;
    writer_.offset = 1.0;
    reader_.true_rate = config.reader_rate * (1.0 + reader_ppm * 1e-6);
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
    if (tw <= tr) {
        now_ = tw;
        ++writer_.next;
        if (writer_.stalled(tw)) return;
        if (source_) {
            source_(writer_.pointers.data(), writer_.period);
        } else {
            for (auto& b : writer_.buffers) std::fill(b.begin(), b.end(), 0.0f);
        }
        bridge_.write(writer_.pointers.data(), writer_.period, tw);
        ++writer_.calls;
    } else {
        now_ = tr;
        ++reader_.next;
        if (reader_.stalled(tr)) return;
        bridge_.read(reader_.pointers.data(), reader_.period, tr);
        ++reader_.calls;
        if (sink_) sink_(reader_.pointers.data(), reader_.period);
        observe(tr);
    }
}

void ClockSim::observe(double t) {
    const BridgeStats s = bridge_.stats();
    if (s.locked && !was_locked_) {
        figures_.last_lock_seconds = t;
        if (figures_.first_lock_seconds < 0.0) {
            figures_.first_lock_seconds = t;
            underruns_at_lock_ = s.underruns;
            overruns_at_lock_ = s.overruns;
            figures_.min_ratio_after_lock = figures_.max_ratio_after_lock = s.ratio_factor;
        }
    }
    if (!s.locked && was_locked_) ++figures_.lock_losses;
    was_locked_ = s.locked;
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
