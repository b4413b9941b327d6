// The programs of one install find each other: switchyard runs
// switchyard-gui for `switchyard gui`, and the GUI starts switchyard when no
// engine answers.
#pragma once

#include <string>

namespace sy::router {

// `name` next to this process's own executable when there is one there (a
// build tree, an installed prefix: the programs are built and installed
// together), else `name` alone, for execvp() to find on PATH.
std::string sibling_program(const std::string& name);

} // namespace sy::router
