// The commands that only look: status, the model, endpoints, routes, paths.
#include <cmath>

#include "presets/preset_writer.hpp"
#include "router/control/budget_json.hpp"
#include "router/control/controller.hpp"

namespace sy::router {

namespace {

using nlohmann::json;

json gain_json(double db) { return std::isinf(db) && db < 0 ? json(nullptr) : json(db); }

const char* kind_name(graph::EndpointKind k) {
    switch (k) {
    case graph::EndpointKind::Input: return "input";
    case graph::EndpointKind::Bus: return "bus";
    case graph::EndpointKind::Output: break;
    }
    return "output";
}

} // namespace

Outcome Controller::status(ClientId, RequestArgs&) {
    json hub = {{"server", LiveSession::server_name(session_.hub())}};
    const LiveSession::HubFigures figures = session_.hub_figures();
    hub["running"] = figures.running;
    if (session_.hub() != LiveSession::Server::None) {
        hub["rate"] = figures.rate;
        hub["period"] = figures.period;
    }
    if (figures.dsp_load) hub["dsp_load"] = *figures.dsp_load;
    if (figures.xruns) hub["xruns"] = *figures.xruns;
    // Cycles longer than the Plan was built for: their outputs were silenced.
    hub["oversize_cycles"] = session_.oversize_cycles();
    json bridges = json::array();
    for (const auto& b : session_.bridge_reports()) {
        bridges.push_back({{"id", b.id}, {"from", LiveSession::server_name(b.from)}, {"to", LiveSession::server_name(b.to)},
                           {"fill", b.stats.fill}, {"target", b.stats.target_fill},
                           {"ratio", b.stats.ratio_factor}, {"locked", b.stats.locked()},
                           {"state", bridge_state_name(b.stats.state)},
                           {"underruns", b.stats.underruns}, {"overruns", b.stats.overruns},
                           {"latency", latency_mode_name(b.stats.mode)},
                           {"margin_ms", b.stats.margin_seconds * 1e3},
                           {"lateness_ms", b.stats.lateness_seconds * 1e3}});
    }
    json waiting = json::array();
    for (const auto& [id, st] : session_.endpoint_states()) {
        if (!st.ready && st.server != "none") waiting.push_back({{"id", id}, {"state", st.state}});
    }
    json servers = json::object();
    for (const ServerLink* link : {&session_.jack_link(), &session_.pipewire_link()}) {
        servers[link->server()] = {{"state", state_name(link->state())}, {"losses", link->losses()},
                                   {"since_s", std::chrono::duration<double>(ServerLink::Clock::now() - link->since()).count()}};
    }
    // Cycles the server ran without us, counted since start: JACK's xruns,
    // PipeWire's graph cycles our node was left out of or finished after
    // the driver's next wakeup. A client that wants
    // to know whether a moment of sound was whole asks before and after it.
    servers["jack"]["missed_cycles"] = session_.missed_cycles(LiveSession::Server::Jack);
    servers["pipewire"]["missed_cycles"] = session_.missed_cycles(LiveSession::Server::Pipewire);
    return Outcome::ok({{"name", session_.model().name},
                        {"revision", revision_},
                        {"hub", hub},
                        {"servers", servers},
                        {"one_clock_domain", session_.one_clock_domain()},
                        {"bridges", bridges},
                        {"waiting", waiting},
                        {"preset", {{"name", session_.model().name}, {"file", preset_file_}}}});
}

Outcome Controller::model(ClientId, RequestArgs&) {
    json doc = presets::to_json(session_.model());
    doc["revision"] = revision_;
    return Outcome::ok(std::move(doc));
}

Outcome Controller::endpoints(ClientId, RequestArgs&) {
    const auto states = session_.endpoint_states(PortDetail::List);
    json out = json::array();
    const graph::Model& m = session_.model();
    for (const auto* list : {&m.inputs, &m.buses, &m.outputs}) {
        for (const auto& e : *list) {
            json j = {{"id", e.id},
                      {"kind", kind_name(e.kind)},
                      {"channels", e.channels},
                      {"gain_db", gain_json(e.gain_db)},
                      {"mute", e.mute},
                      {"solo", e.solo}};
            if (e.rate) j["rate"] = *e.rate;
            if (const auto it = states.find(e.id); it != states.end()) {
                j["server"] = it->second.server;
                j["state"] = it->second.state;
                j["ready"] = it->second.ready;
                json ports = json::array();
                for (const auto& p : it->second.ports) ports.push_back({{"name", p.name}, {"connections", p.connections}});
                j["ports"] = std::move(ports);
            } else {
                j["server"] = "none";
                j["state"] = "bus";
                j["ready"] = true;
                j["ports"] = json::array();
            }
            out.push_back(std::move(j));
        }
    }
    return Outcome::ok(std::move(out));
}

Outcome Controller::routes(ClientId, RequestArgs&) {
    json out = json::array();
    for (const auto& r : session_.model().routes) {
        json j = {{"from", r.from}, {"to", r.to}, {"gain_db", gain_json(r.gain_db)}, {"mute", r.mute}, {"solo", r.solo}};
        if (r.map) {
            j["map"] = json::array();
            for (const auto& p : *r.map) j["map"].push_back({p.from, p.to});
        } else {
            j["map"] = nullptr;
        }
        out.push_back(std::move(j));
    }
    return Outcome::ok(std::move(out));
}

Outcome Controller::paths(ClientId, RequestArgs&) { return Outcome::ok(budgets_json(session_.budgets())); }

// {"endpoint": id} or nothing (every strip): integrated loudness, range and
// true peak start over, as at the start of a stream or a take.
Outcome Controller::loudness_reset(ClientId, RequestArgs& args) {
    const std::string id = args.optional_text("endpoint").value_or("");
    if (args.failed()) return args.failure();
    if (!id.empty() && !session_.model().find(id)) return unknown_endpoint(id);
    session_.reset_loudness(id);
    return Outcome::ok({{"endpoint", id.empty() ? nlohmann::json(nullptr) : nlohmann::json(id)}});
}

} // namespace sy::router
