#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "graph/latency_budget.hpp"
#include "router/control/budget_json.hpp"
#include "router/cli/commands.hpp"
#include "router/cli/load_preset.hpp"

namespace sy::router {

namespace {

std::string join(const std::vector<std::string>& hops) {
    std::string s;
    for (const auto& h : hops) s += (s.empty() ? "" : " -> ") + h;
    return s;
}

} // namespace

int command_paths(const std::string& file, bool json) {
    const auto model = load_preset_or_report(file);
    if (!model) return kExitFailed;
    const auto budgets = graph::path_budgets(*model, graph::engine_resampler_delay(*model));

    if (json) {
        std::cout << budgets_json(budgets).dump(2) << '\n';
        return kExitOk;
    }

    std::size_t width = 4;
    for (const auto& b : budgets) width = std::max(width, join(b.hops).size());
    std::printf("%-*s  %8s  %8s  parts (at %d Hz)\n", static_cast<int>(width), "path", "ms", "frames",
                model->engine.rate);
    for (const auto& b : budgets) {
        std::string parts;
        for (const auto& p : b.parts) {
            char buf[160];
            std::snprintf(buf, sizeof buf, "%s%s %.2f ms", parts.empty() ? "" : " + ", p.name.c_str(), p.ms);
            parts += buf;
        }
        std::printf("%-*s  %8.2f  %8.1f  %s\n", static_cast<int>(width), join(b.hops).c_str(), b.total_ms,
                    b.total_frames, parts.c_str());
    }
    if (budgets.empty()) std::printf("(no path from an input to an output)\n");
    return kExitOk;
}

} // namespace sy::router
