// Starts the engine when `switchyard gui` finds none: a child
// `switchyard run --instance NAME` with no preset, so the engine restores
// the last running state. Its output goes to a log file, since a GUI started
// from a menu has no terminal. The child gets SIGTERM if the GUI dies, so a
// crash never leaves an engine nobody owns. Main thread only.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>

namespace sy::gui {

class EngineLauncher {
public:
    // `program` is the switchyard executable (the GUI's own, normally).
    EngineLauncher(std::string program, std::string instance);
    ~EngineLauncher(); // leaves a running child alone: stop() is a decision
    EngineLauncher(const EngineLauncher&) = delete;
    EngineLauncher& operator=(const EngineLauncher&) = delete;

    // "" or why it could not be started.
    std::string start();
    bool started() const { return pid_ > 0; }
    pid_t pid() const { return pid_; }
    const std::string& log_file() const { return log_file_; }
    std::string command_line() const; // "switchyard run --instance NAME"

    // True while the child runs; once it has exited, its status (128+N for
    // signal N) is in exit_status() and started() stays true.
    bool running();
    int exit_status() const { return status_; }

    // SIGTERM, up to `grace` for it to save and exit, then SIGKILL. Returns
    // the exit status, or -1 if nothing was started.
    int stop(std::chrono::milliseconds grace = std::chrono::seconds(5));

    // The default log file: $XDG_STATE_HOME/switchyard/engine-NAME.log.
    static std::string default_log_file(const std::string& instance);
    // The engine to start: `switchyard` next to this program (the GUI is
    // built and installed with it), else the one on PATH.
    static std::string engine_program();

private:
    std::string program_;
    std::string instance_;
    std::string log_file_;
    pid_t pid_ = -1;
    bool reaped_ = false;
    int status_ = -1;
};

} // namespace sy::gui
