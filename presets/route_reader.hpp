// Reads one element of routes[] into a graph::Route. Whether "from" and "to"
// name endpoints, and whether channels and maps fit them, is the graph
// validator's business: it runs on the whole model afterwards.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "graph/model.hpp"
#include "presets/fields.hpp"

namespace sy::presets {

// Always returns a route; what could not be read keeps its default and is
// reported through `fields`.
graph::Route read_route(const nlohmann::json& value, const std::string& path, Fields& fields);

} // namespace sy::presets
