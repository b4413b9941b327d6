#include "graph/compiler.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "dsp/meter.hpp"
#include "graph/channel_map.hpp"
#include "graph/topology.hpp"
#include "graph/validate.hpp"

namespace sy::graph {

std::string route_key(const Route& route) { return route.from + "\x1f" + route.to; }

int ramp_frames(double ramp_ms, int rate) {
    return std::max(1, static_cast<int>(std::lround(ramp_ms * 1e-3 * rate)));
}

Slots sequential_slots(const Model& model) {
    Slots slots;
    int next = 0;
    for (const auto* list : {&model.inputs, &model.buses, &model.outputs}) {
        for (const auto& e : *list) slots.endpoints.emplace(e.id, next++);
    }
    for (std::size_t i = 0; i < model.routes.size(); ++i) {
        slots.routes.emplace(route_key(model.routes[i]), static_cast<int>(i));
    }
    return slots;
}

namespace {

int slot_of(const std::unordered_map<std::string, int>& table, const std::string& key) {
    auto it = table.find(key);
    return it == table.end() ? -1 : it->second;
}

// Where each strip's inserts run (PlanInserts): `ordered` is the Plan's
// endpoints as the model has them.
void place_inserts(Plan& plan, const std::vector<const Endpoint*>& ordered) {
    const int after_all = static_cast<int>(plan.steps.size());
    for (std::size_t i = 0; i < ordered.size(); ++i) {
        if (ordered[i]->inserts.empty()) continue;
        int before = after_all;
        if (ordered[i]->kind == EndpointKind::Input) before = 0;
        if (ordered[i]->kind == EndpointKind::Bus) {
            const auto first_read = std::find_if(plan.steps.begin(), plan.steps.end(),
                                                 [&](const PlanStep& s) { return s.src == static_cast<int>(i); });
            before = static_cast<int>(first_read - plan.steps.begin());
        }
        plan.inserts.push_back({static_cast<int>(i), before, nullptr});
    }
    std::stable_sort(plan.inserts.begin(), plan.inserts.end(),
                     [](const PlanInserts& a, const PlanInserts& b) { return a.before_step < b.before_step; });
}

} // namespace

Compiled compile(const Model& model, const Slots& slots, const CompileOptions& options) {
    Compiled result;
    result.problems = validate(model);
    if (!result.problems.empty()) return result;

    auto plan = std::make_unique<Plan>();
    plan->rate = model.engine.rate;
    plan->max_frames = options.max_frames;
    plan->ramp_frames = ramp_frames(options.ramp_ms, model.engine.rate);
    plan->meter_tau_frames = static_cast<float>(dsp::kRmsSeconds * model.engine.rate);

    // Endpoints: inputs, then buses in mix order, then outputs.
    const BusOrder order = order_buses(model);
    std::vector<const Endpoint*> ordered;
    for (const auto& e : model.inputs) ordered.push_back(&e);
    for (const auto& id : order.order) ordered.push_back(model.find(id));
    for (const auto& e : model.outputs) ordered.push_back(&e);

    std::map<std::string, int> index;
    std::size_t total_channels = 0;
    for (const Endpoint* e : ordered) {
        const int slot = slot_of(slots.endpoints, e->id);
        if (slot < 0) {
            result.problems.push_back({e->id, "internal: endpoint has no slot"});
            return result;
        }
        index.emplace(e->id, static_cast<int>(plan->endpoints.size()));
        plan->endpoints.push_back({e->id, e->kind, e->channels, slot, nullptr, nullptr});
        total_channels += static_cast<std::size_t>(e->channels);
    }
    const std::size_t frames = static_cast<std::size_t>(options.max_frames);
    plan->arena = std::make_unique<float[]>(total_channels * frames); // zeroed
    std::size_t offset = 0;
    for (auto& pe : plan->endpoints) {
        pe.data = plan->arena.get() + offset;
        offset += static_cast<std::size_t>(pe.channels) * frames;
    }

    // Steps grouped by destination, destinations in endpoint order: a bus is
    // complete before any bus or output it feeds reads it.
    std::vector<std::vector<const Route*>> into(plan->endpoints.size());
    for (const auto& r : model.routes) into[static_cast<std::size_t>(index.at(r.to))].push_back(&r);

    for (std::size_t dst = 0; dst < plan->endpoints.size(); ++dst) {
        const PlanEndpoint& d = plan->endpoints[dst];
        if (d.kind == EndpointKind::Input) continue;
        std::vector<bool> written(static_cast<std::size_t>(d.channels), false);
        for (const Route* r : into[dst]) {
            const int src = index.at(r->from);
            const int gain_slot = slot_of(slots.routes, route_key(*r));
            if (gain_slot < 0) {
                result.problems.push_back({r->from + " -> " + r->to, "internal: route has no slot"});
                return result;
            }
            PlanStep step;
            step.src = src;
            step.dst = static_cast<int>(dst);
            step.gain_slot = gain_slot;
            const auto taps = channel_taps(*r, plan->endpoints[static_cast<std::size_t>(src)].channels, d.channels);
            for (const Tap& t : *taps) {
                const bool first = !written[static_cast<std::size_t>(t.to)];
                written[static_cast<std::size_t>(t.to)] = true;
                step.taps.push_back({t.from, t.to, t.weight, first});
            }
            plan->steps.push_back(std::move(step));
        }
        for (int c = 0; c < d.channels; ++c) {
            if (!written[static_cast<std::size_t>(c)]) plan->silences.push_back({static_cast<int>(dst), c});
        }
    }
    place_inserts(*plan, ordered);
    result.plan = std::move(plan);
    return result;
}

} // namespace sy::graph
