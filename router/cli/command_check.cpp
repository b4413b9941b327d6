#include <iostream>

#include "graph/validate.hpp"
#include "presets/check.hpp"
#include "router/cli/commands.hpp"

namespace sy::router {

int command_check(const std::vector<std::string>& files) {
    int status = kExitOk;
    for (const auto& file : files) {
        const presets::CheckReport report = presets::check_preset_file(file, graph::validate);
        for (const auto& line : report.lines) (report.ok ? std::cout : std::cerr) << line << '\n';
        if (!report.ok) status = kExitFailed;
    }
    return status;
}

} // namespace sy::router
