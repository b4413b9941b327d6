// A problem found in a model or a preset file, as a value: where it is and
// what is wrong, in words a person can act on.
#pragma once

#include <string>
#include <vector>

namespace sy::graph {

struct Problem {
    std::string field;   // field path, e.g. "routes[3].to"; empty for whole-file problems
    std::string message; // e.g. "no endpoint \"obss\""
    int line = 0;        // 1-based line and column for syntax errors, 0 when not known
    int column = 0;
};

using Problems = std::vector<Problem>;

} // namespace sy::graph
