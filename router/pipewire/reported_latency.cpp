#include "router/pipewire/reported_latency.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace sy::router {

spa_latency_info pipewire_reported_latency(const graph::EndpointLatency& e, spa_direction direction,
                                           const HeardLatency& heard) {
    spa_latency_info out = SPA_LATENCY_INFO(direction);
    if (e.terms.empty()) return out;
    spa_latency_info_combine_start(&out, direction);
    for (const auto& t : e.terms) {
        spa_latency_info path = heard(t.other).value_or(SPA_LATENCY_INFO(direction));
        path.direction = direction;
        const auto own = static_cast<std::uint32_t>(std::lround(std::max(0.0, t.own_frames)));
        path.min_rate += own;
        path.max_rate += own;
        spa_latency_info_combine(&out, &path);
    }
    spa_latency_info_combine_finish(&out);
    return out;
}

} // namespace sy::router
