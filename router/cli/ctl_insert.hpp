// `switchyard ctl insert add|remove|set|bypass`, `ctl plugins` and `ctl
// loudness reset`: the command lines of the effects and loudness requests
// (docs/control-protocol.md).
#pragma once

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

namespace sy::router {

// Each subcommand, once parsed, sets `request` to the request it asks for.
void add_insert_commands(CLI::App& app, nlohmann::json& request);

// A person's view of an insert or plugins reply; false when `request` is
// none of those.
bool print_insert_result(const nlohmann::json& request, const nlohmann::json& result);

} // namespace sy::router
