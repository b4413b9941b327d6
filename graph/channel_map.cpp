#include "graph/channel_map.hpp"

namespace sy::graph {

std::optional<std::vector<Tap>> channel_taps(const Route& route, int from_channels,
                                             int to_channels, std::string* why) {
    auto fail = [&](std::string message) -> std::optional<std::vector<Tap>> {
        if (why) *why = std::move(message);
        return std::nullopt;
    };
    std::vector<Tap> taps;
    if (route.map) {
        for (std::size_t i = 0; i < route.map->size(); ++i) {
            const ChannelPair& p = (*route.map)[i];
            if (p.from < 0 || p.from >= from_channels) {
                return fail("map[" + std::to_string(i) + "]: source channel " + std::to_string(p.from) +
                            " does not exist (\"" + route.from + "\" has " +
                            std::to_string(from_channels) + ")");
            }
            if (p.to < 0 || p.to >= to_channels) {
                return fail("map[" + std::to_string(i) + "]: destination channel " +
                            std::to_string(p.to) + " does not exist (\"" + route.to + "\" has " +
                            std::to_string(to_channels) + ")");
            }
            for (const Tap& t : taps) {
                if (t.from == p.from && t.to == p.to) {
                    return fail("map[" + std::to_string(i) + "]: pair [" + std::to_string(p.from) +
                                ", " + std::to_string(p.to) + "] is listed twice");
                }
            }
            taps.push_back({p.from, p.to, 1.0f});
        }
        if (taps.empty()) return fail("map is empty: give at least one [from, to] pair");
        return taps;
    }
    if (from_channels == to_channels) {
        for (int c = 0; c < from_channels; ++c) taps.push_back({c, c, 1.0f});
    } else if (from_channels == 1) {
        for (int c = 0; c < to_channels; ++c) taps.push_back({0, c, 1.0f});
    } else if (to_channels == 1) {
        const float w = 1.0f / static_cast<float>(from_channels);
        for (int c = 0; c < from_channels; ++c) taps.push_back({c, 0, w});
    } else {
        return fail("\"" + route.from + "\" has " + std::to_string(from_channels) + " channels and \"" +
                    route.to + "\" has " + std::to_string(to_channels) +
                    ": give a \"map\" of [from, to] channel pairs");
    }
    return taps;
}

} // namespace sy::graph
