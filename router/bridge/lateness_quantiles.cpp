#include "router/bridge/lateness_quantiles.hpp"

#include <algorithm>

namespace sy::router {

double lateness_at(std::span<const LatenessQuantile> table, double u) {
    if (table.empty()) return 0.0;
    u = std::clamp(u, 0.0, 1.0);
    const auto above = std::upper_bound(table.begin(), table.end(), u,
                                        [](double p, const LatenessQuantile& q) { return p < q.probability; });
    if (above == table.begin()) return table.front().seconds;
    if (above == table.end()) return table.back().seconds;
    const LatenessQuantile& lo = *(above - 1);
    const LatenessQuantile& hi = *above;
    const double span = hi.probability - lo.probability;
    if (span <= 0.0) return hi.seconds;
    return lo.seconds + (hi.seconds - lo.seconds) * (u - lo.probability) / span;
}

} // namespace sy::router
