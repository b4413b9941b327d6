// Bridges the bridge tests share.
#pragma once

#include "router/bridge/bridge.hpp"

namespace sy::router::test_configs {

// A JACK output at 48 kHz / 256 into PipeWire's 44.1 kHz sink at quantum
// 128, mono, the fast resampler: the crossing whose clocks differ most.
inline BridgeConfig jack_to_pipewire_44k1() {
    BridgeConfig config;
    config.channels = 1;
    config.writer_rate = 48000;
    config.writer_period = 256;
    config.reader_rate = 44100;
    config.reader_period = 128;
    config.quality = dsp::Quality::Fast;
    return config;
}

} // namespace sy::router::test_configs
