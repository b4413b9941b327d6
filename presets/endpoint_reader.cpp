#include "presets/endpoint_reader.hpp"

#include <array>

#include "presets/field_path.hpp"
#include "presets/insert_reader.hpp"

namespace sy::presets {
namespace {

using nlohmann::json;

constexpr int kMinRate = 8000;
constexpr int kMaxRate = 384000;

// The endpoint's definition, then its mixer strip.
constexpr std::array<std::string_view, 11> kEndpointFields = {
    "id", "channels", "rate", "quality", "latency", "jack", "pipewire", "gain_db", "mute", "solo", "inserts"};
constexpr std::array<std::string_view, 1> kJackFields = {"connect"};
constexpr std::array<std::string_view, 3> kPipewireFields = {"target", "virtual", "description"};
constexpr std::array<std::string_view, 3> kQualities = {"fast", "medium", "best"};
constexpr std::array<std::string_view, 2> kLatencies = {"safe", "low"};

void read_id(const json& value, const std::string& path, graph::Endpoint& endpoint, Fields& fields) {
    const json* id = fields.find(value, path, "id", Need::Required, "an id made of a-z, 0-9, '_' and '-'");
    if (!id) return;
    if (id->is_string() && is_valid_id(id->get_ref<const std::string&>())) {
        endpoint.id = id->get<std::string>();
        return;
    }
    fields.problem(member(path, "id"),
                   "must be made of a-z, 0-9, '_' and '-' only ([a-z0-9_-]+), not " + describe(*id));
}

// A bus lives inside Switchyard at the hub's rate: nothing to connect, nothing
// to resample. Said plainly rather than as an "unknown field".
void refuse_bus_fields(const json& value, const std::string& path, Fields& fields) {
    for (std::string_view key : {"jack", "pipewire"}) {
        if (value.contains(key)) {
            fields.problem(member(path, key), "a bus cannot have \"" + std::string(key) +
                                                  "\": buses live inside Switchyard (route the bus to an output)");
        }
    }
    for (std::string_view key : {"rate", "quality"}) {
        if (value.contains(key)) {
            fields.problem(member(path, key), "a bus cannot have \"" + std::string(key) +
                                                  "\": buses run at the engine's rate and never resample");
        }
    }
    if (value.contains("latency")) {
        fields.problem(member(path, "latency"), "a bus cannot have \"latency\": a bus crosses no bridge of its own; "
                                                "set it on the engine or on the inputs and outputs");
    }
}

void read_jack(const json& jack, const std::string& path, graph::Endpoint& endpoint, std::optional<int> channels,
               Fields& fields) {
    graph::JackSpec spec;
    const std::string connect_path = member(path, "connect");
    if (const json* connect = fields.array(jack, path, "connect", Need::Optional)) {
        for (std::size_t i = 0; i < connect->size(); ++i) {
            if (auto port = fields.text_value((*connect)[i], element(connect_path, i))) spec.connect.push_back(*port);
        }
        if (channels && connect->size() > static_cast<std::size_t>(*channels)) {
            fields.problem(connect_path, "lists " + std::to_string(connect->size()) + " ports for " +
                                             std::to_string(*channels) + (*channels == 1 ? " channel" : " channels") +
                                             " (one port per channel)");
        }
    }
    fields.unknown_members(jack, path, kJackFields);
    endpoint.jack = std::move(spec);
}

void read_virtual(const json& pipewire, const std::string& path, graph::EndpointKind kind, graph::PipewireSpec& spec,
                  Fields& fields) {
    const json* v = fields.find(pipewire, path, "virtual", Need::Optional, "");
    if (!v) return;
    const bool input = kind == graph::EndpointKind::Input;
    const std::string mine = input ? "sink" : "source";
    const std::string theirs = input ? "source" : "sink";
    const std::string field = member(path, "virtual");
    if (v->is_string() && v->get_ref<const std::string&>() == mine) {
        spec.virtual_kind = mine;
    } else if (v->is_string() && v->get_ref<const std::string&>() == theirs) {
        fields.problem(field, input ? "\"source\" is for outputs; an input can be a virtual \"sink\" "
                                      "(applications play into it)"
                                    : "\"sink\" is for inputs; an output can be a virtual \"source\" "
                                      "(applications record from it)");
    } else {
        fields.problem(field, "must be \"" + mine + "\" on " + (input ? "an input" : "an output") + ", not " +
                                  describe(*v));
    }
}

void read_pipewire(const json& pipewire, const std::string& path, graph::Endpoint& endpoint, Fields& fields) {
    graph::PipewireSpec spec;
    if (auto target = fields.text(pipewire, path, "target", Need::Optional)) spec.target = *target;
    read_virtual(pipewire, path, endpoint.kind, spec, fields);
    if (auto description = fields.text(pipewire, path, "description", Need::Optional)) spec.description = *description;
    if (pipewire.contains("target") && pipewire.contains("virtual")) {
        fields.problem(path, "has both \"target\" and \"virtual\": an endpoint either uses an existing node "
                             "(target) or is a virtual device, not both");
    }
    fields.unknown_members(pipewire, path, kPipewireFields);
    endpoint.pipewire = std::move(spec);
}

// The mixer strip, on every kind of endpoint. Solo on an output is read too
// and refused by graph validation, which says what to do instead.
void read_strip(const json& value, const std::string& path, graph::Endpoint& endpoint, Fields& fields) {
    if (auto gain = fields.gain_db(value, path, "gain_db", Need::Optional)) endpoint.gain_db = *gain;
    if (auto mute = fields.boolean(value, path, "mute", Need::Optional)) endpoint.mute = *mute;
    if (auto solo = fields.boolean(value, path, "solo", Need::Optional)) endpoint.solo = *solo;
    if (value.contains("inserts")) endpoint.inserts = read_inserts(value["inserts"], member(path, "inserts"), fields);
}

} // namespace

bool is_valid_id(std::string_view id) {
    if (id.empty()) return false;
    for (char c : id) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        if (!ok) return false;
    }
    return true;
}

