// Edits of a Model as the control API makes them: find what a command
// names, remove or rename an endpoint with the routes that touch it. The
// result is validated (graph::validate) by whoever applies it.
#pragma once

#include <string>
#include <vector>

#include "graph/model.hpp"

namespace sy::graph {

Endpoint* find_endpoint(Model& model, const std::string& id);
Route* find_route(Model& model, const std::string& from, const std::string& to);
const Route* find_route(const Model& model, const std::string& from, const std::string& to);

// The endpoint list an endpoint of `kind` belongs in.
std::vector<Endpoint>& endpoints_of(Model& model, EndpointKind kind);

// Removes endpoint `id` and every route from or to it; returns those routes
// (empty, and nothing changed, when there is no such endpoint).
std::vector<Route> remove_endpoint(Model& model, const std::string& id);

// Gives endpoint `id` the id `to`, and its routes follow. False (nothing
// changed) when there is no endpoint `id`.
bool rename_endpoint(Model& model, const std::string& id, const std::string& to);

} // namespace sy::graph
