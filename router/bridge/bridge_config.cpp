// What a bridge accepts: checked once, before the ring and the resampler
// are sized from it.
#include <cmath>
#include <cstdio>
#include <string>

#include "dsp/channels.hpp"
#include "router/bridge/bridge.hpp"

namespace sy::router {
namespace {

constexpr int kMaxPeriod = 16384;

} // namespace

std::string bridge_rate_text(double rate) {
    char text[32];
    std::snprintf(text, sizeof text, "%g Hz", rate);
    return text;
}

std::string check_bridge_config(const BridgeConfig& config) {
    if (config.channels < 1 || config.channels > dsp::kMaxChannels) {
        return "bridge: " + std::to_string(config.channels) + " channels (1 to " + std::to_string(dsp::kMaxChannels) +
               " allowed)";
    }
    for (double rate : {config.writer_rate, config.reader_rate}) {
        if (!std::isfinite(rate) || rate < 1000.0 || rate > 1e6) {
            return "bridge: a rate of " + bridge_rate_text(rate) + " (1 kHz to 1 MHz allowed)";
        }
    }
    for (int period : {config.writer_period, config.reader_period}) {
        if (period < 1 || period > kMaxPeriod) {
            return "bridge: a period of " + std::to_string(period) + " frames (1 to " + std::to_string(kMaxPeriod) +
                   " allowed)";
        }
    }
    return {};
}

} // namespace sy::router
