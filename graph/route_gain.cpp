#include "graph/route_gain.hpp"

#include <string>
#include <unordered_map>
#include <unordered_set>

#include "dsp/gain_ramp.hpp"

namespace sy::graph {

std::vector<float> route_target_gains(const Model& model) {
    std::unordered_map<std::string, const Endpoint*> endpoints;
    for (const auto* list : {&model.inputs, &model.buses, &model.outputs}) {
        for (const auto& e : *list) endpoints.emplace(e.id, &e);
    }
    const auto find = [&](const std::string& id) -> const Endpoint* {
        const auto it = endpoints.find(id);
        return it == endpoints.end() ? nullptr : it->second;
    };
    // A muted route still counts as soloed: solo and mute are separate
    // buttons, and muting a soloed route must not bring the others back.
    const auto soloed = [&](const Route& r) {
        const Endpoint* from = find(r.from);
        return r.solo || (from && from->solo);
    };

    std::unordered_set<std::string> solo_destinations;
    for (const auto& r : model.routes) {
        if (soloed(r)) solo_destinations.insert(r.to);
    }

    std::vector<float> gains;
    gains.reserve(model.routes.size());
    for (const auto& r : model.routes) {
        const Endpoint* from = find(r.from);
        const Endpoint* to = find(r.to);
        const Endpoint* output = to && to->kind == EndpointKind::Output ? to : nullptr;
        const bool silent = r.mute || (from && from->mute) || (output && output->mute) ||
                            (solo_destinations.count(r.to) && !soloed(r));
        // Faders at 0 add exactly 0.0, so the sum stays 0.0 and db_to_gain
        // gives exactly 1.0f; any -inf makes the sum -inf, which gives 0.
        const double db = r.gain_db + (from ? from->gain_db : 0.0) + (output ? output->gain_db : 0.0);
        gains.push_back(silent ? 0.0f : dsp::db_to_gain(db));
    }
    return gains;
}

} // namespace sy::graph