graph::Endpoint read_endpoint(const json& value, const std::string& path, graph::EndpointKind kind, Fields& fields) {
    graph::Endpoint endpoint;
    endpoint.kind = kind;
    if (!value.is_object()) {
        fields.problem(path, "must be an object {\"id\": ..., \"channels\": ...}, not " + describe(value));
        return endpoint;
    }
    read_id(value, path, endpoint, fields);
    const auto channels = fields.integer(value, path, "channels", Need::Required, 1, graph::kMaxChannels);
    if (channels) endpoint.channels = *channels;

    if (kind == graph::EndpointKind::Bus) {
        refuse_bus_fields(value, path, fields);
    } else {
        endpoint.rate = fields.integer(value, path, "rate", Need::Optional, kMinRate, kMaxRate);
        if (auto quality = fields.one_of(value, path, "quality", Need::Optional, kQualities)) {
            endpoint.quality = graph::quality_from_string(*quality);
        }
        if (auto latency = fields.one_of(value, path, "latency", Need::Optional, kLatencies)) {
            endpoint.latency = graph::latency_from_string(*latency);
        }
        const json* jack = fields.object(value, path, "jack", Need::Optional);
        const json* pipewire = fields.object(value, path, "pipewire", Need::Optional);
        if (jack) read_jack(*jack, member(path, "jack"), endpoint, channels, fields);
        if (pipewire) read_pipewire(*pipewire, member(path, "pipewire"), endpoint, fields);
        if (value.contains("jack") && value.contains("pipewire")) {
            fields.problem(path, "has both \"jack\" and \"pipewire\": an endpoint lives on one server");
        }
    }
    read_strip(value, path, endpoint, fields);
    fields.unknown_members(value, path, kEndpointFields);
    return endpoint;
}

} // namespace sy::presets
