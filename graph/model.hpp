// The routing model as a person edits it: endpoints, buses and routes.
// It mirrors preset format v1 (shared PRESET.md) field for field; the control
// thread owns it, the audio thread never sees it (it sees a compiled Plan).
#pragma once

#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "dsp/channels.hpp"
#include "dsp/latency_mode.hpp"
#include "dsp/resampler_kind.hpp"
#include "graph/insert.hpp"

namespace sy::graph {

enum class EndpointKind { Input, Bus, Output };
using dsp::LatencyMode;
using dsp::Quality;
using dsp::ResamplerLib;

using dsp::kMaxChannels;
inline constexpr double kMaxGainDb = 24.0;
inline constexpr double kSilenceDb = -std::numeric_limits<double>::infinity();

struct JackSpec {
    std::vector<std::string> connect;  // one JACK port name per channel (may be shorter)
    bool operator==(const JackSpec&) const = default;
};

struct PipewireSpec {
    std::string target;       // node.name of an existing node, or empty
    std::string virtual_kind; // "", "sink" (inputs) or "source" (outputs)
    std::string description;  // what people see in their sound settings
    bool operator==(const PipewireSpec&) const = default;
};

struct Endpoint {
    std::string id;
    EndpointKind kind = EndpointKind::Input;
    int channels = 2;
    std::optional<int> rate;        // own rate when it differs from the hub's
    std::optional<Quality> quality; // resampler quality; Medium when absent
    std::optional<LatencyMode> latency; // inputs and outputs; the engine's when absent
    std::optional<JackSpec> jack;
    std::optional<PipewireSpec> pipewire;
    // The mixer strip (graph/route_gain.hpp says how they combine). The
    // fader: kSilenceDb (-inf) means silence; written as null.
    double gain_db = 0.0;
    bool mute = false;
    bool solo = false; // inputs and buses only: an output is muted, not soloed
    // Effects on the strip, in signal order, before the fader and the meters
    // (graph/insert.hpp).
    Inserts inserts;
};

struct ChannelPair {
    int from = 0;
    int to = 0;
    bool operator==(const ChannelPair&) const = default;
};

struct Route {
    std::string from;
    std::string to;
    double gain_db = 0.0; // kSilenceDb (-inf) means silence; written as null
    bool mute = false;
    bool solo = false;
    std::optional<std::vector<ChannelPair>> map;
};

struct EngineSettings {
    int rate = 48000;
    int period = 128;
    std::optional<ResamplerLib> resampler; // engine default when absent
    std::optional<LatencyMode> latency;    // Safe when absent
    bool operator==(const EngineSettings&) const = default;
};

struct Model {
    std::string name = "switchyard";
    EngineSettings engine;
    std::vector<Endpoint> inputs;
    std::vector<Endpoint> buses;
    std::vector<Endpoint> outputs;
    std::vector<Route> routes;

    // Looks an id up across inputs, buses and outputs; nullptr when absent.
    const Endpoint* find(const std::string& id) const;
};

const char* to_string(EndpointKind kind);
// The list a kind of endpoint lives in, as a preset names it: "inputs",
// "buses", "outputs"; field paths start with it.
const char* list_name(EndpointKind kind);
// The field path of a strip's insert: "inputs[0].inserts[1]".
std::string insert_field(EndpointKind kind, std::size_t endpoint, std::size_t insert);
const char* to_string(Quality quality);
const char* to_string(ResamplerLib lib);
const char* to_string(LatencyMode latency);
std::optional<LatencyMode> latency_from_string(const std::string& text);
// The mode an endpoint's bridges run in: its own, else the engine's, else Safe.
LatencyMode latency_of(const Model& model, const Endpoint& endpoint);
std::optional<Quality> quality_from_string(const std::string& text);
std::optional<ResamplerLib> resampler_from_string(const std::string& text);

} // namespace sy::graph
