#include "router/cli/load_preset.hpp"

#include <iostream>

#include "graph/validate.hpp"
#include "presets/check.hpp"
#include "presets/preset_reader.hpp"

namespace sy::router {

std::optional<graph::Model> load_preset_or_report(const std::string& file) {
    const presets::CheckReport report = presets::check_preset_file(file, graph::validate);
    if (!report.ok) {
        for (const auto& line : report.lines) std::cerr << line << '\n';
        return std::nullopt;
    }
    return presets::read_preset_file(file).model;
}

} // namespace sy::router
