// What a running session reports: latency budgets, status lines, where
// each endpoint went.
#include <cmath>
#include <cstdio>

#include "router/session/live_session.hpp"

#include "router/jack/side.hpp"
#include "router/session/live_endpoints.hpp"

namespace sy::router {

namespace {

std::string db(float linear) {
    char buf[16];
    if (linear <= 1e-6f) return "-inf";
    std::snprintf(buf, sizeof buf, "%.1f", 20.0 * std::log10(linear));
    return buf;
}

graph::LatencyPart part(std::string name, std::string kind, double frames, double rate, double hub_rate) {
    const double ms = rate > 0 ? frames * 1000.0 / rate : 0.0;
    return {std::move(name), ms * hub_rate / 1000.0, ms, std::move(kind)};
}

} // namespace

// Only what delays audio: the devices' own latency (JACK's and PipeWire's
// latency ranges, which already hold their periods) and, when the path's
// input crosses into its output's domain, that bridge's ring fill and
// resampler. An engine's period is not a delay of its own: an input read in
// a cycle is written out in that same cycle. Checked against a measured
// round trip in tests/integration/live_latency_test.cpp.
std::vector<graph::LatencyPart> LiveSession::endpoint_parts(const graph::Endpoint& e, const graph::Endpoint& output) const {
    const double hub = model_.engine.rate;
    std::vector<graph::LatencyPart> parts;
    if (served_by_jack(e) && jack_->running()) {
        const unsigned f = jack_->device_latency_frames(e.id);
        const char* what = e.kind == graph::EndpointKind::Input ? "capture" : "playback";
        if (f > 0) parts.push_back(part(std::string("jack ") + what + " (" + e.id + ")", "device", f, jack_->rate(), hub));
    }
    const Server runs_in = server_of(home_of(output)); // the path runs in its output's domain
    for (const auto& c : crossings_) {
        if (c->id != e.id || c->to != runs_in) continue; // a crossing carries an input: ids are unique
        // A bridge holds a period of each side (a JACK period and a PipeWire
        // quantum) plus its safety margin, then the resampler's delay.
        const BridgeConfig& b = c->bridge->config();
        const bool jack_writes = c->from == Server::Jack;
        const double jack_period = jack_writes ? b.writer_period : b.reader_period;
        const double jack_rate = jack_writes ? b.writer_rate : b.reader_rate;
        const double quantum = jack_writes ? b.reader_period : b.writer_period;
        const double quantum_rate = jack_writes ? b.reader_rate : b.writer_rate;
        parts.push_back(part("jack period (bridge " + e.id + ")", "period", jack_period, jack_rate, hub));
        parts.push_back(part("pipewire quantum (bridge " + e.id + ")", "quantum", quantum, quantum_rate, hub));
        const BridgeStats stats = c->bridge->stats();
        graph::LatencyPart margin_part =
            part("bridge margin (" + e.id + ")", "bridge", stats.margin_seconds * b.writer_rate, b.writer_rate, hub);
        margin_part.why = bridge_margin_reason(stats.mode, {stats.lateness_seconds, stats.max_lateness_seconds},
                                               stats.extra_seconds, stats.loop_seconds);
        margin_part.margin = graph::LatencyPart::MarginSource{latency_mode_name(stats.mode), stats.lateness_seconds * 1e3,
                                                               stats.max_lateness_seconds * 1e3, stats.extra_seconds * 1e3};
        parts.push_back(std::move(margin_part));
        parts.push_back(part("resampler (bridge " + e.id + ")", "resampler", c->bridge->resampler_delay_reader_frames(),
                             b.reader_rate, hub));
    }
    if (served_by_pipewire(e)) {
        const double pw_rate = pipewire_.rate() > 0 ? pipewire_.rate() : hub;
        const double dev = pipewire_.device_latency_frames(e.id);
        if (dev > 0) parts.push_back(part("pipewire device (" + e.id + ")", "device", dev, pw_rate, hub));
    }
    return parts;
}

std::vector<graph::PathBudget> LiveSession::budgets() const {
    // An insert's delay as its running plugin last reported it, in the
    // engine that runs its strip (a bus's copy in the hub's, when it runs).
    const double hub_rate = model_.engine.rate;
    auto insert_latency = [this, hub_rate](const graph::Endpoint& e, const graph::Insert& insert) {
        for (const auto& engine : engines_) {
            const auto slot = engine->inserts().slot(e.id, insert.id);
            if (!slot) continue;
            return slot->unit().latency_frames() * hub_rate / engine->model().engine.rate;
        }
        return 0.0;
    };
    std::vector<graph::PathBudget> out = graph::path_budgets(
        model_, graph::engine_resampler_delay(model_),
        [this](const graph::Endpoint& e, const graph::Endpoint& output) { return endpoint_parts(e, output); },
        insert_latency);
    for (auto& b : out) {
        if (const graph::Endpoint* output = model_.find(b.hops.back())) b.runs_in = server_name(server_of(home_of(*output)));
    }
    return out;
}

void LiveSession::sample_meters() {
    // control thread only. An input or output at home, a bus in the hub's
    // domain when it runs there; else the other engine's copy.
    meters_.sample(model_, [this](const graph::Endpoint& e) -> Engine* {
        const Server first = e.kind == graph::EndpointKind::Bus
                                 ? (hub_server_ == Server::None ? Server::Jack : hub_server_)
                                 : server_of(home_of(e));
        for (Server s : {first, first == Server::Jack ? Server::Pipewire : Server::Jack}) {
            if (engines_[index(s)]->endpoint_slot(e.id) >= 0) return engines_[index(s)].get();
        }
        return nullptr;
    });
}

std::uint64_t LiveSession::oversize_cycles() const {
    return engines_[0]->oversize_cycles() + engines_[1]->oversize_cycles();
}

std::uint64_t LiveSession::bridge_underruns() const {
    std::uint64_t n = 0;
    for (const auto& c : crossings_) n += c->bridge->stats().underruns;
    return n;
}

std::uint64_t LiveSession::bridge_overruns() const {
    std::uint64_t n = 0;
    for (const auto& c : crossings_) n += c->bridge->stats().overruns;
    return n;
}

bool LiveSession::bridges_locked() const {
    for (const auto& c : crossings_) {
        if (!c->bridge->stats().locked()) return false;
    }
    return true;
}

std::vector<std::string> LiveSession::endpoint_report() const {
    std::vector<std::string> lines;
    each_endpoint(model_, [&](const graph::Endpoint& e, bool input) {
        std::string where = served_by_jack(e) ? (jack_->running() ? "JACK ports of client " + model_.name : "JACK (no server: waiting)")
                          : on_jack(e)      ? "PipeWire's JACK: ports of the PipeWire node, one clock domain"
                          : on_pipewire(e)  ? "PipeWire"
                                           : "nowhere live (a plain endpoint is for offline render)";
        lines.push_back(std::string(input ? "input  " : "output ") + e.id + ": " + where);
    });
    for (const auto& s : pipewire_.status()) lines.push_back("  pipewire " + s.id + ": " + s.state);
    for (const auto& s : jack_->status()) {
        lines.push_back("  jack " + s.id + ": " + std::to_string(s.connected) + "/" + std::to_string(s.wanted) + " connections");
    }
    return lines;
}

std::string LiveSession::status_line() {
    std::string line;
    char buf[256];
    if (hub_server_ == Server::Jack) {
        std::snprintf(buf, sizeof buf, "hub jack %d Hz/%d dsp %.1f%% xruns %llu", jack_->rate(), jack_->period(),
                      static_cast<double>(jack_->dsp_load()), static_cast<unsigned long long>(jack_->xruns()));
    } else if (hub_server_ == Server::Pipewire) {
        std::snprintf(buf, sizeof buf, "hub pipewire %d Hz/%d", pipewire_.rate(), pipewire_.quantum());
    } else {
        std::snprintf(buf, sizeof buf, "hub none (no server: waiting)");
    }
    line += buf;
    // Each server's state, as its ServerLink sees it ("jack lost 1.2 s ago (1 losses)").
    // The other server's sizes follow its state: what its crossings were built for.
    if (jack_link_.state() != ServerState::Off) line += " | jack " + jack_link_.describe();
    if (hub_server_ != Server::Jack && jack_->running()) {
        std::snprintf(buf, sizeof buf, " %d Hz/%d xruns %llu", jack_->rate(), jack_->period(),
                      static_cast<unsigned long long>(jack_->xruns()));
        line += buf;
    }
    if (pipewire_link_.state() != ServerState::Off) line += " | pipewire " + pipewire_link_.describe();
    if (one_domain_) line += " | jack is PipeWire's (one clock domain)";
    if (hub_server_ != Server::Pipewire && pipewire_.running()) {
        std::snprintf(buf, sizeof buf, " %d Hz/%d", pipewire_.rate(), pipewire_.quantum());
        line += buf;
    }
    if (pipewire_.running() && pipewire_.missed_cycles() > 0) {
        std::snprintf(buf, sizeof buf, " | pipewire missed %llu", static_cast<unsigned long long>(pipewire_.missed_cycles()));
        line += buf;
    }
    if (status_meter_reader_ < 0) status_meter_reader_ = meters_.add_reader();
    sample_meters();
    const MeterBoard::Readings readings = meters_.take(status_meter_reader_);
    each_endpoint(model_, [&](const graph::Endpoint& e, bool) {
        float peak = 0;
        if (auto it = readings.find(e.id); it != readings.end()) {
            for (float p : it->second.peak) peak = std::max(peak, p);
        }
        line += " | " + e.id + " " + db(peak);
    });
    for (const auto& c : crossings_) {
        const BridgeStats s = c->bridge->stats();
        std::snprintf(buf, sizeof buf, " | bridge %s fill %.0f/%.0f ratio %.6f%s u%llu o%llu r%llu", c->id.c_str(),
                      s.fill, s.target_fill, s.ratio_factor, s.locked() ? " locked" : " locking",
                      static_cast<unsigned long long>(s.underruns), static_cast<unsigned long long>(s.overruns),
                      static_cast<unsigned long long>(s.resyncs));
        line += buf;
    }
    for (const auto& s : pipewire_.status()) {
        if (s.state.rfind("waiting", 0) == 0) line += " | " + s.id + " " + s.state;
    }
    return line;
}

std::map<std::string, LiveSession::EndpointState> LiveSession::endpoint_states(PortDetail detail) const {
    std::map<std::string, EndpointState> states;
    std::map<std::string, PipewireEndpointStatus> pw;
    for (auto& s : pipewire_.status(detail)) pw[s.id] = std::move(s);
    std::map<std::string, JackEndpointStatus> jack;
    for (const auto& s : jack_->status(detail)) jack[s.id] = s;
    each_endpoint(model_, [&](const graph::Endpoint& e, bool) {
        EndpointState& st = states[e.id];
        if (served_by_jack(e)) {
            st.server = "jack";
            if (jack_link_.state() == ServerState::Absent) {
                st.state = "waiting for a JACK server";
            } else if (!jack_->running()) {
                st.state = "waiting for the JACK server to come back";
            } else {
                const auto it = jack.find(e.id);
                const int connected = it == jack.end() ? 0 : it->second.connected;
                const int wanted = it == jack.end() ? 0 : it->second.wanted;
                st.state = jack_connection_state(connected, wanted);
                st.ready = connected == wanted;
                if (it != jack.end()) st.ports = it->second.ports;
            }
        } else if (served_by_pipewire(e)) {
            st.server = "pipewire";
            const auto it = pw.find(e.id);
            st.state = it == pw.end() ? "not started" : it->second.state;
            st.ready = it != pw.end() && it->second.ready;
            if (it != pw.end()) st.ports = it->second.ports;
        } else {
            st.server = "none";
            st.state = "plain endpoint (offline render only)";
        }
    });
    return states;
}

std::vector<LiveSession::BridgeReport> LiveSession::bridge_reports() const {
    std::vector<BridgeReport> out;
    for (const auto& c : crossings_) out.push_back({c->id, c->from, c->to, c->bridge->stats()});
    return out;
}

LiveSession::HubFigures LiveSession::hub_figures() const {
    // control thread only
    HubFigures f;
    if (hub_server_ == Server::Jack) {
        f = {jack_->running(), jack_->rate(), jack_->period(), jack_->dsp_load(), jack_->xruns()};
    } else if (hub_server_ == Server::Pipewire) {
        f = {pipewire_.running(), pipewire_.rate(), pipewire_.quantum(), std::nullopt, std::nullopt};
    }
    return f;
}

std::uint64_t LiveSession::missed_cycles(Server s) const {
    if (s == Server::Jack) return jack_->xruns();
    if (s == Server::Pipewire) return pipewire_.missed_cycles();
    return 0;
}

} // namespace sy::router
