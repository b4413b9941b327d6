#include "presets/check.hpp"

#include <nlohmann/json.hpp>

#include "presets/preset_reader.hpp"

namespace sy::presets {
namespace {

std::string count(std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

} // namespace

std::string format_problem(const std::string& path, const graph::Problem& problem) {
    if (problem.line > 0) {
        return path + ":" + std::to_string(problem.line) + ":" + std::to_string(problem.column) + ": " +
               problem.message;
    }
    if (!problem.field.empty()) return path + ": " + problem.field + ": " + problem.message;
    return path + ": " + problem.message;
}

std::string summary(const graph::Model& model) {
    return nlohmann::json(model.name).dump() + ", " + count(model.inputs.size(), "input", "inputs") + ", " +
           count(model.buses.size(), "bus", "buses") + ", " + count(model.outputs.size(), "output", "outputs") +
           ", " + count(model.routes.size(), "route", "routes") + ", " + std::to_string(model.engine.rate) +
           " Hz, period " + std::to_string(model.engine.period);
}

CheckReport check_preset_file(const std::string& path,
                              std::function<graph::Problems(const graph::Model&)> validate) {
    CheckReport report;
    try {
        ReadResult read = read_preset_file(path);
        graph::Problems problems = std::move(read.problems);
        if (read.model && validate) problems = validate(*read.model);
        for (const auto& p : problems) report.lines.push_back(format_problem(path, p));
        report.ok = read.model.has_value() && problems.empty();
        if (report.ok) report.lines.push_back(path + ": ok: " + summary(*read.model));
    } catch (const std::exception& e) {
        // The validator is someone else's code: its exception is still a value here.
        report.ok = false;
        report.lines.push_back(path + ": internal error while checking: " + e.what());
    }
    return report;
}

} // namespace sy::presets
