// The latency budget's parts, sorted into the few kinds a person reads on a
// stacked bar: the engine tags every part with its kind ("device", "period",
// "bridge", "resampler", "quantum", "insert") beside its name in words.
#pragma once

#include <string>

namespace sy::gui {

enum class LatencyKind { device, period, bridge, resampler, quantum, insert, other };
inline constexpr int kLatencyKinds = 7;

// The engine's own word for a part's kind ("device", "period", "bridge",
// "resampler", "quantum", "insert"); anything else is `other`.
LatencyKind latency_kind_from_tag(const std::string& kind);
const char* latency_kind_label(LatencyKind kind); // "device", "period", ...

struct Rgb {
    double r = 0, g = 0, b = 0;
};
Rgb latency_kind_colour(LatencyKind kind);

} // namespace sy::gui
