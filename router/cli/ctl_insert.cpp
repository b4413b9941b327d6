#include "router/cli/ctl_insert.hpp"

#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "fx/plugin_json.hpp"

namespace sy::router {
namespace {

using nlohmann::json;

// SYMBOL=VALUE: a number in the plugin's units, a word for a built-in's
// control, or "default" (null: the plugin's own default).
std::pair<std::string, json> control_setting(const std::string& text) {
    const auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0) throw CLI::ValidationError("SYMBOL=VALUE", "expected SYMBOL=VALUE, got \"" + text + "\"");
    const std::string symbol = text.substr(0, eq);
    const std::string value = text.substr(eq + 1);
    if (value == "default") return {symbol, nullptr};
    try {
        std::size_t used = 0;
        const double number = std::stod(value, &used);
        if (used == value.size() && std::isfinite(number)) return {symbol, number};
    } catch (const std::logic_error&) {
    }
    return {symbol, value};
}

json parsed_json(const std::string& text) {
    try {
        return json::parse(text);
    } catch (const json::exception& e) {
        throw CLI::ValidationError("JSON", std::string("not JSON: ") + e.what());
    }
}

struct Args {
    std::string endpoint, id, object, state = "on", search, uri;
    int at = -1;
    std::vector<std::string> settings;
};

void add_add_and_remove(CLI::App& insert, json& request, const std::shared_ptr<Args>& a) {
    auto* add = insert.add_subcommand("add", "add an insert: ENDPOINT JSON, JSON an insert object as in a preset");
    add->add_option("ENDPOINT", a->endpoint, "the strip")->required();
    add->add_option("JSON", a->object, R"(e.g. {"id": "eq", "lv2": "http://lsp-plug.in/plugins/lv2/para_equalizer_x16_stereo"})")
        ->required();
    add->add_option("--at", a->at, "its place in the strip's list, 0 first (default: last)")->check(CLI::NonNegativeNumber);
    add->callback([&request, a] {
        request = {{"cmd", "insert.add"}, {"endpoint", a->endpoint}, {"insert", parsed_json(a->object)}};
        if (a->at >= 0) request["at"] = a->at;
    });
    auto* remove = insert.add_subcommand("remove", "remove the insert ID from ENDPOINT (it fades out first)");
    remove->add_option("ENDPOINT", a->endpoint, "the strip")->required();
    remove->add_option("ID", a->id, "the insert")->required();
    remove->callback([&request, a] { request = {{"cmd", "insert.remove"}, {"endpoint", a->endpoint}, {"insert", a->id}}; });
}

void add_set_and_bypass(CLI::App& insert, json& request, const std::shared_ptr<Args>& a) {
    auto* set = insert.add_subcommand("set", "set controls: ENDPOINT ID SYMBOL=VALUE... (VALUE a number, a word, or default)");
    set->add_option("ENDPOINT", a->endpoint, "the strip")->required();
    set->add_option("ID", a->id, "the insert")->required();
    set->add_option("SETTINGS", a->settings, "SYMBOL=VALUE, in the plugin's units (switchyard plugins --uri URI lists them)")
        ->required();
    set->callback([&request, a] {
        json controls = json::object();
        for (const auto& s : a->settings) {
            auto [symbol, value] = control_setting(s);
            controls[symbol] = value;
        }
        request = {{"cmd", "insert.set"}, {"endpoint", a->endpoint}, {"insert", a->id}, {"controls", controls}};
    });
    auto* bypass = insert.add_subcommand("bypass", "bypass an insert (on), or bring it back (off): ENDPOINT ID [on|off]");
    bypass->add_option("ENDPOINT", a->endpoint, "the strip")->required();
    bypass->add_option("ID", a->id, "the insert")->required();
    bypass->add_option("STATE", a->state, "on (default) or off")->check(CLI::IsMember({"on", "off"}));
    bypass->callback([&request, a] {
        request = {{"cmd", "insert.bypass"}, {"endpoint", a->endpoint}, {"insert", a->id}, {"on", a->state == "on"}};
    });
}

} // namespace

void add_insert_commands(CLI::App& app, json& request) {
    auto a = std::make_shared<Args>();
    auto* insert = app.add_subcommand("insert", "add, remove, set or bypass a strip's inserts");
    insert->require_subcommand(1);
    add_add_and_remove(*insert, request, a);
    add_set_and_bypass(*insert, request, a);

    auto* loudness = app.add_subcommand("loudness", "start integrated loudness and true peak over");
    loudness->require_subcommand(1);
    auto* reset = loudness->add_subcommand("reset", "for ENDPOINT, or every strip");
    reset->add_option("ENDPOINT", a->endpoint, "the strip (default: all)");
    reset->callback([&request, a] {
        request = {{"cmd", "loudness.reset"}};
        if (!a->endpoint.empty()) request["endpoint"] = a->endpoint;
    });

    auto* plugins = app.add_subcommand("plugins", "the LV2 plugins the engine can add as inserts, or one's controls");
    plugins->add_option("SEARCH", a->search, "only those whose name, kind or URI holds this");
    plugins->add_option("--uri", a->uri, "describe this plugin's controls");
    plugins->callback([&request, a] {
        request = {{"cmd", "plugins"}};
        if (!a->uri.empty()) request["uri"] = a->uri;
        if (!a->search.empty()) request["search"] = a->search;
    });
}

bool print_insert_result(const json& request, const json& result) {
    const std::string cmd = request.value("cmd", "");
    // Other commands' fields may be of other types (endpoint.add's
    // "endpoint" is an object): read nothing of theirs.
    if (!cmd.starts_with("insert.") && cmd != "plugins" && cmd != "loudness.reset") return false;
    const std::string where = request.value("endpoint", "");
    const std::string id = cmd == "insert.add" ? result.value("insert", "") : request.value("insert", "");
    if (cmd == "insert.add") std::printf("added insert %s on %s\n", id.c_str(), where.c_str());
    else if (cmd == "insert.remove") std::printf("removed insert %s from %s\n", id.c_str(), where.c_str());
    else if (cmd == "insert.set") std::printf("set %s on %s\n", id.c_str(), where.c_str());
    else if (cmd == "insert.bypass") std::printf("%s on %s: %s\n", id.c_str(), where.c_str(), request.value("on", true) ? "bypassed" : "in");
    else if (cmd == "loudness.reset") std::printf("loudness of %s starts over\n", where.empty() ? "every strip" : where.c_str());
    else if (cmd == "plugins" && request.contains("uri")) std::fputs(fx::plugin_text(result).c_str(), stdout);
    else if (cmd == "plugins") std::fputs(fx::plugins_text(result.value("plugins", json::array())).c_str(), stdout);
    else return false;
    return true;
}

} // namespace sy::router
