// Shared by the preset tests: find a problem by field, and print them all in
// a failure message so a failing test says what the reader did report.
#pragma once

#include <string>

#include "graph/problem.hpp"

namespace sy::presets::test_support {

inline std::string listed(const graph::Problems& problems) {
    std::string out = std::to_string(problems.size()) + " problem(s):";
    for (const auto& p : problems) {
        out += "\n  [" + p.field + "] " + p.message;
        if (p.line > 0) out += " (line " + std::to_string(p.line) + ", column " + std::to_string(p.column) + ")";
    }
    return out;
}

// The problem reported for `field`, or nullptr.
inline const graph::Problem* find_problem(const graph::Problems& problems, const std::string& field) {
    for (const auto& p : problems) {
        if (p.field == field) return &p;
    }
    return nullptr;
}

inline bool mentions(const graph::Problem* problem, const std::string& text) {
    return problem && problem->message.find(text) != std::string::npos;
}

} // namespace sy::presets::test_support
