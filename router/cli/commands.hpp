// The offline subcommands of `switchyard`, as functions main() calls: each
// prints what a person needs and returns the process exit code.
#pragma once

#include <string>
#include <vector>

#include "router/offline/offline_render.hpp"

namespace sy::router {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;

int command_check(const std::vector<std::string>& files);
int command_paths(const std::string& file, bool json);
// The LV2 plugins installed (those Switchyard can run), or one plugin's controls.
int command_plugins(const std::string& search, const std::string& uri, bool json);
// Prints, unless `quiet`, the time taken and each output's integrated
// loudness, range and true peak; `json` prints them as JSON.
int command_render(const std::string& file, const RenderJob& job, bool quiet, bool json);

enum class HubChoice;
class LiveSession;

struct RunOptions {
    bool status = false;  // one status line per second
    double seconds = 0.0; // stop after this long (0: until SIGINT/SIGTERM)
    HubChoice hub{};      // Auto
    std::string instance = "default"; // the control socket's name
    int osc_port = 0;     // 0: no OSC
    std::string osc_bind = "127.0.0.1";
};

class Controller;
class ControlServer;
class OscBridge;

// What a running engine is driven through; any part may be null.
struct ControlDoors {
    ControlServer* server = nullptr;
    Controller* controller = nullptr;
    OscBridge* osc = nullptr;
};

// Runs a started-or-not session until a signal (or options.seconds),
// answering the control socket and OSC when `doors` has them.
int run_session(LiveSession& session, const RunOptions& options, ControlDoors doors = {});
// `file` empty: the last running state ($XDG_CONFIG_HOME/switchyard/last.json).
int command_run(const std::string& file, const RunOptions& options);

struct DemoOptions {
    double seconds = 5.0;
};

// A shipped preset with a test tone on private servers (or the running ones).
int command_demo(const DemoOptions& options);

// `switchyard gui ARGS...`: runs switchyard-gui with ARGS in this process's
// place; returns only when it could not (kExitFailed, having said why).
int command_gui(const std::vector<std::string>& args);

} // namespace sy::router
