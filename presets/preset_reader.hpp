// Reads preset format v1 (shared PRESET.md) into a graph::Model.
//
// The reader checks what the file format itself says: JSON syntax, types,
// required fields, allowed values and ranges, the id pattern and unique ids.
// It reports every problem it finds, each with its field path (or line and
// column for a syntax error). Whether routes name existing endpoints, channel
// counts fit and the graph has no cycle is graph validation
// (graph::validate), which the caller runs on the model afterwards.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "graph/model.hpp"
#include "graph/problem.hpp"

namespace sy::presets {

// The format version this reader understands ("switchyard": 1).
inline constexpr int kFormatVersion = 1;

struct ReadResult {
    std::optional<graph::Model> model; // present exactly when problems is empty
    graph::Problems problems;
};

// None of these throw.
ReadResult parse_preset(std::string_view text);
ReadResult read_preset_file(const std::string& path);
// For a preset that arrives already parsed (e.g. over the control socket).
ReadResult read_preset_json(const nlohmann::json& document);

} // namespace sy::presets
