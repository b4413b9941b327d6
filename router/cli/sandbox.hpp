// A private set of audio servers for `switchyard demo` on a machine that has
// none: a JACK server on the dummy backend and a headless PipeWire (with a
// session bus and WirePlumber) whose null sinks stand in for devices, all in
// a temporary runtime folder, each process recorded and stopped by its PID.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace sy::router {

struct SandboxSink {
    std::string name;        // node.name
    std::string description; // node.description
    int rate = 48000;
};

class Sandbox {
public:
    Sandbox() = default;
    ~Sandbox(); // stops whatever it started
    Sandbox(const Sandbox&) = delete;
    Sandbox& operator=(const Sandbox&) = delete;

    // Starts a JACK server named `jack_name` (dummy backend). Sets
    // JACK_DEFAULT_SERVER in this process so clients find it. "" or an error.
    std::string start_jack(const std::string& jack_name, int rate, int period);
    // Starts dbus-daemon, PipeWire with `sinks`, and WirePlumber in a private
    // XDG_RUNTIME_DIR, and points this process at them. "" or an error.
    std::string start_pipewire(const std::vector<SandboxSink>& sinks);
    // Stops every process in reverse start order (TERM, then KILL after 2 s).
    void stop();

    const std::string& folder() const { return folder_; }
    std::vector<std::string> started() const; // "jackd (pid 123)", ...

private:
    struct Child {
        std::string name;
        pid_t pid = 0;
    };
    std::string spawn(const std::string& name, const std::vector<std::string>& argv);
    std::string ensure_folder();

    std::string folder_;
    std::vector<Child> children_;
};

// Whether a server answers in this process's environment.
bool jack_server_running();
bool pipewire_server_running();

} // namespace sy::router
