// The latency budget's parts, sorted into the few kinds a person reads on a
// stacked bar. The engine names parts in words ("jack capture (daw)",
// "bridge phones (fill + resampler)", "engine period", "output resampler
// 48000 -> 44100"); the bar only needs to know which kind each one is.
#pragma once

#include <string>

namespace sy::gui {

enum class LatencyKind { device, period, bridge, resampler, quantum, other };
inline constexpr int kLatencyKinds = 6;

LatencyKind latency_kind_of(const std::string& part_name);
const char* latency_kind_label(LatencyKind kind); // "device", "period", ...

struct Rgb {
    double r = 0, g = 0, b = 0;
};
Rgb latency_kind_colour(LatencyKind kind);

} // namespace sy::gui
