// What our PipeWire node tells the graph about its latency, port by port:
// each port's Latency param in its own direction (an input port: how long
// until what it takes is played; an output port: how old what it gives is)
// is our own part of every path through it plus what the peers at the
// path's other end reported, as a range over the paths (reported_latency.hpp).
// PipeWire passes it on along the links, so what our ports feed and what
// feeds them see the true delay, as JACK clients do through the latency
// callback.
#include <pipewire/filter.h>
#include <spa/pod/builder.h>

#include <algorithm>
#include <cstring>

#include "router/pipewire/node.hpp"
#include "router/pipewire/reported_latency.hpp"

namespace sy::router {

namespace {

bool same(const spa_latency_info& a, const spa_latency_info& b) {
    return a.direction == b.direction && a.min_quantum == b.min_quantum && a.max_quantum == b.max_quantum &&
           a.min_rate == b.min_rate && a.max_rate == b.max_rate && a.min_ns == b.min_ns && a.max_ns == b.max_ns;
}

} // namespace

void PipewireNode::set_latencies(std::vector<graph::EndpointLatency> latencies) {
    // loop thread only
    latencies_ = std::move(latencies);
    publish_latency();
}

std::optional<spa_latency_info> PipewireNode::heard(const std::string& id) const {
    // loop thread only
    const auto p = std::find_if(ports_.begin(), ports_.end(), [&](const Ports& ports) { return ports.id == id; });
    if (p == ports_.end() || p->heard.empty()) return std::nullopt;
    spa_latency_info all{};
    spa_latency_info_combine_start(&all, p->heard.front().direction);
    for (const auto& h : p->heard) spa_latency_info_combine(&all, &h);
    spa_latency_info_combine_finish(&all);
    return all;
}

void PipewireNode::publish_latency() {
    // loop thread only. A port is told again only when its figure changed:
    // each update travels along its links to the peers.
    if (!filter_) return;
    for (auto& p : ports_) {
        graph::EndpointLatency mine{p.id, p.input, {}};
        for (const auto& l : latencies_) {
            if (l.id == p.id && l.input == p.input) mine.terms = l.terms;
        }
        const spa_direction direction = p.input ? SPA_DIRECTION_INPUT : SPA_DIRECTION_OUTPUT;
        const spa_latency_info info =
            pipewire_reported_latency(mine, direction, [this](const std::string& id) { return heard(id); });
        if (p.told && same(*p.told, info)) continue;
        p.told = info;
        for (PortCell* cell : p.cells) {
            std::uint8_t buffer[512];
            spa_pod_builder b = SPA_POD_BUILDER_INIT(buffer, sizeof buffer);
            const spa_pod* params[1] = {spa_latency_build(&b, SPA_PARAM_Latency, &info)};
            pw_filter_update_params(filter_, cell, params, 1);
        }
    }
}

void PipewireNode::on_param_changed(void* data, void* port, std::uint32_t id, const spa_pod* param) {
    // loop thread only. With PW_FILTER_FLAG_CUSTOM_LATENCY PipeWire hands
    // us the Latency a peer reported on one of our ports (in the direction
    // opposite the port's: what lies beyond it) and leaves the rest to us.
    auto* self = static_cast<PipewireNode*>(data);
    if (id != SPA_PARAM_Latency || !port || !param) return;
    spa_latency_info info{};
    if (spa_latency_parse(param, &info) < 0) return;
    for (auto& p : self->ports_) {
        const auto cell = std::find(p.cells.begin(), p.cells.end(), static_cast<PortCell*>(port));
        if (cell == p.cells.end()) continue;
        const spa_direction beyond = p.input ? SPA_DIRECTION_OUTPUT : SPA_DIRECTION_INPUT;
        if (info.direction != beyond) return;
        auto& heard = p.heard[static_cast<std::size_t>(cell - p.cells.begin())];
        if (same(heard, info)) return;
        heard = info;
        self->publish_latency();
        return;
    }
}

} // namespace sy::router
