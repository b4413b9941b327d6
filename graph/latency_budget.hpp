// What every path input -> (buses) -> output costs in latency, and why.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "graph/model.hpp"

namespace sy::graph {

struct LatencyPart {
    LatencyPart() = default;
    LatencyPart(std::string name_, double frames_, double ms_, std::string kind_)
        : name(std::move(name_)), frames(frames_), ms(ms_), kind(std::move(kind_)) {}

    std::string name; // "engine period", "input resampler", ... in the user's words
    double frames = 0.0; // at the hub (engine) rate
    double ms = 0.0;
    // What it is, for a stacked bar: "device", "period", "bridge" (a
    // bridge's safety margin), "resampler", "quantum" (PipeWire's) or
    // "insert" (an effect on a strip the path passes).
    std::string kind;
    // Where a part's size came from, in words, when it is not fixed: a
    // bridge margin's "low: p99.9 lateness 0.42 ms + loop 0.25 ms".
    std::string why;
    // A bridge margin's figures: its latency mode ("safe", "low"), the
    // writer's measured lateness over the last minute (p99.9 and largest)
    // and what underruns added, in ms.
    struct MarginSource {
        std::string mode;
        double lateness_ms = 0.0;
        double max_lateness_ms = 0.0;
        double extra_ms = 0.0;
    };
    std::optional<MarginSource> margin;
};

struct PathBudget {
    std::vector<std::string> hops; // input, buses..., output
    std::vector<LatencyPart> parts;
    // Whose cycle runs the path on a running engine: "jack" or "pipewire"
    // (its output's clock domain); empty offline.
    std::string runs_in;
    double total_frames = 0.0;
    double total_ms = 0.0;
};

// The delay, in frames at `to_rate`, of the resampler that would convert an
// endpoint's stream between `from_rate` and `to_rate` with `quality`.
using ResamplerDelay = std::function<double(double from_rate, double to_rate, Quality quality)>;

// What a running driver knows about an endpoint's own latency: the device,
// a bridge, a server's quantum. Asked once per endpoint of a path, with the
// path's output: where a path runs (and so whether its input crosses a
// bridge) can follow its output.
using EndpointParts = std::function<std::vector<LatencyPart>(const Endpoint& endpoint, const Endpoint& output)>;

// The delay one insert adds to its strip, in frames at the hub's rate (0
// for none): what the plugin reports, the denoiser's frame.
using InsertLatency = std::function<double(const Endpoint& strip, const Insert& insert)>;

// Every path of a valid model, in input order, with its parts. Without
// `endpoint_parts` (offline) the parts are the engine period and resampler
// delays; with it (a running engine) they are what the driver reports for
// the path's input and output. With `insert_latency`, each insert on the
// strips the path passes that is not bypassed is a part too (a bypassed
// insert plays its strip dry, with no delay).
std::vector<PathBudget> path_budgets(const Model& model, const ResamplerDelay& resampler_delay,
                                     const EndpointParts& endpoint_parts = {},
                                     const InsertLatency& insert_latency = {});

// The delay of the engine's default resampler (what `engine.resampler` picks).
ResamplerDelay engine_resampler_delay(const Model& model);

} // namespace sy::graph
