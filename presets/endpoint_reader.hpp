// Reads one element of inputs[], buses[] or outputs[] into a graph::Endpoint.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "graph/model.hpp"
#include "presets/fields.hpp"

namespace sy::presets {

// Always returns an endpoint; what could not be read keeps its default and is
// reported through `fields` (an empty id means the id itself was wrong).
graph::Endpoint read_endpoint(const nlohmann::json& value, const std::string& path, graph::EndpointKind kind,
                              Fields& fields);

// [a-z0-9_-]+: ids appear in JACK port names, PipeWire node names and on the
// command line, where spaces and capitals only cause trouble.
bool is_valid_id(std::string_view id);

} // namespace sy::presets
