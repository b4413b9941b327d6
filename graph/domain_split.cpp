#include "graph/domain_split.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace sy::graph {

namespace {

using IdSet = std::unordered_set<std::string>;

Model& model_of(DomainSplit& split, Domain domain) { return domain == Domain::Jack ? split.jack : split.pipewire; }

// Every id from which one of `outputs` is reachable along routes, the
// outputs included: a walk backwards from them. Only what reaches an output
// is ever heard, so only that has to run in the output's domain. The seen
// set also ends the walk on a bus cycle, which validation rules out anyway.
IdSet reaching(const Model& model, const std::vector<const Endpoint*>& outputs) {
    std::unordered_multimap<std::string, const std::string*> feeders; // to -> from
    for (const auto& r : model.routes) feeders.emplace(r.to, &r.from);
    IdSet seen;
    std::vector<std::string> todo;
    for (const Endpoint* out : outputs) {
        if (seen.insert(out->id).second) todo.push_back(out->id);
    }
    while (!todo.empty()) {
        const std::string id = std::move(todo.back());
        todo.pop_back();
        auto [first, last] = feeders.equal_range(id);
        for (auto it = first; it != last; ++it) {
            if (seen.insert(*it->second).second) todo.push_back(*it->second);
        }
    }
    return seen;
}

// Copies, whole and in the model's order, so a replica keeps its id (meters,
// slots and saved state are keyed by it) and its strip (its gains must be
// those of the original).
void copy_kept(const std::vector<Endpoint>& list, const IdSet& keep, std::vector<Endpoint>& out, IdSet& kept) {
    for (const auto& e : list) {
        if (!keep.count(e.id)) continue;
        out.push_back(e);
        kept.insert(e.id);
    }
}

// One domain's Model: its own outputs and what reaches them. Every route
// into a kept endpoint is kept, so all routes into one destination land in
// one Model and solo, decided per destination (route_gain.hpp), plays alike.
Model domain_model(const Model& model, const std::vector<const Endpoint*>& outputs) {
    const IdSet reach = reaching(model, outputs);
    Model part;
    part.name = model.name;
    part.engine = model.engine;
    IdSet kept;
    copy_kept(model.inputs, reach, part.inputs, kept);
    copy_kept(model.buses, reach, part.buses, kept);
    // Not every output that reached one of ours (a route out of an output,
    // which validation forbids, would make one): only those at home here.
    for (const Endpoint* out : outputs) kept.insert(out->id);
    for (const auto& out : model.outputs) {
        if (std::find(outputs.begin(), outputs.end(), &out) != outputs.end()) part.outputs.push_back(out);
    }
    for (const auto& r : model.routes) {
        if (kept.count(r.from) && kept.count(r.to)) part.routes.push_back(r);
    }
    return part;
}

bool has_input(const Model& model, const std::string& id) {
    return std::any_of(model.inputs.begin(), model.inputs.end(), [&](const Endpoint& e) { return e.id == id; });
}

bool has_route(const Model& model, const std::string& from, const std::string& to) {
    return std::any_of(model.routes.begin(), model.routes.end(),
                       [&](const Route& r) { return r.from == from && r.to == to; });
}

// Whether a Model runs a whole path: input, buses, output and the routes
// between them. A path that had to leave its domain midway would cross
// more than once; the split never makes one, and this says so if it did.
bool carries(const Model& model, const std::vector<std::string>& hops) {
    if (!has_input(model, hops.front())) return false;
    for (std::size_t i = 1; i + 1 < hops.size(); ++i) {
        const Endpoint* e = model.find(hops[i]);
        if (!e || e->kind != EndpointKind::Bus) return false;
    }
    for (std::size_t i = 0; i + 1 < hops.size(); ++i) {
        if (!has_route(model, hops[i], hops[i + 1])) return false;
    }
    return true;
}

} // namespace

const char* to_string(Domain domain) {
    switch (domain) {
    case Domain::Jack: return "jack";
    case Domain::Pipewire: return "pipewire";
    }
    return "?";
}

HomeDomain home_by_server(Domain plain) {
    return [plain](const Endpoint& e) {
        if (e.jack) return Domain::Jack;
        if (e.pipewire) return Domain::Pipewire;
        return plain;
    };
}

DomainSplit split_by_domain(const Model& model, const HomeDomain& home_of) {
    DomainSplit split;
    for (Domain d : kDomains) {
        std::vector<const Endpoint*> outputs;
        for (const auto& out : model.outputs) {
            if (home_of(out) == d) outputs.push_back(&out);
        }
        model_of(split, d) = domain_model(model, outputs);
    }
    // An input's raw signal crosses to every other domain that runs it, once
    // per domain however many of that domain's paths start at it.
    for (const auto& in : model.inputs) {
        const Domain home = home_of(in);
        for (Domain d : kDomains) {
            if (d != home && has_input(split.model(d), in.id)) {
                split.crossings.push_back({in.id, home, d, in.channels});
            }
        }
    }
    return split;
}

std::optional<int> path_crossings(const DomainSplit& split, const std::vector<std::string>& hops) {
    if (hops.size() < 2) return std::nullopt;
    for (Domain d : kDomains) {
        // An output is in its home domain's Model only: the path runs there.
        const Model& part = split.model(d);
        const Endpoint* out = part.find(hops.back());
        if (!out || out->kind != EndpointKind::Output) continue;
        if (!carries(part, hops)) return std::nullopt;
        const bool bridged = std::any_of(split.crossings.begin(), split.crossings.end(), [&](const Crossing& c) {
            return c.input == hops.front() && c.to == d;
        });
        return bridged ? 1 : 0;
    }
    return std::nullopt;
}

std::vector<BusDomains> bus_domains(const Model& model, const DomainSplit& split) {
    std::vector<BusDomains> out;
    for (const auto& b : model.buses) {
        BusDomains where{b.id, {}};
        for (Domain d : kDomains) {
            const Endpoint* replica = split.model(d).find(b.id);
            if (replica && replica->kind == EndpointKind::Bus) where.domains.push_back(d);
        }
        out.push_back(std::move(where));
    }
    return out;
}

} // namespace sy::graph
