// Reads a preset for a command, printing its problems the way `check` does.
#pragma once

#include <optional>
#include <string>

#include "graph/model.hpp"

namespace sy::router {

// The valid model of `file`, or nullopt after printing every problem to stderr.
std::optional<graph::Model> load_preset_or_report(const std::string& file);

} // namespace sy::router
