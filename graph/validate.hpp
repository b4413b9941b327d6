// Semantic checks of a whole model: one Problem per thing wrong, each naming
// the field a person has to change.
#pragma once

#include "graph/model.hpp"
#include "graph/problem.hpp"

namespace sy::graph {

// Unknown and duplicate ids, routes from an output or into an input, cycles
// through buses, channel maps that do not fit, out-of-range values.
Problems validate(const Model& model);

} // namespace sy::graph
