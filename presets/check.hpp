// `switchyard check FILE`: reads a preset, runs the graph validator on it and
// says in lines a person (or an editor's error parser) can act on what is
// wrong, or that all is well.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "graph/model.hpp"
#include "graph/problem.hpp"

namespace sy::presets {

struct CheckReport {
    bool ok = false;
    std::vector<std::string> lines;
};

// Lines are
//   FILE:LINE:COL: message            (JSON syntax)
//   FILE: field.path: message         (a field, from the reader or the validator)
//   FILE: message                     (the whole file, e.g. it cannot be read)
//   FILE: ok: "streaming", 3 inputs, 1 bus, 3 outputs, 6 routes, 48000 Hz, period 128
// `validate` (graph validation) runs only when the reader found no problem;
// an empty function skips it.
CheckReport check_preset_file(const std::string& path,
                              std::function<graph::Problems(const graph::Model&)> validate);

// One problem as check_preset_file prints it, for other front ends.
std::string format_problem(const std::string& path, const graph::Problem& problem);

// The "ok" summary without the file name: "\"streaming\", 3 inputs, ...".
std::string summary(const graph::Model& model);

} // namespace sy::presets
