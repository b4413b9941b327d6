// The engine's meters have one consumer (reading one resets its peak); the
// board is that consumer, and keeps for each of its readers (the status
// line, every client subscribed to meters) the peaks it has not seen yet, so
// no reader steals another's.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dsp/loudness_meter.hpp"
#include "graph/model.hpp"

namespace sy::router {

class Engine;

class MeterBoard {
public:
    struct Channels {
        std::vector<float> peak; // largest |sample| since the reader's last take, per channel
        std::vector<float> rms;  // the latest RMS, per channel
        // The strip's loudness as last drained (EBU R 128); none when the
        // engine that runs it has no meter for it.
        std::optional<dsp::LoudnessReading> loudness;
    };
    using Readings = std::map<std::string, Channels>; // by endpoint id

    // Control thread for everything.
    int add_reader();
    void remove_reader(int reader);
    // Reads every endpoint's meters once, from the engine `where` says runs
    // it (none: silence), and adds them to every reader's.
    using MeterSource = std::function<Engine*(const graph::Endpoint& endpoint)>;
    void sample(const graph::Model& model, const MeterSource& where);
    // What `reader` has not seen yet; starts it afresh.
    Readings take(int reader);

private:
    std::map<int, Readings> pending_;
    int next_reader_ = 0;
};

} // namespace sy::router
