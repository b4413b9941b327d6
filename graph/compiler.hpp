// Model -> Plan, on the control thread. Validation comes first; the compiler
// trusts a model that validate() passed.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>

#include "graph/model.hpp"
#include "graph/plan.hpp"
#include "graph/problem.hpp"

namespace sy::graph {

// Stable indices that outlive a Plan: per endpoint (meters, driver I/O) and
// per route (gain ramp state). The engine assigns them; keys are ids and
// route_key().
struct Slots {
    std::unordered_map<std::string, int> endpoints;
    std::unordered_map<std::string, int> routes;
};

std::string route_key(const Route& route);

struct CompileOptions {
    int max_frames = 1024;
    double ramp_ms = 5.0;
};

struct Compiled {
    std::unique_ptr<Plan> plan; // null when problems is not empty
    Problems problems;
};

// How many frames a ramp of `ramp_ms` takes at `rate` (at least one): every
// gain change's, and an insert's crossfade, so the two move together.
int ramp_frames(double ramp_ms, int rate);

// Validates, then compiles. Every endpoint and route must have a slot.
Compiled compile(const Model& model, const Slots& slots, const CompileOptions& options);

// Slots numbered in model order: for tools and tests that run one model.
Slots sequential_slots(const Model& model);

} // namespace sy::graph
