#include "router/bridge/bridge_margin.hpp"

#include <algorithm>
#include <cstdio>

namespace sy::router {

namespace {

// The policy's terms for one mode, so that the margin and its reason are
// worked out from the same figures.
struct Terms {
    double lateness; // the lateness the margin covers
    bool latest;     // which is the minute's latest landing (safe mode)
    double floor;
    double stray; // the loop's part: its bound, or more when it strayed further
};

Terms terms(LatencyMode mode, MeasuredLateness measured, double loop) {
    using P = MarginPolicy;
    const double stray = std::max(P::kLoopBoundSeconds, loop);
    const double p999 = std::max(0.0, measured.p999);
    if (mode == LatencyMode::Low) return {p999, false, P::kLowFloorSeconds, stray};
    const bool latest = measured.latest > P::kSafeScale * p999;
    return {latest ? measured.latest : P::kSafeScale * p999, latest, P::kSafeFloorSeconds, stray};
}

} // namespace

double bridge_margin_seconds(LatencyMode mode, MeasuredLateness lateness, double extra, double loop) {
    using P = MarginPolicy;
    const Terms t = terms(mode, lateness, loop);
    const double measured = std::max(t.floor, t.lateness + t.stray);
    return std::min(P::kMaxSeconds, measured + std::clamp(extra, 0.0, P::kMaxExtraSeconds));
}

std::string bridge_margin_reason(LatencyMode mode, MeasuredLateness lateness, double extra, double loop) {
    using P = MarginPolicy;
    const Terms t = terms(mode, lateness, loop);
    const double p999 = lateness.p999 * 1e3;
    char text[160];
    if (t.lateness + t.stray < t.floor) {
        std::snprintf(text, sizeof text, "%s: floor %.2f ms (p99.9 lateness %.2f ms + loop %.2f ms is less)",
                      latency_mode_name(mode), t.floor * 1e3, p999, t.stray * 1e3);
    } else if (mode == LatencyMode::Low) {
        std::snprintf(text, sizeof text, "low: p99.9 lateness %.2f ms + loop %.2f ms", p999, t.stray * 1e3);
    } else if (t.latest) {
        std::snprintf(text, sizeof text, "safe: latest landing %.2f ms (p99.9 %.2f ms) + loop %.2f ms",
                      t.lateness * 1e3, p999, t.stray * 1e3);
    } else {
        std::snprintf(text, sizeof text, "safe: %.1f x p99.9 lateness %.2f ms + loop %.2f ms", P::kSafeScale, p999,
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
