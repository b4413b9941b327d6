#include "router/bridge/bridge_margin.hpp"

#include <algorithm>
#include <cstdio>

namespace sy::router {

const char* latency_mode_name(LatencyMode mode) { return mode == LatencyMode::Low ? "low" : "safe"; }

double bridge_margin_seconds(LatencyMode mode, double lateness, double extra, double loop) {
    using P = MarginPolicy;
    const bool low = mode == LatencyMode::Low;
    const double scale = low ? 1.0 : P::kSafeScale;
    const double floor = low ? P::kLowFloorSeconds : P::kSafeFloorSeconds;
    const double stray = std::max(P::kLoopBoundSeconds, loop);
    const double measured = std::max(floor, scale * std::max(0.0, lateness) + stray);
    return std::min(P::kMaxSeconds, measured + std::clamp(extra, 0.0, P::kMaxExtraSeconds));
}

std::string bridge_margin_reason(LatencyMode mode, double lateness, double extra, double loop) {
    using P = MarginPolicy;
    const bool low = mode == LatencyMode::Low;
    const double scale = low ? 1.0 : P::kSafeScale;
    const double floor = low ? P::kLowFloorSeconds : P::kSafeFloorSeconds;
    const double stray = std::max(P::kLoopBoundSeconds, loop);
    char text[160];
    if (scale * lateness + stray < floor) {
        std::snprintf(text, sizeof text, "%s: floor %.2f ms (p99.9 lateness %.2f ms + loop %.2f ms is less)",
                      latency_mode_name(mode), floor * 1e3, lateness * 1e3, stray * 1e3);
    } else if (low) {
        std::snprintf(text, sizeof text, "low: p99.9 lateness %.2f ms + loop %.2f ms", lateness * 1e3, stray * 1e3);
    } else {
        std::snprintf(text, sizeof text, "safe: %.1f x p99.9 lateness %.2f ms + loop %.2f ms", scale, lateness * 1e3,
                      stray * 1e3);
    }
    std::string reason = text;
    if (extra > 0.0) {
        std::snprintf(text, sizeof text, " + %.2f ms after underruns", std::min(extra, P::kMaxExtraSeconds) * 1e3);
        reason += text;
    }
    return reason;
}

} // namespace sy::router
