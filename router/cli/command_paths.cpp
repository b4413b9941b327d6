#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "fx/insert_latency.hpp"
#include "graph/domain_split.hpp"
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
    auto budgets = graph::path_budgets(*model, graph::engine_resampler_delay(*model), {},
                                       fx::instantiated_insert_latency(*model));
    // Where each path will run live with both servers up (JACK the hub, so
    // plain endpoints in JACK's cycle), and whether its input crosses.
    const graph::HomeDomain home = graph::home_by_server(graph::Domain::Jack);
    const graph::DomainSplit split = graph::split_by_domain(*model, home);
    std::vector<int> crossings;
    for (auto& b : budgets) {
        b.runs_in = graph::to_string(home(*model->find(b.hops.back())));
        crossings.push_back(graph::path_crossings(split, b.hops).value_or(0));
    }

    if (json) {
        std::cout << budgets_json(budgets).dump(2) << '\n';
        return kExitOk;
    }

    std::size_t width = 4;
    for (const auto& b : budgets) width = std::max(width, join(b.hops).size());
    std::printf("%-*s  %-8s  %7s  %8s  %8s  parts (at %d Hz)\n", static_cast<int>(width), "path", "runs in", "bridges",
                "ms", "frames", model->engine.rate);
    for (std::size_t i = 0; i < budgets.size(); ++i) {
        const graph::PathBudget& b = budgets[i];
        std::string parts;
        for (const auto& p : b.parts) {
            char buf[160];
            std::snprintf(buf, sizeof buf, "%s%s %.2f ms", parts.empty() ? "" : " + ", p.name.c_str(), p.ms);
            parts += buf;
        }
        std::printf("%-*s  %-8s  %7d  %8.2f  %8.1f  %s\n", static_cast<int>(width), join(b.hops).c_str(),
                    b.runs_in.c_str(), crossings[i], b.total_ms, b.total_frames, parts.c_str());
    }
    if (budgets.empty()) std::printf("(no path from an input to an output)\n");
    return kExitOk;
}

} // namespace sy::router
