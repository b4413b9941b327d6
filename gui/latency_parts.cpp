#include "gui/latency_parts.hpp"

namespace sy::gui {

LatencyKind latency_kind_of(const std::string& name) {
    auto has = [&](const char* word) { return name.find(word) != std::string::npos; };
    // A bridge's part holds its resampler too ("fill + resampler"): it is
    // the bridge's cost, so "bridge" is looked for first.
    if (name.starts_with("bridge")) return LatencyKind::bridge;
    if (has("quantum")) return LatencyKind::quantum;
    if (has("period")) return LatencyKind::period;
    if (has("resampler")) return LatencyKind::resampler;
    if (has("device") || has("capture") || has("playback")) return LatencyKind::device;
    return LatencyKind::other;
}

const char* latency_kind_label(LatencyKind kind) {
    switch (kind) {
    case LatencyKind::device: return "device";
    case LatencyKind::period: return "period";
    case LatencyKind::bridge: return "bridge";
    case LatencyKind::resampler: return "resampler";
    case LatencyKind::quantum: return "quantum";
    case LatencyKind::other: break;
    }
    return "other";
}

Rgb latency_kind_colour(LatencyKind kind) {
    switch (kind) {
    case LatencyKind::device: return {0.36, 0.66, 0.92};
    case LatencyKind::period: return {0.66, 0.55, 0.98};
    case LatencyKind::bridge: return {0.96, 0.62, 0.04};
    case LatencyKind::resampler: return {0.96, 0.45, 0.71};
    case LatencyKind::quantum: return {0.20, 0.83, 0.60};
    case LatencyKind::other: break;
    }
    return {0.55, 0.58, 0.62};
}

} // namespace sy::gui
