#include "router/cli/command_ctl.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "router/cli/commands.hpp"
#include "router/client/control_client.hpp"
#include "router/client/control_paths.hpp"
#include "router/cli/ctl_insert.hpp"
#include "router/cli/ctl_meters.hpp"
#include "router/cli/ctl_print.hpp"

namespace sy::router {

namespace {

using nlohmann::json;

// CLI11 reads "-inf" as the short options -i -n -f (a negative number is a
// value to it only when a digit follows the '-'), so -inf reaches it under
// this name, which a DB argument also accepts.
constexpr const char* kSilence = "silence";

std::vector<std::string> with_silence_named(std::vector<std::string> args) {
    for (auto& a : args) {
        if (a == "-inf" || a == "-Inf" || a == "-INF") a = kSilence;
    }
    return args;
}

// A DB argument: a finite number, or -inf (null: silence).
json db_value(const std::string& text) {
    if (text == kSilence) return nullptr;
    try {
        std::size_t used = 0;
        const double db = std::stod(text, &used);
        if (used == text.size() && std::isfinite(db)) return db;
    } catch (const std::logic_error&) {
    }
    throw CLI::ValidationError("DB", "\"" + text + "\" is not a number of dB (or -inf for silence)");
}

json json_value(const std::string& text, const std::string& what) {
    try {
        return json::parse(text);
    } catch (const json::exception& e) {
        throw CLI::ValidationError(what, std::string("not JSON: ") + e.what());
    }
}

// One id names an endpoint, two a route.
void add_target(json& request, const std::vector<std::string>& ids) {
    if (ids.size() == 1) {
        request["endpoint"] = ids[0];
    } else {
        request["from"] = ids[0];
        request["to"] = ids[1];
    }
}

// An argument with a '/' or ending in .json is a file, made absolute since
// the engine runs in another folder; anything else is a preset name.
void name_preset(json& request, const std::string& arg) {
    const bool file = arg.find('/') != std::string::npos || (arg.size() > 5 && arg.ends_with(".json"));
    if (file) {
        request["file"] = std::filesystem::absolute(arg).lexically_normal().string();
    } else {
        request["name"] = arg;
    }
}

const char* kDbHelp = "a number of dB, or -inf for silence";

// The command line, turned into the one request it asks for.
struct Invocation {
    std::string instance = "default";
    bool json_output = false;
    bool raw = false;    // `send`: print the whole reply as it came
    bool meters = false; // `meters`: a subscription, not one request
    MeterViewOptions meter_view;
    json request;
};

void add_simple(CLI::App& app, Invocation& inv, const char* name, const char* cmd, const char* help) {
    app.add_subcommand(name, help)->callback([&inv, cmd] { inv.request = {{"cmd", cmd}}; });
}

void add_switch(CLI::App& app, Invocation& inv, const char* name, const char* cmd, bool on, const char* help) {
    auto* sub = app.add_subcommand(name, help);
    auto ids = std::make_shared<std::vector<std::string>>();
    sub->add_option("TARGET", *ids, "ENDPOINT, or FROM TO for a route")->required()->expected(1, 2);
    sub->callback([&inv, ids, cmd, on] {
        inv.request = {{"cmd", cmd}};
        add_target(inv.request, *ids);
        inv.request["on"] = on;
    });
}

void add_gain(CLI::App& app, Invocation& inv) {
    auto* sub = app.add_subcommand("gain", "set an endpoint's fader (ENDPOINT DB) or a route's gain (FROM TO DB)");
    auto args = std::make_shared<std::vector<std::string>>();
    sub->add_option("ARGS", *args, std::string("ENDPOINT DB, or FROM TO DB; DB is ") + kDbHelp)
        ->required()
        ->expected(2, 3);
    sub->callback([&inv, args] {
        inv.request = {{"cmd", "gain"}};
        add_target(inv.request, {args->begin(), args->end() - 1});
        inv.request["db"] = db_value(args->back());
    });
}

void add_route(CLI::App& app, Invocation& inv) {
    auto* route = app.add_subcommand("route", "add or remove a route");
    route->require_subcommand(1);
    struct Args {
        std::string from, to, gain, map;
        bool mute = false;
    };
    auto a = std::make_shared<Args>();
    auto* add = route->add_subcommand("add", "add a route FROM TO");
    add->add_option("FROM", a->from, "where it comes from")->required();
    add->add_option("TO", a->to, "where it goes")->required();
    add->add_option("--gain", a->gain, std::string("its gain: ") + kDbHelp);
    add->add_flag("--mute", a->mute, "add it muted");
    add->add_option("--map", a->map, "its channel map, as JSON as in a preset");
    add->callback([&inv, a, add] {
        inv.request = {{"cmd", "route.add"}, {"from", a->from}, {"to", a->to}};
        if (add->count("--gain") > 0) inv.request["gain_db"] = db_value(a->gain);
        if (a->mute) inv.request["mute"] = true;
        if (add->count("--map") > 0) inv.request["map"] = json_value(a->map, "--map");
    });
    auto* remove = route->add_subcommand("remove", "remove the route FROM TO");
    remove->add_option("FROM", a->from, "where it comes from")->required();
    remove->add_option("TO", a->to, "where it goes")->required();
    remove->callback([&inv, a] { inv.request = {{"cmd", "route.remove"}, {"from", a->from}, {"to", a->to}}; });
}

void add_endpoint(CLI::App& app, Invocation& inv) {
    auto* endpoint = app.add_subcommand("endpoint", "add, remove or rename an endpoint");
    endpoint->require_subcommand(1);
    struct Args {
        std::string kind, object, id, to;
    };
    auto a = std::make_shared<Args>();
    auto* add = endpoint->add_subcommand("add", "add an endpoint: KIND JSON, JSON an endpoint object as in a preset");
    add->add_option("KIND", a->kind, "input, bus or output")->required()->check(CLI::IsMember({"input", "bus", "output"}));
    add->add_option("JSON", a->object, "the endpoint, as in a preset")->required();
    add->callback([&inv, a] {
        inv.request = {{"cmd", "endpoint.add"}, {"kind", a->kind}, {"endpoint", json_value(a->object, "JSON")}};
    });
    auto* remove = endpoint->add_subcommand("remove", "remove an endpoint and its routes");
    remove->add_option("ID", a->id, "the endpoint")->required();
    remove->callback([&inv, a] { inv.request = {{"cmd", "endpoint.remove"}, {"endpoint", a->id}}; });
    auto* rename = endpoint->add_subcommand("rename", "rename an endpoint; its routes follow");
    rename->add_option("ID", a->id, "the endpoint")->required();
    rename->add_option("NEWID", a->to, "its new id")->required();
    rename->callback([&inv, a] { inv.request = {{"cmd", "endpoint.rename"}, {"endpoint", a->id}, {"to", a->to}}; });
}

void add_preset(CLI::App& app, Invocation& inv) {
    auto* preset = app.add_subcommand("preset", "list, load or save presets");
    preset->require_subcommand(1);
    auto arg = std::make_shared<std::string>();
    add_simple(*preset, inv, "list", "preset.list", "the saved presets");
    auto* load = preset->add_subcommand("load", "load a preset by NAME or FILE (with a '/' or ending in .json)");
    load->add_option("PRESET", *arg, "NAME or FILE")->required();
    load->callback([&inv, arg] {
        inv.request = {{"cmd", "preset.load"}};
        name_preset(inv.request, *arg);
    });
    auto* save = preset->add_subcommand("save", "save the running state (to the preset it came from by default)");
    save->add_option("PRESET", *arg, "NAME or FILE");
    save->callback([&inv, arg] {
        inv.request = {{"cmd", "preset.save"}};
        if (!arg->empty()) name_preset(inv.request, *arg);
    });
}

void add_meters(CLI::App& app, Invocation& inv) {
    auto* meters = app.add_subcommand("meters", "show the meters until Ctrl-C (with --json: one event per line)");
    meters->add_option("--seconds", inv.meter_view.seconds, "stop after this many seconds")->check(CLI::NonNegativeNumber);
    meters->add_option("--hz", inv.meter_view.meter_hz, "updates a second (1 to 60, default 30)")->check(CLI::Range(1, 60));
    meters->callback([&inv] { inv.meters = true; });
}

void add_send(CLI::App& app, Invocation& inv) {
    auto* send = app.add_subcommand("send", "send one raw JSON request and print the raw reply");
    auto text = std::make_shared<std::string>();
    send->add_option("JSON", *text, "the request")->required();
    send->callback([&inv, text] {
        inv.request = json_value(*text, "JSON");
        inv.raw = true;
    });
}

// Sends the request and shows the reply; the process exit code.
int exchange(ControlClient& client, const Invocation& inv) {
    const auto r = client.request(inv.request);
    if (!r.ok()) {
        std::cerr << "switchyard ctl: " << r.error << '\n';
        return kExitFailed;
    }
    const json& reply = r.reply;
    const bool ok = reply.contains("ok") && reply["ok"] == true;
    const json empty;
    const json& result = reply.contains("result") ? reply["result"] : empty;
    const json& error = reply.contains("error") ? reply["error"] : empty;
    if (inv.raw) {
        std::printf("%s\n", reply.dump(-1, ' ', false, json::error_handler_t::replace).c_str());
    } else if (inv.json_output) {
        std::printf("%s\n", (ok ? result : error).dump(2, ' ', false, json::error_handler_t::replace).c_str());
    } else if (ok) {
        if (!print_insert_result(inv.request, result)) print_result(inv.request, result);
    } else {
        print_refusal(error);
    }
    return ok ? kExitOk : kExitFailed;
}

} // namespace

int command_ctl(const std::vector<std::string>& words) {
    CLI::App app{"Drive a running engine (switchyard run) through its control socket", "switchyard ctl"};
    app.fallthrough(); // --json and --instance after the command too
    app.require_subcommand(1);
    Invocation inv;
    app.add_option("--instance", inv.instance, "the engine's instance name (default: default)")
        ->check([](const std::string& name) {
            return valid_instance_name(name) ? std::string() : "use 1 to 64 of a-z, 0-9, '_' and '-'";
        });
    app.add_flag("--json", inv.json_output, "print the reply's result (or error) as JSON");

    add_simple(app, inv, "status", "status", "the hub, bridges, what waits for a device, the preset");
    add_simple(app, inv, "endpoints", "endpoints", "every endpoint with its fader, state and server");
    add_simple(app, inv, "routes", "routes", "every route with its gain, mute and solo");
    add_simple(app, inv, "paths", "paths", "every path from an input to an output with its latency");
    add_simple(app, inv, "model", "model", "the running state as a preset document");
    add_gain(app, inv);
    add_switch(app, inv, "mute", "mute", true, "mute an endpoint (ID) or a route (FROM TO)");
    add_switch(app, inv, "unmute", "mute", false, "unmute an endpoint (ID) or a route (FROM TO)");
    add_switch(app, inv, "solo", "solo", true, "solo an input or bus (ID) or a route (FROM TO)");
    add_switch(app, inv, "unsolo", "solo", false, "unsolo an input or bus (ID) or a route (FROM TO)");
    add_route(app, inv);
    add_endpoint(app, inv);
    add_insert_commands(app, inv.request);
    add_preset(app, inv);
    add_meters(app, inv);
    add_send(app, inv);

    // CLI11 takes the words last first.
    std::vector<std::string> args = with_silence_named(words);
    std::reverse(args.begin(), args.end());
    try {
        app.parse(args);
    } catch (const CLI::ParseError& e) {
        // CLI11 says only "A subcommand is required" for a misspelt one.
        if (app.get_subcommands().empty() && !app.remaining().empty()) {
            std::cerr << "switchyard ctl: no command \"" << app.remaining().front()
                      << "\" (switchyard ctl --help lists them)\n";
            return kExitUsage;
        }
        return app.exit(e) == 0 ? kExitOk : kExitUsage;
    }

    ControlClient client;
    const auto connected = client.connect(inv.instance);
    if (connected.status == ConnectResult::Status::no_engine) {
        std::cerr << "switchyard ctl: no engine running as instance \"" << inv.instance << "\" ("
                  << control_socket_path(inv.instance) << ")\n";
        return kExitNoEngine;
    }
    if (!connected.ok()) {
        std::cerr << "switchyard ctl: " << connected.error << '\n';
        return kExitFailed;
    }
    if (inv.meters) {
        MeterViewOptions view = inv.meter_view;
        view.json_lines = inv.json_output;
        return show_meters(client, view);
    }
    return exchange(client, inv);
}

} // namespace sy::router
