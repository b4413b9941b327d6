#include "gui/latency_parts.hpp"

namespace sy::gui {

LatencyKind latency_kind_from_tag(const std::string& kind) {
    for (LatencyKind k : {LatencyKind::device, LatencyKind::period, LatencyKind::bridge, LatencyKind::resampler,
                          LatencyKind::quantum, LatencyKind::insert}) {
        if (kind == latency_kind_label(k)) return k;
    }
    return LatencyKind::other;
}

const char* latency_kind_label(LatencyKind kind) {
    switch (kind) {
    case LatencyKind::device: return "device";
    case LatencyKind::period: return "period";
    case LatencyKind::bridge: return "bridge";
    case LatencyKind::resampler: return "resampler";
    case LatencyKind::quantum: return "quantum";
    case LatencyKind::insert: return "insert";
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
    case LatencyKind::insert: return {0.93, 0.33, 0.31};
    case LatencyKind::other: break;
    }
    return {0.55, 0.58, 0.62};
}

} // namespace sy::gui
