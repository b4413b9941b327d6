// The compiled, immutable form of a Model that the audio thread runs: every
// buffer allocated up front, every step in order, nothing to look up by name.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "dsp/sample_tap.hpp"
#include "dsp/strip_processor.hpp"
#include "graph/model.hpp"

namespace sy::graph {

struct PlanEndpoint {
    std::string id; // for the control thread and tests; the audio thread uses slot
    EndpointKind kind = EndpointKind::Input;
    int channels = 0;
    int slot = 0;         // stable across Plans: meters and driver I/O are indexed by it
    float* data = nullptr; // channel c at data + c * Plan::max_frames
    // Where the audio thread copies the strip's sound for its loudness
    // meter (router/engine/loudness_taps.hpp); null when none is attached.
    dsp::SampleTap* tap = nullptr;

    float* channel(int c, int max_frames) const { return data + static_cast<std::ptrdiff_t>(c) * max_frames; }
};

struct PlanTap {
    int from = 0;
    int to = 0;
    float weight = 1.0f;
    bool assign = false; // first writer of its destination channel: write, not add
};

struct PlanStep {
    int src = 0; // index into Plan::endpoints
    int dst = 0;
    // Stable across Plans: the ramp state and the route's target gain (which
    // the engine sets without a new Plan) live there.
    int gain_slot = 0;
    std::vector<PlanTap> taps;
};

struct PlanSilence {
    int endpoint = 0; // a bus or output channel no route writes
    int channel = 0;
};

// A strip's inserts, run in place on its channels when the strip is
// complete: an input's first, before any step reads it; a bus's after the
// last step that writes it and before the first that reads it; an output's
// after every step. Before the meters, so they show what the inserts made.
struct PlanInserts {
    int endpoint = 0;    // index into Plan::endpoints
    int before_step = 0; // runs before steps[before_step]; steps.size() means after the last
    // What runs: set by the engine once the Plan is compiled, and held here
    // so it lives as long as the Plan does (both are freed on the control
    // thread).
    std::shared_ptr<dsp::StripProcessor> chain;
};

struct Plan {
    int rate = 48000;
    int max_frames = 0;  // the largest block this Plan can run
    int ramp_frames = 0; // length of every gain change
    // The RMS meters' time constant in frames: the decay is worked out per
    // cycle from its real length, since servers run cycles far shorter than
    // max_frames.
    float meter_tau_frames = 1.0f;
    std::vector<PlanEndpoint> endpoints; // inputs, buses in mix order, outputs
    std::vector<PlanStep> steps;         // in an order where sources are complete before use
    std::vector<PlanSilence> silences;
    std::vector<PlanInserts> inserts;    // in before_step order
    // The endpoints' taps, held as long as the Plan that writes them.
    std::vector<std::shared_ptr<dsp::SampleTap>> taps;
    std::unique_ptr<float[]> arena;

    const PlanEndpoint* find(const std::string& id) const;
};

} // namespace sy::graph
