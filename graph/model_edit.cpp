#include "graph/model_edit.hpp"

#include <algorithm>

namespace sy::graph {

Endpoint* find_endpoint(Model& model, const std::string& id) {
    for (auto* list : {&model.inputs, &model.buses, &model.outputs}) {
        for (auto& e : *list) {
            if (e.id == id) return &e;
        }
    }
    return nullptr;
}

Route* find_route(Model& model, const std::string& from, const std::string& to) {
    for (auto& r : model.routes) {
        if (r.from == from && r.to == to) return &r;
    }
    return nullptr;
}

const Route* find_route(const Model& model, const std::string& from, const std::string& to) {
    return find_route(const_cast<Model&>(model), from, to);
}

std::vector<Endpoint>& endpoints_of(Model& model, EndpointKind kind) {
    switch (kind) {
    case EndpointKind::Input: return model.inputs;
    case EndpointKind::Bus: return model.buses;
    case EndpointKind::Output: break;
    }
    return model.outputs;
}

std::vector<Route> remove_endpoint(Model& model, const std::string& id) {
    const Endpoint* e = find_endpoint(model, id);
    if (!e) return {};
    std::erase_if(endpoints_of(model, e->kind), [&](const Endpoint& x) { return x.id == id; });
    std::vector<Route> removed;
    std::erase_if(model.routes, [&](const Route& r) {
        if (r.from != id && r.to != id) return false;
        removed.push_back(r);
        return true;
    });
    return removed;
}

bool rename_endpoint(Model& model, const std::string& id, const std::string& to) {
    Endpoint* e = find_endpoint(model, id);
    if (!e) return false;
    e->id = to;
    for (auto& r : model.routes) {
        if (r.from == id) r.from = to;
        if (r.to == id) r.to = to;
    }
    return true;
}

} // namespace sy::graph
