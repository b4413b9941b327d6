#include <iostream>

#include "fx/insert_check.hpp"
#include "graph/validate.hpp"
#include "presets/check.hpp"
#include "router/cli/commands.hpp"

namespace sy::router {

int command_check(const std::vector<std::string>& files) {
    int status = kExitOk;
    for (const auto& file : files) {
        // The graph first, then the inserts against the plugins installed.
        const auto validate = [](const graph::Model& model) {
            graph::Problems problems = graph::validate(model);
            return problems.empty() ? fx::check_inserts(model) : problems;
        };
        const presets::CheckReport report = presets::check_preset_file(file, validate);
        for (const auto& line : report.lines) (report.ok ? std::cout : std::cerr) << line << '\n';
        if (!report.ok) status = kExitFailed;
    }
    return status;
}

} // namespace sy::router
