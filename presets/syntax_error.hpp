// Turns nlohmann's JSON parse errors into a Problem a person can act on: the
// line and column of the token at fault (1-based, columns count characters,
// not bytes) and a short message ("expected ',' or '}', found \"b\"").
#pragma once

#include <cstddef>
#include <string_view>

#include <nlohmann/json.hpp>

#include "graph/problem.hpp"

namespace sy::presets {

// 1-based line and column of byte `offset` in `text`; an offset at or past the
// end names the position just after the last character.
struct TextPosition {
    int line = 1;
    int column = 1;
};
TextPosition position_of(std::string_view text, std::size_t offset);

graph::Problem syntax_problem(std::string_view text, const nlohmann::json::parse_error& error);

// A number too large for a double (1e400) is not a parse_error to nlohmann
// but out_of_range.406, which carries no position: the number is looked up.
graph::Problem syntax_problem(std::string_view text, const nlohmann::json::out_of_range& error);

} // namespace sy::presets
