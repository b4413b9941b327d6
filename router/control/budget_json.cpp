#include "router/control/budget_json.hpp"

namespace sy::router {

nlohmann::json budgets_json(const std::vector<graph::PathBudget>& budgets) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& b : budgets) {
        nlohmann::json parts = nlohmann::json::array();
        for (const auto& p : b.parts) parts.push_back({{"name", p.name}, {"kind", p.kind}, {"frames", p.frames}, {"ms", p.ms}});
        out.push_back({{"hops", b.hops}, {"total_frames", b.total_frames}, {"total_ms", b.total_ms}, {"parts", parts}});
    }
    return out;
}

} // namespace sy::router
