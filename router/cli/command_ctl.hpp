// `switchyard ctl`: one request to a running engine over its control socket
// (docs/control-protocol.md), its reply shown to a person or as JSON.
#pragma once

#include <string>
#include <vector>

namespace sy::router {

// Beside commands.hpp's kExitOk (0), kExitFailed (1: the engine refused, or
// the connection failed) and kExitUsage (2).
inline constexpr int kExitNoEngine = 3;

// `args` are the words after "ctl"; parsed here (main() passes them through)
// so that negative numbers and -inf are values, not options.
int command_ctl(const std::vector<std::string>& args);

} // namespace sy::router
