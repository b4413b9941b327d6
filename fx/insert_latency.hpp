// Each insert's delay for a budget made without a running engine (`switchyard
// paths`): the plugin is instantiated on this (control) thread and asked.
#pragma once

#include "graph/latency_budget.hpp"

namespace sy::fx {

// For `model`'s rate and period; an insert that cannot be made counts 0.
graph::InsertLatency instantiated_insert_latency(const graph::Model& model);

} // namespace sy::fx
