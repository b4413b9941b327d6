#include "presets/preset_writer.hpp"

#include <cmath>

#include "presets/insert_reader.hpp"
#include "presets/preset_reader.hpp"

namespace sy::presets {
namespace {

using nlohmann::ordered_json;

// A route's gain or an endpoint's fader, left out at 0 dB. -inf (silence) is
// written as null: JSON has no infinity. A NaN gain is not a valid model
// (graph validation refuses it) and would come out as null too.
void put_gain_db(ordered_json& j, double gain_db) {
    if (std::isinf(gain_db) && gain_db < 0) {
        j["gain_db"] = nullptr;
    } else if (gain_db != 0.0) {
        j["gain_db"] = gain_db;
    }
}

ordered_json endpoint_json(const graph::Endpoint& e) {
    ordered_json j;
    j["id"] = e.id;
    j["channels"] = e.channels;
    if (e.rate) j["rate"] = *e.rate;
    if (e.quality) j["quality"] = graph::to_string(*e.quality);
    if (e.latency) j["latency"] = graph::to_string(*e.latency);
    if (e.jack) {
        j["jack"] = ordered_json::object();
        if (!e.jack->connect.empty()) j["jack"]["connect"] = e.jack->connect;
    }
    if (e.pipewire) {
        ordered_json pw = ordered_json::object();
        if (!e.pipewire->target.empty()) pw["target"] = e.pipewire->target;
        if (!e.pipewire->virtual_kind.empty()) pw["virtual"] = e.pipewire->virtual_kind;
        if (!e.pipewire->description.empty()) pw["description"] = e.pipewire->description;
        j["pipewire"] = std::move(pw);
    }
    put_gain_db(j, e.gain_db);
    if (e.mute) j["mute"] = true;
    if (e.solo) j["solo"] = true;
    if (!e.inserts.empty()) j["inserts"] = inserts_json(e.inserts);
    return j;
}

ordered_json route_json(const graph::Route& r) {
    ordered_json j;
    j["from"] = r.from;
    j["to"] = r.to;
    put_gain_db(j, r.gain_db);
    if (r.mute) j["mute"] = true;
    if (r.solo) j["solo"] = true;
    if (r.map) {
        j["map"] = ordered_json::array();
        for (const auto& pair : *r.map) j["map"].push_back({pair.from, pair.to});
    }
    return j;
}

ordered_json endpoints_json(const std::vector<graph::Endpoint>& list) {
    ordered_json j = ordered_json::array();
    for (const auto& e : list) j.push_back(endpoint_json(e));
    return j;
}

// One line: {"from": "daw", "to": "stream"} and [0, 1], as PRESET.md writes them.
std::string one_line(const ordered_json& v) {
    if (v.is_object()) {
        if (v.empty()) return "{}";
        std::string out = "{ ";
        bool first = true;
        for (const auto& [key, value] : v.items()) {
            out += (first ? "" : ", ") + ordered_json(key).dump() + ": " + one_line(value);
            first = false;
        }
        return out + " }";
    }
    if (v.is_array()) {
        std::string out = "[";
        for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + one_line(v[i]);
        return out + "]";
    }
    return v.dump();
}

constexpr std::size_t kLineWidth = 100;

// `column` is where the value starts on its line; `indent` that line's indent.
// Containers fold onto one line when they fit, the document itself never.
void print(const ordered_json& v, std::size_t indent, std::size_t column, bool top, std::string& out) {
    if (!v.is_structured() || v.empty()) {
        out += one_line(v);
        return;
    }
    if (!top) {
        const std::string line = one_line(v);
        if (column + line.size() + 1 <= kLineWidth) {
            out += line;
            return;
        }
    }
    const std::string pad(indent + 2, ' ');
    out += v.is_object() ? "{\n" : "[\n";
    std::size_t i = 0;
    for (const auto& [key, value] : v.items()) {
        out += pad;
        std::size_t at = pad.size();
        if (v.is_object()) {
            const std::string name = ordered_json(key).dump() + ": ";
            out += name;
            at += name.size();
        }
        print(value, indent + 2, at, false, out);
        out += ++i < v.size() ? ",\n" : "\n";
    }
    out += std::string(indent, ' ') + (v.is_object() ? "}" : "]");
}

} // namespace

ordered_json to_json(const graph::Model& model) {
    ordered_json j;
    j["switchyard"] = kFormatVersion;
    j["name"] = model.name;
    j["engine"] = {{"rate", model.engine.rate}, {"period", model.engine.period}};
    if (model.engine.resampler) j["engine"]["resampler"] = graph::to_string(*model.engine.resampler);
    if (model.engine.latency) j["engine"]["latency"] = graph::to_string(*model.engine.latency);
    if (!model.inputs.empty()) j["inputs"] = endpoints_json(model.inputs);
    if (!model.buses.empty()) j["buses"] = endpoints_json(model.buses);
    if (!model.outputs.empty()) j["outputs"] = endpoints_json(model.outputs);
    if (!model.routes.empty()) {
        j["routes"] = ordered_json::array();
        for (const auto& r : model.routes) j["routes"].push_back(route_json(r));
    }
    return j;
}

std::string to_text(const graph::Model& model) {
    std::string out;
    print(to_json(model), 0, 0, true, out);
    return out + "\n";
}

WriteResult write_preset_file(const std::string& path, const graph::Model& model) {
    try {
        return write_file_atomically(path, to_text(model));
    } catch (const std::exception& e) {
        return {false, "cannot save " + path + ": " + e.what()};
    }
}

} // namespace sy::presets
