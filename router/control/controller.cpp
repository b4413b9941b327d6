#include "router/control/controller.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>
#include <utility>

#include "presets/typo_hint.hpp"

namespace sy::router {

namespace {

using nlohmann::json;

json problems_json(const graph::Problems& problems) {
    json out = json::array();
    for (const auto& p : problems) out.push_back({{"field", p.field}, {"message", p.message}});
    return out;
}

json reply(const json& id, const Outcome& outcome) {
    if (!outcome.error) return {{"id", id}, {"ok", true}, {"result", outcome.result}};
    json error = {{"code", outcome.error->code}, {"message", outcome.error->message}};
    if (!outcome.error->problems.empty()) error["problems"] = problems_json(outcome.error->problems);
    return {{"id", id}, {"ok", false}, {"error", std::move(error)}};
}

// EBU R 128 figures; -inf (silence, or too soon to say) is null: JSON has
// no infinity.
json loudness_json(const dsp::LoudnessReading& r) {
    auto finite = [](double v) { return std::isfinite(v) ? json(v) : json(nullptr); };
    return {{"momentary_lufs", finite(r.momentary_lufs)},
            {"short_term_lufs", finite(r.short_term_lufs)},
            {"integrated_lufs", finite(r.integrated_lufs)},
            {"range_lu", finite(r.range_lu)},
            {"true_peak_dbtp", finite(r.true_peak_dbtp)}};
}

constexpr std::array<std::string_view, 4> kEventKinds = {"meters", "xruns", "devices", "changes"};

} // namespace

Controller::Controller(LiveSession& session, EventSink* events, StateSaver* saver)
    : session_(session), events_(events), saver_(saver) {}

json Controller::handle(ClientId client, const json& request) {
    const json id = request.is_object() && request.contains("id") ? request.at("id") : json(nullptr);
    return reply(id, dispatch(client, request, "socket"));
}

json Controller::run(const json& request, const std::string& by) {
    const json id = request.is_object() && request.contains("id") ? request.at("id") : json(nullptr);
    return reply(id, dispatch(0, request, by));
}

Outcome Controller::dispatch(ClientId client, const json& request, const std::string& by) {
    static const std::map<std::string, Command, std::less<>> commands = {
        {"status", &Controller::status},
        {"model", &Controller::model},
        {"endpoints", &Controller::endpoints},
        {"routes", &Controller::routes},
        {"paths", &Controller::paths},
        {"gain", &Controller::gain},
        {"mute", &Controller::mute},
        {"solo", &Controller::solo},
        {"route.add", &Controller::route_add},
        {"route.remove", &Controller::route_remove},
        {"endpoint.add", &Controller::endpoint_add},
        {"endpoint.remove", &Controller::endpoint_remove},
        {"endpoint.rename", &Controller::endpoint_rename},
        {"insert.add", &Controller::insert_add},
        {"insert.remove", &Controller::insert_remove},
        {"insert.set", &Controller::insert_set},
        {"insert.bypass", &Controller::insert_bypass},
        {"plugins", &Controller::plugins},
        {"loudness.reset", &Controller::loudness_reset},
        {"preset.list", &Controller::preset_list},
        {"preset.load", &Controller::preset_load},
        {"preset.save", &Controller::preset_save},
        {"subscribe", &Controller::subscribe},
        {"unsubscribe", &Controller::unsubscribe},
    };
    if (!request.is_object()) return Outcome::fail("bad_request", "a request is a JSON object, not " + request.dump());
    if (!request.contains("cmd") || !request.at("cmd").is_string()) {
        return Outcome::fail("bad_request", "a request needs \"cmd\", a string naming the command");
    }
    const std::string cmd = request.at("cmd").get<std::string>();
    const auto it = commands.find(cmd);
    if (it == commands.end()) {
        std::vector<std::string_view> known;
        for (const auto& [name, fn] : commands) known.push_back(name);
        const auto hint = presets::closest_name(cmd, known);
        return Outcome::fail("unknown_command", "no command \"" + cmd + "\"" +
                                                    (hint ? " (did you mean \"" + std::string(*hint) + "\"?)" : ""));
    }
    RequestArgs args(request);
    current_by_ = by + " " + cmd;
    Outcome outcome = (this->*(it->second))(client, args);
    current_by_.clear();
    return outcome;
}

Outcome Controller::change(const graph::Model& next, const std::string& by, json result) {
    if (graph::Problems problems = session_.apply(next); !problems.empty()) {
        std::string message = problems.front().field.empty() ? problems.front().message
                                                              : problems.front().field + ": " + problems.front().message;
        if (problems.size() > 1) message += " (and " + std::to_string(problems.size() - 1) + " more)";
        return Outcome::fail("invalid", "nothing changed: " + message, std::move(problems));
    }
    ++revision_;
    if (saver_) saver_->changed(session_.model());
    send_to(&Subscription::changes, {{"event", "changed"}, {"revision", revision_}, {"by", by}});
    return Outcome::ok(std::move(result));
}

Outcome Controller::unknown_endpoint(const std::string& id) const {
    std::vector<std::string> ids;
    const graph::Model& m = session_.model();
    for (const auto* list : {&m.inputs, &m.buses, &m.outputs}) {
        for (const auto& e : *list) ids.push_back(e.id);
    }
    const std::vector<std::string_view> known(ids.begin(), ids.end());
    const auto hint = presets::closest_name(id, known);
    return Outcome::fail("unknown_endpoint", "no endpoint \"" + id + "\"" +
                                                 (hint ? " (did you mean \"" + std::string(*hint) + "\"?)" : ""));
}

Outcome Controller::subscribe(ClientId client, RequestArgs& args) {
    if (client == 0) return Outcome::fail("bad_request", "subscribe needs a connection to send events on");
    std::vector<std::string> kinds;
    if (args.has("events")) {
        const json& e = args.raw().at("events");
        if (!e.is_array()) return Outcome::fail("bad_request", "\"events\" must be a list, e.g. [\"meters\"]");
        for (const auto& k : e) {
            if (!k.is_string() || std::find(kEventKinds.begin(), kEventKinds.end(), k.get<std::string>()) == kEventKinds.end()) {
                return Outcome::fail("bad_request", "unknown event " + k.dump() + ": meters, xruns, devices or changes");
            }
            kinds.push_back(k.get<std::string>());
        }
    } else {
        kinds.assign(kEventKinds.begin(), kEventKinds.end());
    }
    const double hz = args.number("meter_hz", 1, 60, 30);
    if (args.failed()) return args.failure();
    Subscription& s = subscriptions_[client];
    for (const auto& k : kinds) {
        if (k == "meters") s.meters = true;
        if (k == "xruns") s.xruns = true;
        if (k == "devices") s.devices = true;
        if (k == "changes") s.changes = true;
    }
    s.meter_hz = hz;
    if (s.meters && s.meter_reader < 0) s.meter_reader = session_.meters().add_reader();
    json events = json::array();
    for (auto [on, name] : {std::pair{s.meters, "meters"}, {s.xruns, "xruns"}, {s.devices, "devices"}, {s.changes, "changes"}}) {
        if (on) events.push_back(name);
    }
    return Outcome::ok({{"events", events}, {"meter_hz", s.meter_hz}});
}

Outcome Controller::unsubscribe(ClientId client, RequestArgs& args) {
    auto it = subscriptions_.find(client);
    if (it == subscriptions_.end()) return Outcome::ok({{"events", json::array()}});
    Subscription& s = it->second;
    if (!args.has("events")) {
        disconnected(client);
        return Outcome::ok({{"events", json::array()}});
    }
    const json& e = args.raw().at("events");
    if (!e.is_array()) return Outcome::fail("bad_request", "\"events\" must be a list, e.g. [\"meters\"]");
    for (const auto& k : e) {
        const std::string kind = k.is_string() ? k.get<std::string>() : "";
        if (kind == "meters") s.meters = false;
        if (kind == "xruns") s.xruns = false;
        if (kind == "devices") s.devices = false;
        if (kind == "changes") s.changes = false;
    }
    if (!s.meters && s.meter_reader >= 0) {
        session_.meters().remove_reader(s.meter_reader);
        s.meter_reader = -1;
    }
    json events = json::array();
    for (auto [on, name] : {std::pair{s.meters, "meters"}, {s.xruns, "xruns"}, {s.devices, "devices"}, {s.changes, "changes"}}) {
        if (on) events.push_back(name);
    }
    return Outcome::ok({{"events", events}});
}

void Controller::disconnected(ClientId client) {
    auto it = subscriptions_.find(client);
    if (it == subscriptions_.end()) return;
    if (it->second.meter_reader >= 0) session_.meters().remove_reader(it->second.meter_reader);
    subscriptions_.erase(it);
}

void Controller::send_to(bool Subscription::*kind, const json& event) {
    if (!events_) return;
    for (const auto& [client, s] : subscriptions_) {
        if (s.*kind) events_->send(client, event);
    }
}

void Controller::tick(Clock::time_point now) {
    if (saver_) saver_->tick(now);
    send_meters(now);
    report_xruns();
    // Server transitions, hub moves and crossing rebuilds, as they happen.
    for (const auto& e : session_.take_events()) {
        send_to(&Subscription::devices,
                {{"event", "server"}, {"server", e.server}, {"state", e.state}, {"detail", e.detail}});
    }
    if (now >= next_device_check_) {
        next_device_check_ = now + std::chrono::milliseconds(200);
        report_devices();
    }
}

void Controller::send_meters(Clock::time_point now) {
    bool due = false;
    for (const auto& [client, s] : subscriptions_) due |= s.meters && now >= s.next_meters;
    if (!due || !events_) return;
    session_.sample_meters();
    for (auto& [client, s] : subscriptions_) {
        if (!s.meters || now < s.next_meters) continue;
        s.next_meters = now + std::chrono::microseconds(static_cast<long>(1e6 / s.meter_hz));
        json endpoints = json::object();
        for (const auto& [id, ch] : session_.meters().take(s.meter_reader)) {
            endpoints[id] = {{"peak", ch.peak}, {"rms", ch.rms}};
            if (ch.loudness) endpoints[id]["loudness"] = loudness_json(*ch.loudness);
        }
        events_->send(client, {{"event", "meters"}, {"endpoints", std::move(endpoints)}});
    }
}

void Controller::report_xruns() {
    const std::uint64_t xruns = session_.missed_cycles(LiveSession::Server::Jack);
    const std::uint64_t under = session_.bridge_underruns();
    const std::uint64_t over = session_.bridge_overruns();
    if (xruns == last_xruns_ && under == last_underruns_ && over == last_overruns_) return;
    last_xruns_ = xruns;
    last_underruns_ = under;
    last_overruns_ = over;
    send_to(&Subscription::xruns, {{"event", "xrun"}, {"xruns", xruns}, {"underruns", under}, {"overruns", over}});
}

void Controller::report_devices() {
    auto states = session_.endpoint_states();
    for (const auto& [id, st] : states) {
        auto old = last_states_.find(id);
        if (old != last_states_.end() && old->second.state == st.state && old->second.ready == st.ready) continue;
        send_to(&Subscription::devices, {{"event", "device"}, {"id", id}, {"state", st.state}, {"ready", st.ready}});
    }
    last_states_ = std::move(states);
}

} // namespace sy::router
