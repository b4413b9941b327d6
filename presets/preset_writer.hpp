// Writes a graph::Model as preset format v1 (shared PRESET.md). The output
// is minimal (defaults are left out) and reads back to an equal Model.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "graph/model.hpp"
#include "presets/atomic_file.hpp"

namespace sy::presets {

// An ordered_json keeps the fields in the order PRESET.md shows them
// ("switchyard", "name", "engine", ...; "id" first in an endpoint), which a
// person editing the file expects; it converts to nlohmann::json if needed.
nlohmann::ordered_json to_json(const graph::Model& model);

// The file's text: 2-space indent, short objects and arrays on one line,
// a trailing newline.
std::string to_text(const graph::Model& model);

// to_text, saved with write_file_atomically. Never throws.
WriteResult write_preset_file(const std::string& path, const graph::Model& model);

} // namespace sy::presets
