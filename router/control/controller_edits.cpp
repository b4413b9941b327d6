// The commands that change the model: gain, mute and solo on an endpoint or
// a route; routes and endpoints added, removed and renamed. Each edits a copy
// of the running model and hands it to change(), which validates it first.
#include "graph/model_edit.hpp"
#include "presets/endpoint_reader.hpp"
#include "presets/fields.hpp"
#include "presets/route_reader.hpp"
#include "router/control/controller.hpp"

namespace sy::router {

namespace {

using nlohmann::json;

json gain_json(double db) { return std::isinf(db) && db < 0 ? json(nullptr) : json(db); }

std::string route_name(const std::string& from, const std::string& to) { return "\"" + from + "\" -> \"" + to + "\""; }

} // namespace

template <typename SetEndpoint, typename SetRoute>
Outcome Controller::set_on_target(RequestArgs& args, const std::string& by, SetEndpoint on_endpoint, SetRoute on_route,
                                  json result) {
    graph::Model next = session_.model();
    if (args.has("endpoint")) {
        const std::string id = args.text("endpoint");
        if (args.failed()) return args.failure();
        graph::Endpoint* e = graph::find_endpoint(next, id);
        if (!e) return unknown_endpoint(id);
        on_endpoint(*e);
        return change(next, by, std::move(result));
    }
    if (!args.has("from") && !args.has("to")) {
        return Outcome::fail("bad_request", "name an \"endpoint\", or a route by \"from\" and \"to\"");
    }
    const std::string from = args.text("from");
    const std::string to = args.text("to");
    if (args.failed()) return args.failure();
    for (const auto& id : {from, to}) {
        if (!graph::find_endpoint(next, id)) return unknown_endpoint(id);
    }
    graph::Route* r = graph::find_route(next, from, to);
    if (!r) return Outcome::fail("unknown_route", "no route " + route_name(from, to));
    on_route(*r);
    return change(next, by, std::move(result));
}

Outcome Controller::gain(ClientId, RequestArgs& args) {
    const double db = args.gain_db("db");
    if (args.failed()) return args.failure();
    return set_on_target(
        args, current_by_, [&](graph::Endpoint& e) { e.gain_db = db; }, [&](graph::Route& r) { r.gain_db = db; },
        {{"gain_db", gain_json(db)}});
}

Outcome Controller::mute(ClientId, RequestArgs& args) {
    const bool on = args.flag("on", true);
    if (args.failed()) return args.failure();
    return set_on_target(
        args, current_by_, [&](graph::Endpoint& e) { e.mute = on; }, [&](graph::Route& r) { r.mute = on; },
        {{"mute", on}});
}

Outcome Controller::solo(ClientId, RequestArgs& args) {
    const bool on = args.flag("on", true);
    if (args.failed()) return args.failure();
    return set_on_target(
        args, current_by_, [&](graph::Endpoint& e) { e.solo = on; }, [&](graph::Route& r) { r.solo = on; },
        {{"solo", on}});
}

Outcome Controller::route_add(ClientId, RequestArgs& args) {
    const std::string from = args.text("from");
    const std::string to = args.text("to");
    if (args.failed()) return args.failure();
    graph::Model next = session_.model();
    for (const auto& id : {from, to}) {
        if (!graph::find_endpoint(next, id)) return unknown_endpoint(id);
    }
    if (graph::find_route(next, from, to)) {
        return Outcome::fail("invalid", "there is a route " + route_name(from, to) + " already: change its gain instead");
    }
    // Read as a preset's route is read, so the same fields mean the same.
    json spec = json::object();
    for (const char* key : {"from", "to", "gain_db", "mute", "solo", "map"}) {
        if (args.has(key)) spec[key] = args.raw().at(key);
    }
    graph::Problems problems;
    presets::Fields fields(problems);
    graph::Route route = presets::read_route(spec, "route", fields);
    if (!problems.empty()) return Outcome::fail("bad_request", problems.front().field + ": " + problems.front().message, problems);
    next.routes.push_back(std::move(route));
    return change(next, current_by_, {{"from", from}, {"to", to}});
}

Outcome Controller::route_remove(ClientId, RequestArgs& args) {
    const std::string from = args.text("from");
    const std::string to = args.text("to");
    if (args.failed()) return args.failure();
    graph::Model next = session_.model();
    if (!graph::find_route(next, from, to)) {
        for (const auto& id : {from, to}) {
            if (!graph::find_endpoint(next, id)) return unknown_endpoint(id);
        }
        return Outcome::fail("unknown_route", "no route " + route_name(from, to));
    }
    std::erase_if(next.routes, [&](const graph::Route& r) { return r.from == from && r.to == to; });
    return change(next, current_by_, {{"from", from}, {"to", to}});
}

Outcome Controller::endpoint_add(ClientId, RequestArgs& args) {
    const std::string kind = args.text("kind");
    const json& spec = args.object("endpoint");
    if (args.failed()) return args.failure();
    graph::EndpointKind k;
    if (kind == "input") {
        k = graph::EndpointKind::Input;
    } else if (kind == "bus") {
        k = graph::EndpointKind::Bus;
    } else if (kind == "output") {
        k = graph::EndpointKind::Output;
    } else {
        return Outcome::fail("bad_request", "\"kind\" must be \"input\", \"bus\" or \"output\", not \"" + kind + "\"");
    }
    graph::Problems problems;
    presets::Fields fields(problems);
    graph::Endpoint e = presets::read_endpoint(spec, "endpoint", k, fields);
    if (!problems.empty()) return Outcome::fail("bad_request", problems.front().field + ": " + problems.front().message, problems);
    graph::Model next = session_.model();
    if (graph::find_endpoint(next, e.id)) {
        return Outcome::fail("invalid", "there is an endpoint \"" + e.id + "\" already: ids are unique");
    }
    const std::string id = e.id;
    graph::endpoints_of(next, k).push_back(std::move(e));
    return change(next, current_by_, {{"id", id}});
}

Outcome Controller::endpoint_remove(ClientId, RequestArgs& args) {
    const std::string id = args.text("endpoint");
    if (args.failed()) return args.failure();
    graph::Model next = session_.model();
    if (!graph::find_endpoint(next, id)) return unknown_endpoint(id);
    json removed = json::array();
    for (const auto& r : graph::remove_endpoint(next, id)) removed.push_back({{"from", r.from}, {"to", r.to}});
    return change(next, current_by_, {{"id", id}, {"routes_removed", removed}});
}

Outcome Controller::endpoint_rename(ClientId, RequestArgs& args) {
    const std::string id = args.text("endpoint");
    const std::string to = args.text("to");
    if (args.failed()) return args.failure();
    graph::Model next = session_.model();
    if (!graph::find_endpoint(next, id)) return unknown_endpoint(id);
    if (id == to) return Outcome::ok({{"id", to}});
    if (!presets::is_valid_id(to)) {
        return Outcome::fail("bad_request", "\"" + to + "\" is not an id: use a-z, 0-9, '_' and '-' only");
    }
    if (graph::find_endpoint(next, to)) {
        return Outcome::fail("invalid", "there is an endpoint \"" + to + "\" already: ids are unique");
    }
    graph::rename_endpoint(next, id, to);
    return change(next, current_by_, {{"id", to}});
}

} // namespace sy::router
