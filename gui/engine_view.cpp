#include "gui/engine_view.hpp"

#include <cstdio>

namespace sy::gui {

namespace {

using nlohmann::json;

std::optional<double> gain_of(const json& j, const char* key) {
    if (!j.contains(key) || !j[key].is_number()) return std::nullopt; // null (silence)
    return j[key].get<double>();
}

std::string string_of(const json& j, const char* key, std::string fallback = "") {
    return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : fallback;
}

bool bool_of(const json& j, const char* key, bool fallback) {
    return j.contains(key) && j[key].is_boolean() ? j[key].get<bool>() : fallback;
}

EndpointKind kind_of(const std::string& name) {
    if (name == "bus") return EndpointKind::bus;
    if (name == "output") return EndpointKind::output;
    return EndpointKind::input;
}

// Where an endpoint of a preset document lives, in a few words.
std::string where(const json& e) {
    if (e.contains("pipewire") && e["pipewire"].is_object()) {
        const json& pw = e["pipewire"];
        if (pw.contains("virtual")) {
            return "virtual " + string_of(pw, "virtual") + ": " + string_of(pw, "description", string_of(e, "id"));
        }
        if (pw.contains("target")) return "PipeWire: " + string_of(pw, "target");
        return "PipeWire";
    }
    if (e.contains("jack") && e["jack"].is_object()) {
        const json& jk = e["jack"];
        std::string ports;
        if (jk.contains("connect") && jk["connect"].is_array()) {
            for (const auto& p : jk["connect"]) {
                if (!p.is_string()) continue;
                if (!ports.empty()) ports += ", ";
                ports += p.get<std::string>();
            }
        }
        return ports.empty() ? "JACK ports" : "JACK: " + ports;
    }
    return "";
}

std::vector<InsertView> inserts_of(const json& e) {
    std::vector<InsertView> out;
    if (!e.contains("inserts") || !e["inserts"].is_array()) return out;
    for (const auto& i : e["inserts"]) {
        if (!i.is_object()) continue;
        InsertView v;
        v.id = string_of(i, "id");
        v.uri = string_of(i, "lv2");
        v.builtin = string_of(i, "builtin");
        if (i.contains("controls") && i["controls"].is_object()) v.controls = i["controls"];
        v.bypass = bool_of(i, "bypass", false);
        out.push_back(std::move(v));
    }
    return out;
}

} // namespace

const char* kind_name(EndpointKind kind) {
    switch (kind) {
    case EndpointKind::input: return "input";
    case EndpointKind::bus: return "bus";
    case EndpointKind::output: break;
    }
    return "output";
}

bool PathView::goes_through(const std::string& from, const std::string& to) const {
    for (std::size_t i = 0; i + 1 < hops.size(); ++i) {
        if (hops[i] == from && hops[i + 1] == to) return true;
    }
    return false;
}

std::string PathView::text() const {
    std::string s;
    for (const auto& h : hops) {
        if (!s.empty()) s += " \u2192 ";
        s += h;
    }
    return s;
}

const EndpointView* EngineView::find(const std::string& id) const {
    for (const auto& e : endpoints) {
        if (e.id == id) return &e;
    }
    return nullptr;
}

EndpointView* EngineView::find(const std::string& id) {
    for (auto& e : endpoints) {
        if (e.id == id) return &e;
    }
    return nullptr;
}

const RouteView* EngineView::find_route(const std::string& from, const std::string& to) const {
    for (const auto& r : routes) {
        if (r.from == from && r.to == to) return &r;
    }
    return nullptr;
}

std::vector<const PathView*> EngineView::paths_through(const std::string& from, const std::string& to) const {
    std::vector<const PathView*> out;
    for (const auto& p : paths) {
        if (p.goes_through(from, to)) out.push_back(&p);
    }
    return out;
}

std::vector<EndpointView> read_endpoints(const json& result) {
    std::vector<EndpointView> out;
    if (!result.is_array()) return out;
    for (const auto& j : result) {
        if (!j.is_object()) continue;
        EndpointView e;
        e.id = string_of(j, "id");
        e.kind = kind_of(string_of(j, "kind"));
        e.channels = j.value("channels", 0);
        if (j.contains("rate") && j["rate"].is_number_integer()) e.rate = j["rate"].get<int>();
        e.gain_db = gain_of(j, "gain_db");
        e.mute = bool_of(j, "mute", false);
        e.solo = bool_of(j, "solo", false);
        e.server = string_of(j, "server", "none");
        e.state = string_of(j, "state");
        e.ready = bool_of(j, "ready", true);
        if (j.contains("ports") && j["ports"].is_array()) {
            for (const auto& p : j["ports"]) {
                if (!p.is_object()) continue;
                ServerPortView port{string_of(p, "name"), {}};
                if (p.contains("connections") && p["connections"].is_array())
                    for (const auto& c : p["connections"])
                        if (c.is_string()) port.connections.push_back(c.get<std::string>());
                e.ports.push_back(std::move(port));
            }
        }
        out.push_back(std::move(e));
    }
    return out;
}

std::vector<RouteView> read_routes(const json& result) {
    std::vector<RouteView> out;
    if (!result.is_array()) return out;
    for (const auto& j : result) {
        if (!j.is_object()) continue;
        RouteView r;
        r.from = string_of(j, "from");
        r.to = string_of(j, "to");
        r.gain_db = gain_of(j, "gain_db");
        r.mute = bool_of(j, "mute", false);
        r.solo = bool_of(j, "solo", false);
        if (j.contains("map") && j["map"].is_array()) {
            std::vector<std::pair<int, int>> pairs;
            for (const auto& p : j["map"]) {
                if (p.is_array() && p.size() == 2 && p[0].is_number_integer() && p[1].is_number_integer()) {
                    pairs.emplace_back(p[0].get<int>(), p[1].get<int>());
                }
            }
            r.map = std::move(pairs);
        }
        out.push_back(std::move(r));
    }
    return out;
}

std::vector<PathView> read_paths(const json& result) {
    std::vector<PathView> out;
    if (!result.is_array()) return out;
    for (const auto& j : result) {
        if (!j.is_object()) continue;
        PathView p;
        if (j.contains("hops") && j["hops"].is_array()) {
            for (const auto& h : j["hops"]) {
                if (h.is_string()) p.hops.push_back(h.get<std::string>());
            }
        }
        p.total_ms = j.value("total_ms", 0.0);
        p.runs_in = string_of(j, "runs_in");
        if (j.contains("parts") && j["parts"].is_array()) {
            for (const auto& part : j["parts"]) {
                if (!part.is_object()) continue;
                LatencyPartView v;
                v.name = string_of(part, "name");
                v.ms = part.value("ms", 0.0);
                v.kind = latency_kind_from_tag(string_of(part, "kind"));
                v.why = string_of(part, "why");
                p.parts.push_back(std::move(v));
            }
        }
        out.push_back(std::move(p));
    }
    return out;
}

void read_model_details(const json& model, std::vector<EndpointView>& endpoints) {
    if (!model.is_object()) return;
    for (const char* list : {"inputs", "buses", "outputs"}) {
        if (!model.contains(list) || !model[list].is_array()) continue;
        for (const auto& e : model[list]) {
            if (!e.is_object()) continue;
            const std::string id = string_of(e, "id");
            for (auto& view : endpoints) {
                if (view.id != id) continue;
                view.detail = where(e);
                view.inserts = inserts_of(e);
            }
        }
    }
}

std::string db_text(std::optional<double> db) {
    if (!db) return "-inf dB";
    char buf[32];
    const double v = *db;
    std::snprintf(buf, sizeof buf, v > 0.05 ? "+%.1f dB" : "%.1f dB", v > -0.05 && v < 0.05 ? 0.0 : v);
    return buf;
}

} // namespace sy::gui
