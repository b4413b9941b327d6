// How `switchyard ctl` shows a reply to a person: short aligned lines. The
// engine's result shapes are docs/control-protocol.md's; a field that is
// missing or of another type is shown as "-", never an exception.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace sy::router {

// Prints `result`, the reply to `request`, on stdout.
void print_result(const nlohmann::json& request, const nlohmann::json& result);

// Prints an engine's refusal on stderr: "switchyard ctl: CODE: MESSAGE",
// then each of error.problems as "  field: message".
void print_refusal(const nlohmann::json& error);

// A linear level as dBFS text ("-12.3", "-inf").
std::string dbfs_text(double linear);

} // namespace sy::router
