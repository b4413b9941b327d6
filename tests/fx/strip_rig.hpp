// One strip through an Engine, block by block: an input "mic" of 1 or 2
// channels routed to a stereo output "out", with the inserts a test puts
// on the input. Feeds tones and reads back levels.
#pragma once

#include <cmath>
#include <numbers>
#include <vector>

#include "graph/model.hpp"
#include "router/engine/engine.hpp"

namespace sy::test {

inline graph::Model strip_model(int channels, graph::Inserts inserts) {
    graph::Model m;
    m.engine.rate = 48000;
    graph::Endpoint mic;
    mic.id = "mic";
    mic.kind = graph::EndpointKind::Input;
    mic.channels = channels;
    mic.inserts = std::move(inserts);
    graph::Endpoint out;
    out.id = "out";
    out.kind = graph::EndpointKind::Output;
    out.channels = 2;
    m.inputs.push_back(mic);
    m.outputs.push_back(out);
    graph::Route r;
    r.from = "mic";
    r.to = "out";
    m.routes.push_back(r);
    return m;
}

inline graph::Insert lv2_insert(const std::string& id, const std::string& uri,
                                std::map<std::string, graph::ControlValue> controls = {}) {
    graph::Insert i;
    i.id = id;
    i.lv2 = uri;
    i.controls = std::move(controls);
    return i;
}

struct StripRig {
    static constexpr int kFrames = 256;
    static constexpr int kRate = 48000;
    router::Engine engine{router::EngineOptions{kFrames, 5.0}};
    std::vector<float> in_l = std::vector<float>(kFrames), in_r = std::vector<float>(kFrames);
    std::vector<float> out_l = std::vector<float>(kFrames), out_r = std::vector<float>(kFrames);
    router::IoTable io;
    double phase = 0.0;

    void wire() {
        io.clear();
        const auto mic = static_cast<std::size_t>(engine.endpoint_slot("mic"));
        const auto out = static_cast<std::size_t>(engine.endpoint_slot("out"));
        io.channel[mic][0] = in_l.data();
        io.channel[mic][1] = in_r.data();
        io.channel[out][0] = out_l.data();
        io.channel[out][1] = out_r.data();
    }

    // `seconds` of a sine of `amplitude` at `hz` on both input channels;
    // returns the left output.
    std::vector<float> play(double hz, double amplitude, double seconds) {
        std::vector<float> heard;
        const int cycles = static_cast<int>(seconds * kRate / kFrames);
        for (int k = 0; k < cycles; ++k) {
            for (int i = 0; i < kFrames; ++i) {
                in_l[static_cast<std::size_t>(i)] = in_r[static_cast<std::size_t>(i)] =
                    static_cast<float>(amplitude * std::sin(phase));
                phase += 2 * std::numbers::pi * hz / kRate;
            }
            engine.process(kFrames, io);
            heard.insert(heard.end(), out_l.begin(), out_l.end());
        }
        return heard;
    }
};

// RMS of the last `seconds` of `x`, in dB.
inline double tail_db(const std::vector<float>& x, double seconds) {
    const std::size_t n = static_cast<std::size_t>(seconds * StripRig::kRate);
    double sum = 0.0;
    for (std::size_t i = x.size() - n; i < x.size(); ++i) sum += static_cast<double>(x[i]) * x[i];
    return 10.0 * std::log10(sum / static_cast<double>(n) + 1e-30);
}

// Level of a sine of `amplitude` in the same terms.
inline double sine_db(double amplitude) { return 20.0 * std::log10(amplitude / std::numbers::sqrt2); }

} // namespace sy::test
