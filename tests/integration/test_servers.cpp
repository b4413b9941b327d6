// Helpers for integration tests against the real servers: the servers
// themselves, commands and background processes, and the JACK and PipeWire
// graphs; see test_servers.hpp (test_audio.cpp has the audio helpers).
#include "test_servers.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

namespace sy::test {

namespace {

std::string env_or(const char* name, const std::string& fallback) {
    const char* v = std::getenv(name);
    return v && *v ? std::string(v) : fallback;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty()) lines.push_back(line);
    }
    return lines;
}

std::string seconds_arg(double s) {
    std::ostringstream out;
    out << s;
    return out.str();
}

int decode_status(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}

std::string servers_script_command(const std::string& subcommand) {
    const std::string dir = env_or("SY_TEST_SERVERS_DIR", "");
    return shell_quote(std::string(SY_SOURCE_DIR) + "/scripts/test-servers.sh") + " " + subcommand + " " +
           shell_quote(dir);
}

} // namespace

// ---- the servers -----------------------------------------------------------

std::string jack_server_name() { return env_or("JACK_DEFAULT_SERVER", "test-jack"); }

void require_servers() {
    std::string missing;
    const auto jack = run_command("JACK_NO_START_SERVER=1 jack_lsp -s " + shell_quote(jack_server_name()), 10);
    if (jack.exit_code != 0) {
        missing += "JACK server '" + jack_server_name() + "' does not answer (jack_lsp: " +
                   (jack.output.empty() ? "no output" : lines_of(jack.output).back()) + "). ";
    }
    const auto pw = run_command("pw-link -i", 10);
    if (pw.exit_code != 0) {
        missing += "PipeWire does not answer (pw-link -i exit " + std::to_string(pw.exit_code) + "). ";
    } else if (pw.output.find("test-sink-a:playback_FL") == std::string::npos) {
        missing += "PipeWire runs but has no test-sink-a (not the test servers' PipeWire?). ";
    }
    if (missing.empty()) return;
    missing += "Start them with: scripts/test-servers.sh start DIR && . DIR/env";
    if (std::getenv("SY_REQUIRE_SERVERS")) {
        FAIL() << "test servers required (SY_REQUIRE_SERVERS is set): " << missing;
    }
    GTEST_SKIP() << "test servers not running: " << missing;
}

bool servers_script(const std::string& subcommand) {
    const auto r = run_command(servers_script_command(subcommand), 60);
    if (r.exit_code != 0) ADD_FAILURE() << subcommand << " failed (exit " << r.exit_code << "):\n" << r.output;
    return r.exit_code == 0;
}

bool kill_jack() { return servers_script("kill-jack"); }

bool restart_jack() { return servers_script("restart-jack"); }
bool kill_pipewire() { return servers_script("kill-pipewire"); }
bool start_pipewire() { return servers_script("start-pipewire"); }

// ---- commands and processes ------------------------------------------------

std::string engine_latency_member() {
    const char* mode = std::getenv("SY_TEST_LATENCY");
    if (!mode || !*mode) return "";
    return std::string(R"("engine": { "latency": ")") + mode + R"(" }, )";
}

std::string shell_quote(std::string_view s) {
    std::string quoted = "'";
    for (char c : s) {
        if (c == '\'') {
            quoted += "'\\''";
        } else {
            quoted += c;
        }
    }
    return quoted + "'";
}

CommandResult run_command(const std::string& cmd, double timeout_s) {
    const std::string full = "timeout -k 2 " + seconds_arg(timeout_s) + " /bin/sh -c " + shell_quote(cmd) +
                             " </dev/null 2>&1";
    CommandResult result;
    FILE* pipe = popen(full.c_str(), "r");
    if (!pipe) {
        result.output = std::string("popen failed: ") + std::strerror(errno);
        return result;
    }
    std::array<char, 4096> buf{};
    std::size_t n;
    while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) result.output.append(buf.data(), n);
    result.exit_code = decode_status(pclose(pipe));
    return result;
}

BackgroundProcess::BackgroundProcess(std::vector<std::string> argv) {
    if (argv.empty()) {
        ADD_FAILURE() << "BackgroundProcess: empty command";
        return;
    }
    name_ = argv[0];
    log_path_ = temp_path(".log");
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);

    // The child reports a failed exec through this pipe (closed on exec).
    int report[2];
    if (pipe2(report, O_CLOEXEC) != 0) {
        ADD_FAILURE() << "BackgroundProcess: pipe2: " << std::strerror(errno);
        return;
    }
    const pid_t parent = getpid();
    const pid_t pid = fork();
    if (pid < 0) {
        ADD_FAILURE() << "BackgroundProcess: fork: " << std::strerror(errno);
        close(report[0]);
        close(report[1]);
        return;
    }
    if (pid == 0) {
        // Child: only async-signal-safe calls until exec. It dies with the
        // test program, so a crashed or timed-out test leaves no client behind.
        close(report[0]);
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (getppid() != parent) _exit(127);
        const int in = open("/dev/null", O_RDONLY);
        const int out = open(log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (in < 0 || out < 0) _exit(127);
        dup2(in, 0);
        dup2(out, 1);
        dup2(out, 2);
        execvp(args[0], args.data());
        const int err = errno;
        [[maybe_unused]] const auto w = write(report[1], &err, sizeof err);
        _exit(127);
    }
    close(report[1]);
    int err = 0;
    ssize_t got;
    do {
        got = read(report[0], &err, sizeof err);
    } while (got < 0 && errno == EINTR);
    close(report[0]);
    pid_ = pid;
    if (got == static_cast<ssize_t>(sizeof err)) {
        int status = 0;
        waitpid(pid_, &status, 0);
        reap(status);
        ADD_FAILURE() << "BackgroundProcess: cannot run " << name_ << ": " << std::strerror(err);
    }
}

