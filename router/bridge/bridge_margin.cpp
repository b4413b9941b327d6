#include "router/bridge/bridge_margin.hpp"

#include <algorithm>
#include <cstdio>

namespace sy::router {

namespace {

// The policy's terms for one mode, so that the margin and its reason are
// worked out from the same figures.
struct Terms {
    double scale;
    double floor;
    double stray; // the loop's part: its bound, or more when it strayed further
};

Terms terms(LatencyMode mode, double loop) {
    using P = MarginPolicy;
    const bool low = mode == LatencyMode::Low;
    return {low ? 1.0 : P::kSafeScale, low ? P::kLowFloorSeconds : P::kSafeFloorSeconds,
            std::max(P::kLoopBoundSeconds, loop)};
}

} // namespace

double bridge_margin_seconds(LatencyMode mode, double lateness, double extra, double loop) {
    using P = MarginPolicy;
    const Terms t = terms(mode, loop);
    const double measured = std::max(t.floor, t.scale * std::max(0.0, lateness) + t.stray);
    return std::min(P::kMaxSeconds, measured + std::clamp(extra, 0.0, P::kMaxExtraSeconds));
}

std::string bridge_margin_reason(LatencyMode mode, double lateness, double extra, double loop) {
    using P = MarginPolicy;
    const Terms t = terms(mode, loop);
    char text[160];
    if (t.scale * lateness + t.stray < t.floor) {
        std::snprintf(text, sizeof text, "%s: floor %.2f ms (p99.9 lateness %.2f ms + loop %.2f ms is less)",
                      latency_mode_name(mode), t.floor * 1e3, lateness * 1e3, t.stray * 1e3);
    } else if (mode == LatencyMode::Low) {
        std::snprintf(text, sizeof text, "low: p99.9 lateness %.2f ms + loop %.2f ms", lateness * 1e3, t.stray * 1e3);
    } else {
        std::snprintf(text, sizeof text, "safe: %.1f x p99.9 lateness %.2f ms + loop %.2f ms", t.scale, lateness * 1e3,
                      t.stray * 1e3);
    }
    std::string reason = text;
    if (extra > 0.0) {
        std::snprintf(text, sizeof text, " + %.2f ms after underruns", std::min(extra, P::kMaxExtraSeconds) * 1e3);
        reason += text;
    }
    return reason;
}

} // namespace sy::router
