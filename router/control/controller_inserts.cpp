// The commands on a strip's inserts: add one (at a place in the list),
// remove one, set some of its controls, bypass it; and the plugins that can
// be added. Each edits a copy of the running model and hands it to change(),
// which checks the inserts against the plugins first: an unknown plugin,
// control or value is refused with its field path and nothing changes.
#include <algorithm>

#include "fx/lv2_world.hpp"
#include "fx/plugin_json.hpp"
#include "graph/model_edit.hpp"
#include "presets/fields.hpp"
#include "presets/insert_reader.hpp"
#include "router/control/controller.hpp"

namespace sy::router {

namespace {

using nlohmann::json;

graph::Insert* find_insert(graph::Endpoint& e, const std::string& id) {
    auto it = std::find_if(e.inserts.begin(), e.inserts.end(), [&](const graph::Insert& i) { return i.id == id; });
    return it == e.inserts.end() ? nullptr : &*it;
}

Outcome unknown_insert(const graph::Endpoint& e, const std::string& id) {
    std::string ids;
    for (const auto& i : e.inserts) ids += (ids.empty() ? "" : ", ") + i.id;
    return Outcome::fail("unknown_insert", "\"" + e.id + "\" has no insert \"" + id + "\"" +
                                               (ids.empty() ? " (it has none)" : " (it has " + ids + ")"));
}

} // namespace

// The strip and the insert a request names, in `next`; an Outcome when
// either is missing.
template <typename Edit>
Outcome Controller::edit_insert(RequestArgs& args, Edit edit) {
    const std::string endpoint = args.text("endpoint");
    const std::string id = args.text("insert");
    if (args.failed()) return args.failure();
    graph::Model next = session_.model();
    graph::Endpoint* e = graph::find_endpoint(next, endpoint);
    if (!e) return unknown_endpoint(endpoint);
    graph::Insert* insert = find_insert(*e, id);
    if (!insert) return unknown_insert(*e, id);
    if (std::optional<Outcome> refused = edit(*e, *insert)) return std::move(*refused);
    return change(next, current_by_, {{"endpoint", endpoint}, {"insert", id}});
}

Outcome Controller::insert_add(ClientId, RequestArgs& args) {
    const std::string endpoint = args.text("endpoint");
    const json& spec = args.object("insert");
    if (args.failed()) return args.failure();
    graph::Problems problems;
    presets::Fields fields(problems);
    graph::Insert insert = presets::read_insert(spec, "insert", fields);
    if (!problems.empty()) return Outcome::fail("bad_request", problems.front().field + ": " + problems.front().message, problems);
    graph::Model next = session_.model();
    graph::Endpoint* e = graph::find_endpoint(next, endpoint);
    if (!e) return unknown_endpoint(endpoint);
    if (find_insert(*e, insert.id)) {
        return Outcome::fail("invalid", "\"" + endpoint + "\" has an insert \"" + insert.id + "\" already: ids are unique");
    }
    const auto at = static_cast<std::size_t>(args.number("at", 0, static_cast<double>(e->inserts.size()),
                                                        static_cast<double>(e->inserts.size())));
    if (args.failed()) return args.failure();
    const std::string id = insert.id;
    e->inserts.insert(e->inserts.begin() + static_cast<std::ptrdiff_t>(at), std::move(insert));
    return change(next, current_by_, {{"endpoint", endpoint}, {"insert", id}, {"at", at}});
}

Outcome Controller::insert_remove(ClientId, RequestArgs& args) {
    return edit_insert(args, [](graph::Endpoint& e, graph::Insert& insert) -> std::optional<Outcome> {
        const std::string id = insert.id;
        std::erase_if(e.inserts, [&](const graph::Insert& i) { return i.id == id; });
        return std::nullopt;
    });
}

// "controls": {symbol: value}; a null value gives the control back to the
// plugin's default.
Outcome Controller::insert_set(ClientId, RequestArgs& args) {
    const json& controls = args.object("controls");
    if (args.failed()) return args.failure();
    return edit_insert(args, [&](graph::Endpoint&, graph::Insert& insert) -> std::optional<Outcome> {
        for (const auto& [symbol, value] : controls.items()) {
            if (value.is_null()) {
                insert.controls.erase(symbol);
            } else if (value.is_number()) {
                insert.controls[symbol] = value.get<double>();
            } else if (value.is_string()) {
                insert.controls[symbol] = value.get<std::string>();
            } else {
                return Outcome::fail("bad_request", "controls." + symbol + ": a number, a word or null, not " + value.dump());
            }
        }
        return std::nullopt;
    });
}

Outcome Controller::insert_bypass(ClientId, RequestArgs& args) {
    const bool on = args.flag("on", true);
    if (args.failed()) return args.failure();
    return edit_insert(args, [on](graph::Endpoint&, graph::Insert& insert) -> std::optional<Outcome> {
        insert.bypass = on;
        return std::nullopt;
    });
}

// {"search": text} lists the plugins; {"uri": URI} describes one.
Outcome Controller::plugins(ClientId, RequestArgs& args) {
    fx::Lv2World& world = fx::Lv2World::get();
    if (args.has("uri")) {
        const std::string uri = args.text("uri");
        if (args.failed()) return args.failure();
        const auto info = world.describe(uri);
        if (!info) return Outcome::fail("unknown_plugin", "no LV2 plugin " + uri + " is installed");
        return Outcome::ok(fx::plugin_json(*info));
    }
    const std::string search = args.optional_text("search").value_or("");
    if (args.failed()) return args.failure();
    return Outcome::ok({{"plugins", fx::plugins_json(world.list(), search)}});
}

} // namespace sy::router
