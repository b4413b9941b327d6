// switchyard: one program, one subcommand per job. main() only parses the
// command line; the work is in the router library.
#include <CLI/CLI.hpp>

#include <cstdio>

#include "router/cli/command_ctl.hpp"
#include "router/cli/commands.hpp"
#include "router/client/control_paths.hpp"
#include "router/session/live_session.hpp"
#include "router/cli/version.hpp"

namespace {

// "ID=VALUE" -> {ID, VALUE}; CLI11 has checked nothing but presence.
std::vector<sy::router::EndpointFile> endpoint_files(const std::vector<std::string>& args, const char* what = "FILE") {
    std::vector<sy::router::EndpointFile> files;
    for (const auto& a : args) {
        const auto eq = a.find('=');
        if (eq == std::string::npos || eq == 0) {
            throw CLI::ValidationError(std::string("expected ID=") + what + ", got \"" + a + "\"");
        }
        files.push_back({a.substr(0, eq), a.substr(eq + 1)});
    }
    return files;
}

// What CLI11 fills in as it parses: the options of every subcommand.
struct Args {
    std::vector<std::string> check_files;
    std::string paths_file;
    bool paths_json = false;
    std::string plugins_search;
    std::string plugins_uri;
    bool plugins_json = false;
    std::string render_file;
    std::vector<std::string> render_inputs;
    std::vector<std::string> render_outputs;
    std::vector<std::string> render_drift;
    bool render_quiet = false;
    bool render_json = false;
    std::string run_file;
    sy::router::RunOptions run_options;
    std::string run_hub = "auto";
    sy::router::DemoOptions demo_options;
};

// The subcommands main() runs itself, once parsed.
struct Subcommands {
    CLI::App* check = nullptr;
    CLI::App* paths = nullptr;
    CLI::App* plugins = nullptr;
    CLI::App* render = nullptr;
    CLI::App* run = nullptr;
    CLI::App* demo = nullptr;
};

// check, paths and render: the commands that need no server.
void add_offline_commands(CLI::App& app, Args& args, Subcommands& sub) {
    sub.check = app.add_subcommand("check", "validate presets: one summary line each, or every problem");
    sub.check->add_option("FILE", args.check_files, "preset files")->required();

    sub.paths = app.add_subcommand("paths", "list every path with its latency budget");
    sub.paths->add_option("PRESET", args.paths_file, "preset file")->required();
    sub.paths->add_flag("--json", args.paths_json, "machine-readable output");

    sub.plugins = app.add_subcommand("plugins", "list the LV2 plugins an insert can run, or one plugin's controls");
    sub.plugins->add_option("SEARCH", args.plugins_search, "only those whose name, kind or URI holds this (any case)");
    sub.plugins->add_option("--uri", args.plugins_uri, "describe this plugin's controls: symbols, ranges, units");
    sub.plugins->add_flag("--json", args.plugins_json, "machine-readable output");

    auto* render = sub.render = app.add_subcommand("render", "run a preset offline from WAV files to WAV files");
    render->add_option("PRESET", args.render_file, "preset file")->required();
    render->add_option("-i,--input", args.render_inputs, "ID=FILE: feed input ID from FILE (repeatable)");
    render->add_option("-o,--output", args.render_outputs,
                       "ID=FILE: write output ID to FILE, 32-bit float WAV (repeatable)");
    render->add_option("--drift", args.render_drift,
                       "ID=PPM: run endpoint ID on a clock PPM parts per million off, through a bridge (repeatable)");
    render->add_flag("-q,--quiet", args.render_quiet, "print nothing on success");
    render->add_flag("--json", args.render_json, "print the figures and each output's loudness as JSON");
}

// run and demo: the commands that play on the servers.
void add_live_commands(CLI::App& app, Args& args, Subcommands& sub) {
    auto* run = sub.run =
        app.add_subcommand("run", "run the engine on the JACK and PipeWire servers until SIGINT/SIGTERM");
    run->add_option("PRESET", args.run_file, "preset file (default: the last running state)");
    run->add_flag("--status", args.run_options.status, "print one status line per second: meters, bridges, xruns");
    run->add_option("--instance", args.run_options.instance,
                    "name of the control socket, $XDG_RUNTIME_DIR/switchyard/NAME.sock (default: default)")
        ->check([](const std::string& v) {
            return sy::router::valid_instance_name(v) ? std::string() : "an instance name is [a-z0-9_-]+, 1 to 64 characters";
        });
    run->add_option("--osc", args.run_options.osc_port, "listen for OSC on this UDP port (default: off)")
        ->check(CLI::Range(1, 65535));
    run->add_option("--osc-bind", args.run_options.osc_bind, "address OSC listens on (default: 127.0.0.1)");
    run->add_option("--seconds", args.run_options.seconds, "stop after this many seconds");
    run->add_option("--hub", args.run_hub, "which server's clock runs the mix: auto (JACK when one runs), jack, pipewire")
        ->check(CLI::IsMember({"auto", "jack", "pipewire"}));

    sub.demo = app.add_subcommand("demo", "a first try on any machine: a test tone through the demo preset on "
                                          "private servers (or the running ones), paths and meters");
    sub.demo->add_option("--seconds", args.demo_options.seconds, "how long to play (default 5)");
}

// render's files and drifts; a ValidationError for a drift that is no number.
sy::router::RenderJob render_job(const Args& args) {
    sy::router::RenderJob job{endpoint_files(args.render_inputs), endpoint_files(args.render_outputs), {}};
    for (const auto& f : endpoint_files(args.render_drift, "PPM")) {
        try {
            std::size_t used = 0;
            const double ppm = std::stod(f.path, &used);
            if (used != f.path.size()) throw std::invalid_argument(f.path);
            job.drift.push_back({f.id, ppm});
        } catch (const std::logic_error&) {
            throw CLI::ValidationError("--drift " + f.id + ": \"" + f.path + "\" is not a number of ppm");
        }
    }
    return job;
}

// Runs the subcommand that was parsed; may throw CLI::ParseError.
int run_parsed(const Subcommands& sub, Args& args) {
    using namespace sy::router;
    if (sub.demo->parsed()) return command_demo(args.demo_options);
    if (sub.run->parsed()) {
        args.run_options.hub = args.run_hub == "jack"       ? HubChoice::Jack
                               : args.run_hub == "pipewire" ? HubChoice::Pipewire
                                                            : HubChoice::Auto;
        return command_run(args.run_file, args.run_options);
    }
    if (sub.check->parsed()) return command_check(args.check_files);
    if (sub.paths->parsed()) return command_paths(args.paths_file, args.paths_json);
    if (sub.plugins->parsed()) return command_plugins(args.plugins_search, args.plugins_uri, args.plugins_json);
    if (sub.render->parsed()) return command_render(args.render_file, render_job(args), args.render_quiet, args.render_json);
    return kExitUsage;
}

} // namespace

int main(int argc, char** argv) {
    using namespace sy::router;
    CLI::App app{"Switchyard: a real-time audio router and mixer for JACK and PipeWire"};
    app.set_version_flag("--version", std::string("switchyard ") + kVersion);
    app.require_subcommand(1);
    Args args;
    Subcommands sub;
    add_offline_commands(app, args, sub);
    add_live_commands(app, args, sub);

    // ctl parses its own words (negative numbers, -inf, its own --help), and
    // this parser would take a first word like "run" for its own subcommand:
    // it is registered here only to be listed.
    app.add_subcommand("ctl", "drive a running engine through its control socket (switchyard ctl --help)");
    if (argc >= 2 && std::string(argv[1]) == "ctl") return command_ctl({argv + 2, argv + argc});
    // gui too: its options are its own (switchyard gui --help).
    app.add_subcommand("gui", "the patchbay, mixer strips and latency view (switchyard gui --help)");
    if (argc >= 2 && std::string(argv[1]) == "gui") return sy::router::command_gui({argv + 2, argv + argc});

    try {
        app.parse(argc, argv);
        return run_parsed(sub, args);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? kExitOk : kExitUsage;
    }
}
