// Every insert of a model checked against what is installed: the plugin
// exists and can run here, it fits its strip's channels, each control named
// exists and takes its value. Problems are located by field path
// ("inputs[0].inserts[1].controls.g_0"), as preset problems are.
#pragma once

#include "graph/model.hpp"
#include "graph/problem.hpp"

namespace sy::fx {

graph::Problems check_inserts(const graph::Model& model);

// One insert on a strip of `channels`, its problems located under `where`.
graph::Problems check_insert(const graph::Insert& insert, int channels, const std::string& where);

} // namespace sy::fx
