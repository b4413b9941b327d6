// A path's latency budget as JSON, the same for `switchyard paths --json`
// and the control protocol's `paths`.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "graph/latency_budget.hpp"

namespace sy::router {

// [{hops: [...], total_frames, total_ms, parts: [{name, kind, frames, ms}]}]
nlohmann::json budgets_json(const std::vector<graph::PathBudget>& budgets);

} // namespace sy::router
