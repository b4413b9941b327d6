#include "router/cli/sandbox.hpp"

#include <jack/jack.h>
#include <pipewire/pipewire.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>
#include <pthread.h>
#include <sched.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "router/engine/wait_until.hpp"

extern char** environ;

namespace sy::router {

namespace {

void quiet(const char*) {}

// Whether this process may schedule a thread SCHED_FIFO (root, or an RTPRIO
// limit): tried on a thread of its own so that no thread of ours changes.
bool realtime_granted() {
    bool granted = false;
    std::thread([&] {
        sched_param param{};
        param.sched_priority = sched_get_priority_min(SCHED_FIFO);
        granted = pthread_setschedparam(pthread_self(), SCHED_FIFO, &param) == 0;
    }).join();
    return granted;
}

bool exited(pid_t pid) {
    int status = 0;
    return waitpid(pid, &status, WNOHANG) == pid;
}

} // namespace

bool jack_server_running() {
    jack_set_error_function(quiet);
    jack_set_info_function(quiet);
    jack_status_t status{};
    jack_client_t* c = jack_client_open("switchyard-probe", JackNoStartServer, &status);
    if (!c) return false;
    jack_client_close(c);
    return true;
}

bool pipewire_server_running() {
    pw_init(nullptr, nullptr);
    pw_main_loop* loop = pw_main_loop_new(nullptr);
    if (!loop) return false;
    pw_context* context = pw_context_new(pw_main_loop_get_loop(loop), nullptr, 0);
    bool ok = false;
    if (context) {
        // Connecting is synchronous on the socket: a core back means a server.
        pw_core* core = pw_context_connect(context, nullptr, 0);
        ok = core != nullptr;
        if (core) pw_core_disconnect(core);
        pw_context_destroy(context);
    }
    pw_main_loop_destroy(loop);
    return ok;
}

Sandbox::~Sandbox() { stop(); }

std::string Sandbox::ensure_folder() {
    if (!folder_.empty()) return {};
    std::string tmpl = (std::filesystem::temp_directory_path() / "switchyard-demo-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) return "cannot create a temporary folder";
    folder_ = tmpl;
    chmod(folder_.c_str(), 0700);
    std::filesystem::create_directories(folder_ + "/runtime");
    chmod((folder_ + "/runtime").c_str(), 0700);
    std::filesystem::create_directories(folder_ + "/config/pipewire/pipewire.conf.d");
    return {};
}

std::string Sandbox::spawn(const std::string& name, const std::vector<std::string>& argv) {
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    const std::string log = folder_ + "/" + name + ".log";
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) return "cannot start " + name + " (" + argv[0] + " not installed?)";
    children_.push_back({name, pid});
    return {};
}

std::string Sandbox::start_jack(const std::string& jack_name, int rate, int period) {
    if (std::string e = ensure_folder(); !e.empty()) return e;
    setenv("JACK_NO_AUDIO_RESERVATION", "1", 1);
    setenv("JACK_DEFAULT_SERVER", jack_name.c_str(), 1);
    // Real-time when granted, as a real JACK set-up runs; otherwise a busy
    // machine preempts its process thread now and then (xruns).
    const char* realtime = realtime_granted() ? "--realtime" : "--no-realtime";
    if (std::string e = spawn("jackd", {"jackd", "-n", jack_name, realtime, "-d", "dummy", "-r",
                                        std::to_string(rate), "-p", std::to_string(period)});
        !e.empty()) {
        return e;
    }
    const pid_t pid = children_.back().pid;
    bool died = false;
    const bool answered = wait_until(std::chrono::seconds(10), std::chrono::milliseconds(50), [&] {
        if (jack_server_running()) return true;
        died = exited(pid);
        return died;
    });
    if (died) return "jackd exited at start; see " + folder_ + "/jackd.log";
    if (!answered) return "jackd did not answer within 10 s";
    return {};
}

std::string Sandbox::start_pipewire(const std::vector<SandboxSink>& sinks) {
    if (std::string e = ensure_folder(); !e.empty()) return e;
    const std::string runtime = folder_ + "/runtime";
    setenv("XDG_RUNTIME_DIR", runtime.c_str(), 1);
    setenv("XDG_CONFIG_HOME", (folder_ + "/config").c_str(), 1);
    setenv("XDG_STATE_HOME", (folder_ + "/state").c_str(), 1);
    unsetenv("PIPEWIRE_REMOTE");
    unsetenv("PIPEWIRE_RUNTIME_DIR");
    // Set explicitly: otherwise GLib may launch a stray bus through X11.
    const std::string bus = "unix:path=" + runtime + "/bus";
    setenv("DBUS_SESSION_BUS_ADDRESS", bus.c_str(), 1);

    std::ofstream conf(folder_ + "/config/pipewire/pipewire.conf.d/50-switchyard-demo.conf");
    conf << "context.objects = [\n";
    for (const auto& s : sinks) {
        conf << "  { factory = adapter args = { factory.name = support.null-audio-sink node.name = \"" << s.name
             << "\" node.description = \"" << s.description << "\" media.class = Audio/Sink audio.position = [ FL FR ]"
             << " audio.rate = " << s.rate << " monitor.channel-volumes = true object.linger = true } }\n";
    }
    conf << "]\n";
    conf.close();

    if (std::string e = spawn("dbus-daemon", {"dbus-daemon", "--session", "--address=" + bus, "--nofork", "--nopidfile"});
        !e.empty()) {
        return e;
    }
    if (std::string e = spawn("pipewire", {"pipewire"}); !e.empty()) return e;
    if (!wait_until(std::chrono::seconds(10), std::chrono::milliseconds(20), &pipewire_server_running)) {
        return "pipewire did not answer within 10 s; see " + folder_ + "/pipewire.log";
    }
    // Without a session manager a stream never leaves "paused".
    if (std::string e = spawn("wireplumber", {"wireplumber"}); !e.empty()) return e;
    return {};
}

void Sandbox::stop() {
    for (auto it = children_.rbegin(); it != children_.rend(); ++it) {
        if (exited(it->pid)) continue;
        kill(it->pid, SIGTERM);
        if (!wait_until(std::chrono::seconds(2), std::chrono::milliseconds(10), [&] { return exited(it->pid); })) {
            kill(it->pid, SIGKILL);
            waitpid(it->pid, nullptr, 0);
        }
    }
    children_.clear();
    if (!folder_.empty()) {
        std::error_code ec;
        std::filesystem::remove_all(folder_, ec);
        folder_.clear();
    }
}

std::vector<std::string> Sandbox::started() const {
    std::vector<std::string> out;
    for (const auto& c : children_) out.push_back(c.name + " (pid " + std::to_string(c.pid) + ")");
    return out;
}

} // namespace sy::router
