#include <poll.h>

#include <csignal>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <system_error>
#include <thread>
#include <vector>

#include "presets/preset_dirs.hpp"
#include "presets/preset_reader.hpp"
#include "router/cli/commands.hpp"
#include "router/control/control_server.hpp"
#include "router/control/controller.hpp"
#include "router/session/live_session.hpp"
#include "router/cli/load_preset.hpp"
#include "router/control/osc_bridge.hpp"
#include "router/control/state_saver.hpp"

namespace sy::router {

namespace {

volatile std::sig_atomic_t stop_requested = 0;

void on_signal(int) { stop_requested = 1; }

void print_paths(const LiveSession& session) {
    for (const auto& b : session.budgets()) {
        std::string hops, parts;
        for (const auto& h : b.hops) hops += (hops.empty() ? "" : " -> ") + h;
        for (const auto& p : b.parts) {
            char buf[160];
            std::snprintf(buf, sizeof buf, "%s%s %.2f ms", parts.empty() ? "" : " + ", p.name.c_str(), p.ms);
            parts += buf;
        }
        if (!b.runs_in.empty()) hops += " (" + b.runs_in + ")";
        std::printf("  %-48s %7.2f ms  %s\n", hops.c_str(), b.total_ms, parts.c_str());
    }
}

// Waits up to `timeout` for a command, an OSC message or nothing; handles
// what came.
void serve_doors(ControlDoors& doors, std::chrono::milliseconds timeout) {
    if (!doors.server || !doors.controller) {
        std::this_thread::sleep_for(timeout);
        return;
    }
    std::vector<pollfd> extra;
    if (doors.osc && doors.osc->fd() >= 0) extra.push_back({doors.osc->fd(), POLLIN, 0});
    doors.server->poll_once(timeout, *doors.controller, extra);
    if (!extra.empty() && (extra[0].revents & POLLIN)) doors.osc->receive(*doors.controller);
}

// The model `switchyard run` starts from with no preset named: the last
// running state, or an empty engine when there is none. A last state that
// cannot be read is put aside (never overwritten: it may be all someone has).
std::optional<graph::Model> last_state() {
    const auto path = presets::last_state_path();
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        std::printf("switchyard: no preset given and no last state (%s): starting empty\n", path.c_str());
        return graph::Model{};
    }
    presets::ReadResult read = presets::read_preset_file(path.string());
    if (read.model) {
        std::printf("switchyard: restoring the last state (%s)\n", path.c_str());
        return read.model;
    }
    const auto aside = path.string() + ".unreadable-" + std::to_string(std::time(nullptr));
    std::filesystem::rename(path, aside, ec);
    const auto& p = read.problems.front();
    std::fprintf(stderr, "switchyard: the last state %s cannot be read (%s%s%s); kept as %s, starting empty\n",
                 path.c_str(), p.field.c_str(), p.field.empty() ? "" : ": ", p.message.c_str(), aside.c_str());
    return graph::Model{};
}

} // namespace

int run_session(LiveSession& session, const RunOptions& options, ControlDoors doors) {
    stop_requested = 0;
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    std::signal(SIGPIPE, SIG_IGN);

    if (std::string error = session.start(); !error.empty()) {
        std::cerr << "switchyard run: " << error << '\n';
        return kExitFailed;
    }
    std::printf("switchyard: running \"%s\" with %s as the hub (%d Hz)\n", session.model().name.c_str(),
                session.jack_is_hub() ? "JACK" : "PipeWire", session.model().engine.rate);
    for (const auto& line : session.endpoint_report()) std::printf("  %s\n", line.c_str());
    std::printf("paths:\n");
    print_paths(session);
    if (doors.server) std::printf("control: %s\n", doors.server->path().c_str());
    if (doors.osc && doors.osc->fd() >= 0) std::printf("osc: %s:%d (udp)\n", options.osc_bind.c_str(), doors.osc->port());
    std::fflush(stdout);

    const auto started = std::chrono::steady_clock::now();
    auto next_status = started + std::chrono::seconds(1);
    auto next_poll = started;
    while (!stop_requested) {
        // Commands are handled the moment they arrive; the servers are
        // looked after every 50 ms.
        serve_doors(doors, std::chrono::milliseconds(10));
        const auto now = std::chrono::steady_clock::now();
        if (now >= next_poll) {
            session.poll();
            next_poll = now + std::chrono::milliseconds(50);
        }
        if (doors.controller) doors.controller->tick(now);
        if (options.seconds > 0 && now - started >= std::chrono::duration<double>(options.seconds)) break;
        if (options.status && now >= next_status) {
            next_status += std::chrono::seconds(1);
            std::printf("%s\n", session.status_line().c_str());
            std::fflush(stdout);
        }
    }
    session.stop();
    std::printf("switchyard: stopped\n");
    return kExitOk;
}

int command_run(const std::string& file, const RunOptions& options) {
    const auto model = file.empty() ? last_state() : load_preset_or_report(file);
    if (!model) return kExitFailed;

    // The socket first: a second engine for the same instance must refuse
    // before it touches the servers.
    ControlServer server;
    if (std::string error = server.listen(options.instance); !error.empty()) {
        std::cerr << "switchyard run: " << error << '\n';
        return kExitFailed;
    }
    OscBridge osc;
    if (options.osc_port > 0) {
        if (std::string error = osc.open(options.osc_bind, options.osc_port); !error.empty()) {
            std::cerr << "switchyard run: " << error << '\n';
            return kExitFailed;
        }
    }
    LiveSession session(*model, options.hub);
    StateSaver saver(presets::last_state_path());
    Controller controller(session, &server, &saver);
    if (!file.empty()) controller.set_preset_file(std::filesystem::absolute(file).string());
    // What runs is the state to come back to, from the first moment.
    saver.changed(*model);
    const int code = run_session(session, options, {&server, &controller, options.osc_port > 0 ? &osc : nullptr});
    saver.changed(session.model());
    saver.flush();
    server.close();
    return code;
}

} // namespace sy::router
