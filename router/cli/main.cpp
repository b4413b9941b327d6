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

} // namespace

int main(int argc, char** argv) {
    using namespace sy::router;
    CLI::App app{"Switchyard: a real-time audio router and mixer for JACK and PipeWire"};
    app.set_version_flag("--version", std::string("switchyard ") + kVersion);
    app.require_subcommand(1);

    std::vector<std::string> check_files;
    auto* check = app.add_subcommand("check", "validate presets: one summary line each, or every problem");
    check->add_option("FILE", check_files, "preset files")->required();

    std::string paths_file;
    bool paths_json = false;
    auto* paths = app.add_subcommand("paths", "list every path with its latency budget");
    paths->add_option("PRESET", paths_file, "preset file")->required();
    paths->add_flag("--json", paths_json, "machine-readable output");

    std::string render_file;
    std::vector<std::string> render_inputs;
    std::vector<std::string> render_outputs;
    std::vector<std::string> render_drift;
    bool render_quiet = false;
    auto* render = app.add_subcommand("render", "run a preset offline from WAV files to WAV files");
    render->add_option("PRESET", render_file, "preset file")->required();
    render->add_option("-i,--input", render_inputs, "ID=FILE: feed input ID from FILE (repeatable)");
    render->add_option("-o,--output", render_outputs, "ID=FILE: write output ID to FILE, 32-bit float WAV (repeatable)");
    render->add_option("--drift", render_drift,
                       "ID=PPM: run endpoint ID on a clock PPM parts per million off, through a bridge (repeatable)");
    render->add_flag("-q,--quiet", render_quiet, "print nothing on success");

    std::string run_file;
    RunOptions run_options;
    std::string run_hub = "auto";
    auto* run = app.add_subcommand("run", "run the engine on the JACK and PipeWire servers until SIGINT/SIGTERM");
    run->add_option("PRESET", run_file, "preset file (default: the last running state)");
    run->add_flag("--status", run_options.status, "print one status line per second: meters, bridges, xruns");
    run->add_option("--instance", run_options.instance,
                    "name of the control socket, $XDG_RUNTIME_DIR/switchyard/NAME.sock (default: default)")
        ->check([](const std::string& v) {
            return sy::router::valid_instance_name(v) ? std::string() : "an instance name is [a-z0-9_-]+, 1 to 64 characters";
        });
    run->add_option("--osc", run_options.osc_port, "listen for OSC on this UDP port (default: off)")
        ->check(CLI::Range(1, 65535));
    run->add_option("--osc-bind", run_options.osc_bind, "address OSC listens on (default: 127.0.0.1)");
    run->add_option("--seconds", run_options.seconds, "stop after this many seconds");
    run->add_option("--hub", run_hub, "which server's clock runs the mix: auto (JACK when one runs), jack, pipewire")
        ->check(CLI::IsMember({"auto", "jack", "pipewire"}));

    DemoOptions demo_options;
    auto* demo = app.add_subcommand("demo", "a first try on any machine: a test tone through the demo preset on "
                                            "private servers (or the running ones), paths and meters");
    demo->add_option("--seconds", demo_options.seconds, "how long to play (default 5)");

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
        if (demo->parsed()) return command_demo(demo_options);
        if (run->parsed()) {
            run_options.hub = run_hub == "jack" ? HubChoice::Jack : run_hub == "pipewire" ? HubChoice::Pipewire : HubChoice::Auto;
            return command_run(run_file, run_options);
        }
        if (check->parsed()) return command_check(check_files);
        if (paths->parsed()) return command_paths(paths_file, paths_json);
        if (render->parsed()) {
            RenderJob job{endpoint_files(render_inputs), endpoint_files(render_outputs), {}};
            for (const auto& f : endpoint_files(render_drift, "PPM")) {
                try {
                    std::size_t used = 0;
                    const double ppm = std::stod(f.path, &used);
                    if (used != f.path.size()) throw std::invalid_argument(f.path);
                    job.drift.push_back({f.id, ppm});
                } catch (const std::logic_error&) {
                    throw CLI::ValidationError("--drift " + f.id + ": \"" + f.path + "\" is not a number of ppm");
                }
            }
            return command_render(render_file, job, render_quiet);
        }
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? kExitOk : kExitUsage;
    }
    return kExitUsage;
}
