// Parses the text of a preset into a JSON document. Syntax errors become one
// located Problem; keys given twice in one object become a Problem each,
// because JSON parsers silently keep only the last one (a second "routes"
// array would throw the first one away without a word).
#pragma once

#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "graph/problem.hpp"

namespace sy::presets {

// The document, or nullopt after a syntax error. Never throws.
std::optional<nlohmann::json> parse_document(std::string_view text, graph::Problems& problems);

} // namespace sy::presets
