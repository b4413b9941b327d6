// How a Model splits into one Model per clock domain (JACK's, PipeWire's),
// each to run as its own Plan in its own server's callback, and which
// bridges (crossings) that needs. Control thread only; no server in sight.
//
// Why split: with one hub, every endpoint on the other server crosses into
// the hub through a drift-compensated bridge, so PipeWire input -> bus ->
// PipeWire output crosses twice while JACK is the hub. Here a path runs
// where its output lives: only an input's raw signal crosses, once, and only
// when its home is not its output's. Outputs never cross.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "graph/model.hpp"

namespace sy::graph {

enum class Domain { Jack, Pipewire };
inline constexpr Domain kDomains[] = {Domain::Jack, Domain::Pipewire};

const char* to_string(Domain domain);

// The home domain of an input or output: where its port or device lives.
// Asked only for inputs and outputs; a bus has no home, it runs wherever
// its outputs are.
using HomeDomain = std::function<Domain(const Endpoint& endpoint)>;

// The usual answer: a jack endpoint is JACK's, a pipewire one PipeWire's,
// and a plain one (neither) lives in `plain` (e.g. the server that runs).
HomeDomain home_by_server(Domain plain);

// One bridge: an input's raw signal, carried from its home domain into
// another domain whose Model holds a replica of that input.
struct Crossing {
    std::string input;
    Domain from = Domain::Jack;
    Domain to = Domain::Pipewire;
    int channels = 2;
    bool operator==(const Crossing&) const = default;
};

struct DomainSplit {
    Model jack;
    Model pipewire;
    std::vector<Crossing> crossings; // in input order, then domain order

    const Model& model(Domain domain) const { return domain == Domain::Jack ? jack : pipewire; }
};

// Splits a validated model. A domain D's Model holds, in the whole model's
// order and with ids, strips, channels and every other field unchanged:
//   - every output whose home is D;
//   - every bus from which some output of D is reachable along routes (a
//     bus may so run in both domains, as two replicas with the same strip);
//   - every input from which some output of D is reachable (a replica fed by
//     a crossing when its home is the other domain);
//   - every route whose `to` is in it (its `from` then is too).
// So a domain without outputs gets an empty Model, and an input or bus that
// reaches no output is in neither: nothing it computes is heard. (Its port
// is the server side's business, made from the whole model as today.)
// Engine settings and name are copied. Unknown ids in routes are skipped.
DomainSplit split_by_domain(const Model& model, const HomeDomain& home_of);

// How many bridges the signal of one path (hops: input, buses..., output,
// as in PathBudget::hops) crosses under a split: it runs in the Model of
// its output's domain, so 1 when that Model's copy of the input is fed by a
// crossing, else 0. Empty when no domain's Model carries the whole path
// (an unknown id, or a split that lost a hop or a route).
std::optional<int> path_crossings(const DomainSplit& split, const std::vector<std::string>& hops);

// Where a bus runs, for the UI and the latency budgets: in one domain, in
// both (two replicas), or in neither (it reaches no output).
struct BusDomains {
    std::string bus;
    std::vector<Domain> domains; // in kDomains order
};

// One entry per bus of the whole model, in its order.
std::vector<BusDomains> bus_domains(const Model& model, const DomainSplit& split);

} // namespace sy::graph
