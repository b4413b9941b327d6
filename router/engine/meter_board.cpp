#include "router/engine/meter_board.hpp"

#include <algorithm>

#include "router/engine/engine.hpp"

namespace sy::router {

int MeterBoard::add_reader() {
    pending_[next_reader_];
    return next_reader_++;
}

void MeterBoard::remove_reader(int reader) { pending_.erase(reader); }

void MeterBoard::sample(const graph::Model& model, const MeterSource& where) {
    if (pending_.empty()) return;
    for (const auto* list : {&model.inputs, &model.buses, &model.outputs}) {
        for (const auto& e : *list) {
            Engine* engine = where(e);
            const int slot = engine ? engine->endpoint_slot(e.id) : -1;
            const auto n = static_cast<std::size_t>(e.channels);
            std::vector<dsp::MeterReading> now(n);
            for (std::size_t c = 0; engine && c < n; ++c) now[c] = engine->take_meter(slot, static_cast<int>(c));
            const auto loudness = engine ? engine->loudness().read(e.id) : std::nullopt;
            for (auto& [reader, readings] : pending_) {
                Channels& ch = readings[e.id];
                ch.peak.resize(n, 0.0f);
                ch.rms.resize(n, 0.0f);
                ch.loudness = loudness;
                for (std::size_t c = 0; c < n; ++c) {
                    ch.peak[c] = std::max(ch.peak[c], now[c].peak);
                    ch.rms[c] = now[c].rms;
                }
            }
        }
    }
}

MeterBoard::Readings MeterBoard::take(int reader) {
    auto it = pending_.find(reader);
    if (it == pending_.end()) return {};
    Readings out = std::move(it->second);
    it->second.clear();
    return out;
}

} // namespace sy::router
