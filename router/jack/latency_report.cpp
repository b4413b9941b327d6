#include "router/jack/latency_report.hpp"

#include <algorithm>
#include <cmath>
#include <memory>

namespace sy::router {

bool JackLatencyReport::publish(jack_client_t* client, std::vector<JackLatencyRow> rows) {
    // control thread only
    if (const Table* now = table_.current(); now && now->client == client && now->rows == rows) return false;
    auto next = std::make_unique<Table>();
    next->client = client;
    next->rows = std::move(rows);
    table_.publish(std::move(next));
    return true;
}

void JackLatencyReport::reclaim(bool client_open) {
    // control thread only
    table_.reclaim({client_open});
}

graph::FrameRange JackLatencyReport::known_range(const Table& table, const std::string& id,
                                                 jack_latency_callback_mode_t mode) {
    // JACK's notification thread
    const auto row = std::find_if(table.rows.begin(), table.rows.end(),
                                  [&](const JackLatencyRow& r) { return r.latency.id == id; });
    if (row == table.rows.end()) return {};
    bool any = false;
    graph::FrameRange known{};
    for (const auto& name : row->ports) {
        jack_port_t* port = jack_port_by_name(table.client, name.c_str());
        if (!port) continue;
        jack_latency_range_t r{};
        jack_port_get_latency_range(port, mode, &r);
        known.min = any ? std::min(known.min, static_cast<double>(r.min)) : r.min;
        known.max = any ? std::max(known.max, static_cast<double>(r.max)) : r.max;
        any = true;
    }
    return known;
}

void JackLatencyReport::report(jack_latency_callback_mode_t mode) {
    // JACK's notification thread only: no lock, nothing the control thread
    // holds; JACK calls it once per direction whenever the graph's latency
    // is recomputed.
    const Table* table = table_.acquire(0).value;
    if (!table || !table->client) return;
    // Capture latency flows downstream: our outputs report it. Playback
    // latency flows upstream: our inputs report it.
    const bool inputs_report = mode == JackPlaybackLatency;
    for (const auto& row : table->rows) {
        if (row.latency.input != inputs_report) continue;
        const graph::FrameRange r = graph::reported_range(
            row.latency, [&](const std::string& other) { return known_range(*table, other, mode); });
        jack_latency_range_t range{static_cast<jack_nframes_t>(std::lround(std::max(0.0, r.min))),
                                   static_cast<jack_nframes_t>(std::lround(std::max(0.0, r.max)))};
        for (const auto& name : row.ports) {
            if (jack_port_t* port = jack_port_by_name(table->client, name.c_str())) jack_port_set_latency_range(port, mode, &range);
        }
    }
}

} // namespace sy::router
