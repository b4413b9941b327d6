#include "fx/insert_latency.hpp"

#include <map>
#include <memory>

#include "fx/insert_factory.hpp"

namespace sy::fx {

graph::InsertLatency instantiated_insert_latency(const graph::Model& model) {
    const int rate = model.engine.rate;
    const int period = model.engine.period;
    // One figure per plugin, strip width and controls (a lookahead, a
    // linear-phase mode change the delay): a path list asks for each strip
    // once per path through it.
    auto known = std::make_shared<std::map<std::string, double>>();
    return [rate, period, known](const graph::Endpoint& strip, const graph::Insert& insert) {
        std::string key = insert.kind() + "\x1f" + std::to_string(strip.channels);
        for (const auto& [symbol, value] : insert.controls) key += "\x1f" + symbol + "=" + graph::to_text(value);
        if (auto it = known->find(key); it != known->end()) return it->second;
        std::string error;
        auto unit = make_unit(insert, strip.channels, rate, period, error);
        const double frames = unit ? unit->latency_frames() : 0.0;
        known->emplace(key, frames);
        return frames;
    };
}

} // namespace sy::fx
