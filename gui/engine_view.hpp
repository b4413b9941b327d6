// What the GUI knows of the running engine: the replies of `endpoints`,
// `routes`, `paths` and `model` (docs/control-protocol.md), read into plain
// structs once so widgets never parse JSON. Replaced whole on every refetch.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "gui/latency_parts.hpp"

namespace sy::gui {

enum class EndpointKind { input, bus, output };
const char* kind_name(EndpointKind kind); // "input", "bus", "output"

// One of the endpoint's ports on its server: full name and what it is connected to.
struct ServerPortView {
    std::string name;
    std::vector<std::string> connections;
};

// One insert on a strip, as the model (a preset document) lists it.
struct InsertView {
    std::string id;
    std::string uri;     // the LV2 plugin's URI; "" for a built-in
    std::string builtin; // "denoise", or "" for an LV2 plugin
    nlohmann::json controls = nlohmann::json::object(); // only those set, in the plugin's units
    bool bypass = false;
    bool operator==(const InsertView&) const = default;
};

struct EndpointView {
    std::string id;
    EndpointKind kind = EndpointKind::input;
    int channels = 0;
    std::optional<int> rate;
    std::optional<double> gain_db; // nullopt: silence
    bool mute = false;
    bool solo = false;
    std::string server; // "jack", "pipewire", "none"
    std::string state;  // "linked to test-sink-a", "waiting for node ..."
    bool ready = true;
    std::string detail; // from the model: where it lives, e.g. "virtual sink: Switchyard Desktop"
    std::vector<ServerPortView> ports; // in channel order; empty for a bus or while its server is away
    std::vector<InsertView> inserts;   // from the model, in signal order
};

struct RouteView {
    std::string from, to;
    std::optional<double> gain_db; // nullopt: silence
    bool mute = false;
    bool solo = false;
    std::optional<std::vector<std::pair<int, int>>> map; // nullopt: the default map
};

struct LatencyPartView {
    std::string name;
    double ms = 0.0;
    LatencyKind kind = LatencyKind::other;
    std::string why; // where a measured part's size came from (a bridge's margin), or empty
};

struct PathView {
    std::vector<std::string> hops;
    double total_ms = 0.0;
    std::string runs_in; // "jack" or "pipewire": whose cycle runs the path
    std::vector<LatencyPartView> parts;
    // True when `from` is followed by `to` somewhere along the hops.
    bool goes_through(const std::string& from, const std::string& to) const;
    std::string text() const; // "daw → stream → obs"
};

struct EngineView {
    std::vector<EndpointView> endpoints;
    std::vector<RouteView> routes;
    std::vector<PathView> paths;

    const EndpointView* find(const std::string& id) const;
    EndpointView* find(const std::string& id);
    const RouteView* find_route(const std::string& from, const std::string& to) const;
    std::vector<const PathView*> paths_through(const std::string& from, const std::string& to) const;
};

// Readers of the replies' `result`s. Fields the engine left out take their
// defaults: an older or newer engine still shows what it can.
std::vector<EndpointView> read_endpoints(const nlohmann::json& result);
std::vector<RouteView> read_routes(const nlohmann::json& result);
std::vector<PathView> read_paths(const nlohmann::json& result);
// Fills each endpoint's `detail` and `inserts` from a `model` result (a preset document).
void read_model_details(const nlohmann::json& model, std::vector<EndpointView>& endpoints);

// "-6.0 dB", "+2.5 dB", "0.0 dB", "-inf dB".
std::string db_text(std::optional<double> db);

} // namespace sy::gui
