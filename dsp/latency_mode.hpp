// How tight the bridges an endpoint crosses run: `safe` keeps room for a
// busier minute than the last, `low` runs as tight as measured and may take
// a shorter resampler filter (router/bridge/bridge_margin.hpp says how).
// Here, below both the preset model and the bridges, so that both name the
// same type, as they do dsp::Quality.
#pragma once

#include <cstdint>

namespace sy::dsp {

enum class LatencyMode : std::uint8_t { Safe, Low };

// "safe", "low": the preset's words, for files, status lines and logs.
inline const char* latency_mode_name(LatencyMode mode) { return mode == LatencyMode::Low ? "low" : "safe"; }

} // namespace sy::dsp
