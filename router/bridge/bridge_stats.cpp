// What a bridge reports to any thread: its statistics, published by the
// reader on atomics after every read, and its latency for the budget.
#include <atomic>

#include "router/bridge/bridge.hpp"

namespace sy::router {

void Bridge::publish_stats(double fill) {
    // Reader thread only.
    stat_fill_.store(fill, std::memory_order_relaxed);
    stat_ratio_.store(factor_, std::memory_order_relaxed);
    stat_target_.store(target_, std::memory_order_relaxed);
    stat_extra_.store(extra_, std::memory_order_relaxed);
    stat_loop_.store(loop_stray_, std::memory_order_relaxed);
    stat_underruns_.store(underruns_, std::memory_order_relaxed);
    stat_resyncs_.store(resyncs_, std::memory_order_relaxed);
    stat_state_.store(phase_.state, std::memory_order_relaxed);
}

BridgeStats Bridge::stats() const {
    BridgeStats s;
    s.fill = stat_fill_.load(std::memory_order_relaxed);
    s.target_fill = stat_target_.load(std::memory_order_relaxed);
    s.mode = config_.latency;
    s.margin_seconds = (s.target_fill - periods_) / config_.writer_rate;
    s.lateness_seconds = lateness_.quantile();
    s.max_lateness_seconds = lateness_.max();
    s.extra_seconds = stat_extra_.load(std::memory_order_relaxed);
    s.loop_seconds = stat_loop_.load(std::memory_order_relaxed);
    s.ratio_factor = stat_ratio_.load(std::memory_order_relaxed);
    s.underruns = stat_underruns_.load(std::memory_order_relaxed);
    s.overruns = stat_overruns_.load(std::memory_order_relaxed);
    s.resyncs = stat_resyncs_.load(std::memory_order_relaxed);
    s.state = stat_state_.load(std::memory_order_relaxed);
    return s;
}

double Bridge::resampler_delay_reader_frames() const { return error_.empty() ? resampler_->delay_out_frames() : 0.0; }

double Bridge::latency_reader_frames() const {
    if (!error_.empty()) return 0.0;
    return target_fill() * nominal_ratio_ + resampler_->delay_out_frames();
}

} // namespace sy::router
