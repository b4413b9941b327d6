// A strip's "inserts": the list of effects on an input, bus or output
// (shared PRESET.md). Reads their shape; whether a plugin is installed and
// has the controls named is checked against the plugins (fx/insert_check.hpp).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "graph/insert.hpp"
#include "presets/fields.hpp"

namespace sy::presets {

// One insert object, `path` its field path.
graph::Insert read_insert(const nlohmann::json& value, const std::string& path, Fields& fields);

// `value` is the "inserts" member, `path` its field path.
graph::Inserts read_inserts(const nlohmann::json& value, const std::string& path, Fields& fields);

nlohmann::ordered_json inserts_json(const graph::Inserts& inserts);

} // namespace sy::presets
