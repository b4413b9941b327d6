#include "router/control/budget_json.hpp"

namespace sy::router {

nlohmann::json budgets_json(const std::vector<graph::PathBudget>& budgets) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& b : budgets) {
        nlohmann::json parts = nlohmann::json::array();
        for (const auto& p : b.parts) {
            nlohmann::json part{{"name", p.name}, {"kind", p.kind}, {"frames", p.frames}, {"ms", p.ms}};
            if (!p.why.empty()) part["why"] = p.why;
            if (p.margin) {
                part["margin"] = {{"mode", p.margin->mode},
                                  {"lateness_ms", p.margin->lateness_ms},
                                  {"max_lateness_ms", p.margin->max_lateness_ms},
                                  {"extra_ms", p.margin->extra_ms}};
            }
            parts.push_back(std::move(part));
        }
        nlohmann::json path{{"hops", b.hops}, {"total_frames", b.total_frames}, {"total_ms", b.total_ms}, {"parts", parts}};
        if (!b.runs_in.empty()) path["runs_in"] = b.runs_in;
        out.push_back(std::move(path));
    }
    return out;
}

} // namespace sy::router
