#include <csignal>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <thread>

#include "router/commands.hpp"
#include "router/live_session.hpp"
#include "router/load_preset.hpp"

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
        std::printf("  %-36s %7.2f ms  %s\n", hops.c_str(), b.total_ms, parts.c_str());
    }
}

} // namespace

int run_session(LiveSession& session, const RunOptions& options) {
    stop_requested = 0;
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);

    if (std::string error = session.start(); !error.empty()) {
        std::cerr << "switchyard run: " << error << '\n';
        return kExitFailed;
    }
    std::printf("switchyard: running \"%s\" with %s as the hub (%d Hz)\n", session.model().name.c_str(),
                session.jack_is_hub() ? "JACK" : "PipeWire", session.model().engine.rate);
    for (const auto& line : session.endpoint_report()) std::printf("  %s\n", line.c_str());
    std::printf("paths:\n");
    print_paths(session);
    std::fflush(stdout);

    const auto started = std::chrono::steady_clock::now();
    auto next_status = started + std::chrono::seconds(1);
    while (!stop_requested) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        session.poll();
        const auto now = std::chrono::steady_clock::now();
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
    const auto model = load_preset_or_report(file);
    if (!model) return kExitFailed;
    LiveSession session(*model, options.hub);
    return run_session(session, options);
}

} // namespace sy::router
