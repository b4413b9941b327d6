#include "graph/validate.hpp"

#include <cmath>
#include <map>
#include <set>

#include "graph/channel_map.hpp"
#include "graph/topology.hpp"

namespace sy::graph {

namespace {

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

bool valid_id(const std::string& id) {
    if (id.empty()) return false;
    for (char c : id) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        if (!ok) return false;
    }
    return true;
}

void check_rate(Problems& out, const std::string& field, int rate) {
    if (rate < 8000 || rate > 384000) {
        out.push_back({field, "sample rate " + std::to_string(rate) + " is outside 8000..384000 Hz"});
    }
}

// A route's gain or an endpoint's fader: -inf (silence) up to +24 dB.
void check_gain(Problems& out, const std::string& field, double gain_db) {
    if (std::isnan(gain_db)) {
        out.push_back({field, "gain is not a number (NaN): give dB, at most +24, or -inf for silence"});
    } else if (gain_db > kMaxGainDb) {
        out.push_back({field, "gain " + std::to_string(gain_db) + " dB: at most +24 dB"});
    }
}

// The shape of a strip's inserts. Whether a plugin exists and has the
// controls named is fx::check_inserts()'s to say: it needs the plugins.
void check_inserts(Problems& out, const Inserts& inserts, const std::string& where) {
    std::set<std::string> ids;
    for (std::size_t i = 0; i < inserts.size(); ++i) {
        const Insert& insert = inserts[i];
        const std::string at = where + ".inserts[" + std::to_string(i) + "]";
        if (!valid_id(insert.id)) {
            out.push_back({at + ".id", "id " + quoted(insert.id) + " must be made of a-z, 0-9, '_' and '-'"});
        } else if (!ids.insert(insert.id).second) {
            out.push_back({at + ".id", "a second insert " + quoted(insert.id) + " on this strip"});
        }
        if (insert.lv2.empty() == insert.builtin.empty()) {
            out.push_back({at, "an insert is either \"lv2\": a plugin URI or \"builtin\": \"denoise\", one of the two"});
        }
    }
}

void check_endpoint(Problems& out, const Endpoint& e, const std::string& where) {
    if (!valid_id(e.id)) {
        out.push_back({where + ".id", "id " + quoted(e.id) + " must be made of a-z, 0-9, '_' and '-'"});
    }
    if (e.channels < 1 || e.channels > kMaxChannels) {
        out.push_back({where + ".channels",
                       std::to_string(e.channels) + " channels: must be 1 to " + std::to_string(kMaxChannels)});
    }
    if (e.rate) check_rate(out, where + ".rate", *e.rate);
    check_gain(out, where + ".gain_db", e.gain_db);
    check_inserts(out, e.inserts, where);
    if (e.solo && e.kind == EndpointKind::Output) {
        out.push_back({where + ".solo", "solo is for inputs, buses and routes (mute an output instead)"});
    }
    if (e.kind == EndpointKind::Bus && (e.jack || e.pipewire || e.rate)) {
        out.push_back({where, "a bus lives inside the engine: it has no jack, pipewire or rate"});
    }
    if (e.jack && e.pipewire) {
        out.push_back({where, "an endpoint is on JACK or on PipeWire, not both"});
    }
    if (e.pipewire) {
        const std::string& v = e.pipewire->virtual_kind;
        if (!v.empty() && v != "sink" && v != "source") {
            out.push_back({where + ".pipewire.virtual", quoted(v) + ": must be \"sink\" or \"source\""});
        } else if (v == "sink" && e.kind != EndpointKind::Input) {
            out.push_back({where + ".pipewire.virtual", "a virtual sink is an input (applications play into it)"});
        } else if (v == "source" && e.kind != EndpointKind::Output) {
            out.push_back({where + ".pipewire.virtual",
                           "a virtual source is an output (applications record from it)"});
        }
        if (!v.empty() && !e.pipewire->target.empty()) {
            out.push_back({where + ".pipewire", "target and virtual exclude each other"});
        }
    }
}

} // namespace

Problems validate(const Model& model) {
    Problems out;
    check_rate(out, "engine.rate", model.engine.rate);
    if (model.engine.period < 16 || model.engine.period > 8192) {
        out.push_back({"engine.period", "period " + std::to_string(model.engine.period) +
                                            " is outside 16..8192 frames"});
    }

    std::map<std::string, std::string> first_place; // id -> field path where it was first seen
    for (const auto* list : {&model.inputs, &model.buses, &model.outputs}) {
        for (std::size_t i = 0; i < list->size(); ++i) {
            const Endpoint& e = (*list)[i];
            const std::string where = std::string(list_name(e.kind)) + "[" + std::to_string(i) + "]";
            check_endpoint(out, e, where);
            auto [it, inserted] = first_place.emplace(e.id, where + ".id");
            if (!inserted) {
                out.push_back({where + ".id", "duplicate id " + quoted(e.id) + " (also " + it->second + ")"});
            }
        }
    }

    std::set<std::pair<std::string, std::string>> seen_routes;
    for (std::size_t i = 0; i < model.routes.size(); ++i) {
        const Route& r = model.routes[i];
        const std::string where = "routes[" + std::to_string(i) + "]";
        const Endpoint* from = model.find(r.from);
        const Endpoint* to = model.find(r.to);
        if (!from) out.push_back({where + ".from", "no endpoint " + quoted(r.from)});
        if (!to) out.push_back({where + ".to", "no endpoint " + quoted(r.to)});
        if (from && from->kind == EndpointKind::Output) {
            out.push_back({where + ".from", quoted(r.from) + " is an output: routes start at an input or a bus"});
        }
        if (to && to->kind == EndpointKind::Input) {
            out.push_back({where + ".to", quoted(r.to) + " is an input: routes end at a bus or an output"});
        }
        check_gain(out, where + ".gain_db", r.gain_db);
        if (!seen_routes.emplace(r.from, r.to).second) {
            out.push_back({where, "a second route from " + quoted(r.from) + " to " + quoted(r.to) +
                                      ": use one route with a \"map\""});
        }
        if (from && to && from->channels >= 1 && to->channels >= 1) {
            std::string why;
            if (!channel_taps(r, from->channels, to->channels, &why)) out.push_back({where, why});
        }
    }

    const BusOrder order = order_buses(model);
    if (!order.cycle.empty()) {
        std::string path;
        for (const auto& id : order.cycle) path += (path.empty() ? "" : " -> ") + id;
        out.push_back({"routes[" + std::to_string(order.cycle_route) + "]", "cycle through buses: " + path});
    }
    return out;
}

} // namespace sy::graph