BackgroundProcess BackgroundProcess::shell(const std::string& cmd) {
    return BackgroundProcess({"/bin/sh", "-c", "exec " + cmd});
}

BackgroundProcess::BackgroundProcess(BackgroundProcess&& other) noexcept { *this = std::move(other); }

BackgroundProcess& BackgroundProcess::operator=(BackgroundProcess&& other) noexcept {
    if (this != &other) {
        std::swap(pid_, other.pid_);
        std::swap(status_, other.status_);
        std::swap(reaped_, other.reaped_);
        std::swap(name_, other.name_);
        std::swap(log_path_, other.log_path_);
    }
    return *this;
}

BackgroundProcess::~BackgroundProcess() {
    if (pid_ > 0) {
        stop();
        if (::testing::Test::HasFailure()) {
            std::string text = output();
            if (text.size() > 4000) text = "...\n" + text.substr(text.size() - 4000);
            std::cerr << "--- output of " << name_ << " (pid " << pid_ << ", exit status " << status_ << "):\n"
                      << text << "---\n";
        }
    }
    if (!log_path_.empty()) {
        std::error_code ec;
        std::filesystem::remove(log_path_, ec);
    }
}

void BackgroundProcess::reap(int status) {
    reaped_ = true;
    status_ = decode_status(status);
}

bool BackgroundProcess::running() {
    if (pid_ <= 0 || reaped_) return false;
    int status = 0;
    const pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
        reap(status);
        return false;
    }
    return r == 0;
}

void BackgroundProcess::signal(int sig) {
    if (running()) kill(pid_, sig);
}

int BackgroundProcess::wait_exit(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (running()) {
        if (std::chrono::steady_clock::now() >= deadline) return -1;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return status_;
}

int BackgroundProcess::stop(std::chrono::milliseconds grace) {
    if (pid_ <= 0) return -1;
    if (!running()) return status_;
    kill(pid_, SIGTERM);
    if (wait_exit(grace) != -1 || reaped_) return status_;
    kill(pid_, SIGKILL);
    int status = 0;
    if (waitpid(pid_, &status, 0) == pid_) reap(status);
    return status_;
}

std::string BackgroundProcess::output() const {
    std::ifstream in(log_path_, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout,
                std::chrono::milliseconds poll) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (condition()) return true;
        std::this_thread::sleep_for(poll);
    }
    return condition();
}

// ---- JACK and PipeWire graph -----------------------------------------------

std::vector<std::string> jack_ports() {
    const auto r = run_command("JACK_NO_START_SERVER=1 jack_lsp -s " + shell_quote(jack_server_name()) +
                               " 2>/dev/null", 10);
    if (r.exit_code != 0) return {};
    return lines_of(r.output);
}

bool jack_port_exists(const std::string& port) {
    const auto ports = jack_ports();
    return std::find(ports.begin(), ports.end(), port) != ports.end();
}

std::vector<PortLink> jack_connections() {
    // jack_lsp -c -p prints each port, its connections indented by three
    // spaces, then "\tproperties: output,...". Keep the output side only.
    const auto r = run_command("JACK_NO_START_SERVER=1 jack_lsp -c -p -s " + shell_quote(jack_server_name()) +
                               " 2>/dev/null", 10);
    std::vector<PortLink> links;
    if (r.exit_code != 0) return links;
    std::string port;
    std::vector<std::string> peers;
    for (const auto& line : lines_of(r.output)) {
        if (line.starts_with("   ")) {
            peers.push_back(line.substr(3));
        } else if (line.starts_with("\tproperties:")) {
            if (line.find("output") != std::string::npos) {
                for (const auto& p : peers) links.push_back({port, p});
            }
        } else {
            port = line;
            peers.clear();
        }
    }
    return links;
}

bool jack_connected(const std::string& output, const std::string& input) {
    const auto links = jack_connections();
    return std::find(links.begin(), links.end(), PortLink{output, input}) != links.end();
}

std::vector<std::string> pipewire_input_ports() {
    const auto r = run_command("pw-link -i 2>/dev/null", 10);
    return r.exit_code == 0 ? lines_of(r.output) : std::vector<std::string>{};
}

std::vector<std::string> pipewire_output_ports() {
    const auto r = run_command("pw-link -o 2>/dev/null", 10);
    return r.exit_code == 0 ? lines_of(r.output) : std::vector<std::string>{};
}

std::vector<PortLink> pipewire_links() {
    // pw-link -l prints each port, then "  |-> input" under an output port and
    // "  |<- output" under an input port: the "|->" lines list each link once.
    const auto r = run_command("pw-link -l 2>/dev/null", 10);
    std::vector<PortLink> links;
    if (r.exit_code != 0) return links;
    std::string port;
    for (const auto& line : lines_of(r.output)) {
        const auto arrow = line.find("|-> ");
        if (arrow != std::string::npos) {
            links.push_back({port, line.substr(arrow + 4)});
        } else if (line.find("|<- ") == std::string::npos) {
            port = line;
        }
    }
    return links;
}

bool pipewire_linked(const std::string& output, const std::string& input) {
    const auto links = pipewire_links();
    return std::find(links.begin(), links.end(), PortLink{output, input}) != links.end();
}

} // namespace sy::test
