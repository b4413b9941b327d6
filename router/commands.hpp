// The offline subcommands of `switchyard`, as functions main() calls: each
// prints what a person needs and returns the process exit code.
#pragma once

#include <string>
#include <vector>

#include "router/offline_render.hpp"

namespace sy::router {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;

int command_check(const std::vector<std::string>& files);
int command_paths(const std::string& file, bool json);
int command_render(const std::string& file, const RenderJob& job, bool quiet);

} // namespace sy::router
