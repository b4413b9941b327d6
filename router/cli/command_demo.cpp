#include <cstdio>
#include <iostream>
#include <unistd.h>

#include "presets/preset_reader.hpp"
#include "router/cli/commands.hpp"
#include "router/cli/demo_preset.hpp"
#include "router/session/live_session.hpp"
#include "router/cli/sandbox.hpp"

namespace sy::router {

int command_demo(const DemoOptions& options) {
    const presets::ReadResult preset = presets::parse_preset(demo_preset_json());
    if (!preset.model) {
        std::cerr << "switchyard demo: the built-in demo preset is broken: " << preset.problems.front().message << '\n';
        return kExitFailed;
    }

    Sandbox sandbox;
    const bool had_pipewire = pipewire_server_running();
    const bool had_jack = jack_server_running();
    if (had_jack) {
        std::printf("demo: a JACK server is running: using it\n");
    } else if (std::string e = sandbox.start_jack("switchyard-demo-" + std::to_string(getpid()), 48000, 256); !e.empty()) {
        std::cerr << "switchyard demo: " << e << '\n';
        return kExitFailed;
    }
    if (had_pipewire) {
        std::printf("demo: a PipeWire server is running: using it (its devices stand in for the demo's sinks,"
                    " which will show as waiting)\n");
    } else if (std::string e = sandbox.start_pipewire({{"switchyard-demo-speakers", "Demo Speakers (48 kHz)", 48000},
                                                       {"switchyard-demo-phones", "Demo Phones (44.1 kHz)", 44100}});
               !e.empty()) {
        std::cerr << "switchyard demo: " << e << '\n';
        return kExitFailed;
    }
    if (!sandbox.started().empty()) {
        std::printf("demo: started a private sandbox in %s:", sandbox.folder().c_str());
        for (const auto& s : sandbox.started()) std::printf(" %s", s.c_str());
        std::printf("\n");
    }

    LiveSession session(*preset.model);
    session.set_test_tone("daw", 440.0, -12.0);
    std::printf("demo: a 440 Hz test tone at -12 dBFS plays into input \"daw\"\n");
    RunOptions run;
    run.status = true;
    run.seconds = options.seconds;
    const int code = run_session(session, run);
    sandbox.stop();
    if (!had_jack || !had_pipewire) std::printf("demo: sandbox servers stopped\n");
    return code;
}

} // namespace sy::router
