#include "presets/route_reader.hpp"

#include <algorithm>
#include <array>

#include "presets/field_path.hpp"

namespace sy::presets {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 6> kRouteFields = {"from", "to", "gain_db", "mute", "solo", "map"};

void read_map(const json& value, const std::string& path, graph::Route& route, Fields& fields) {
    const json* map = fields.array(value, path, "map", Need::Optional);
    if (!map) return;
    const std::string map_path = member(path, "map");
    // [0, 1] for [[0, 1]] is the likely slip: say it once, not per number.
    const bool flat = !map->empty() && std::none_of(map->begin(), map->end(), [](const json& e) { return e.is_array(); });
    if (flat) {
        fields.problem(map_path, "must be a list of [from_channel, to_channel] pairs, not " + describe(*map) +
                                     (map->size() == 2 ? " (did you mean [" + map->dump() + "]?)" : ""));
        return;
    }
    std::vector<graph::ChannelPair> pairs;
    for (std::size_t i = 0; i < map->size(); ++i) {
        const json& pair = (*map)[i];
        const std::string pair_path = element(map_path, i);
        if (!pair.is_array() || pair.size() != 2) {
            fields.problem(pair_path, "must be a pair [from_channel, to_channel], not " + describe(pair));
            continue;
        }
        // Channels count from 0 and an endpoint has at most 64 of them.
        const auto from = fields.integer_value(pair[0], element(pair_path, 0), 0, graph::kMaxChannels - 1);
        const auto to = fields.integer_value(pair[1], element(pair_path, 1), 0, graph::kMaxChannels - 1);
        if (from && to) pairs.push_back({*from, *to});
    }
    route.map = std::move(pairs);
}

} // namespace

graph::Route read_route(const json& value, const std::string& path, Fields& fields) {
    graph::Route route;
    if (!value.is_object()) {
        fields.problem(path, "must be an object {\"from\": ..., \"to\": ...}, not " + describe(value));
        return route;
    }
    if (auto from = fields.text(value, path, "from", Need::Required, "an input or bus id")) route.from = *from;
    if (auto to = fields.text(value, path, "to", Need::Required, "a bus or output id")) route.to = *to;
    if (auto gain = fields.gain_db(value, path, "gain_db", Need::Optional)) route.gain_db = *gain;
    if (auto mute = fields.boolean(value, path, "mute", Need::Optional)) route.mute = *mute;
    if (auto solo = fields.boolean(value, path, "solo", Need::Optional)) route.solo = *solo;
    read_map(value, path, route, fields);
    fields.unknown_members(value, path, kRouteFields);
    return route;
}

} // namespace sy::presets
