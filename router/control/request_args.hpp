// Typed access to the fields of one control request, each read recording the
// first thing wrong with the request as a bad_request error (so a command
// reads all it needs, then checks failed() once).
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "router/control/command_error.hpp"

namespace sy::router {

class RequestArgs {
public:
    explicit RequestArgs(const nlohmann::json& request) : request_(request) {}

    bool has(const char* key) const { return request_.contains(key); }
    const nlohmann::json& raw() const { return request_; }

    // A required string.
    std::string text(const char* key);
    std::optional<std::string> optional_text(const char* key);
    // A boolean; `fallback` when absent.
    bool flag(const char* key, bool fallback);
    // A gain in dB: a number, or null for silence (-inf). Required.
    double gain_db(const char* key);
    // A number within [lo, hi]; `fallback` when absent.
    double number(const char* key, double lo, double hi, double fallback);
    // A required object.
    const nlohmann::json& object(const char* key);

    bool failed() const { return error_.has_value(); }
    Outcome failure() const { return {nullptr, error_}; }

private:
    void wrong(const char* key, const std::string& expected);

    const nlohmann::json& request_;
    std::optional<CommandError> error_;
};

} // namespace sy::router
