// What a refused control command says: a code from docs/control-protocol.md,
// a message a person can act on, and for an invalid change every problem.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "graph/problem.hpp"

namespace sy::router {

struct CommandError {
    std::string code;    // "bad_request", "unknown_endpoint", "invalid", ...
    std::string message;
    graph::Problems problems;
};

// A command's outcome: a result, or why it was refused (and then nothing changed).
struct Outcome {
    nlohmann::json result;
    std::optional<CommandError> error;

    static Outcome ok(nlohmann::json result) { return {std::move(result), std::nullopt}; }
    static Outcome fail(std::string code, std::string message, graph::Problems problems = {}) {
        return {nullptr, CommandError{std::move(code), std::move(message), std::move(problems)}};
    }
};

} // namespace sy::router
