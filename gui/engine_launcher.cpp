#include "gui/engine_launcher.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <thread>
#include <vector>

#include "gui/state_dir.hpp"
#include "router/client/sibling_program.hpp"

namespace sy::gui {

namespace {

int decoded(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}

} // namespace

EngineLauncher::EngineLauncher(std::string program, std::string instance)
    : program_(std::move(program)), instance_(std::move(instance)), log_file_(default_log_file(instance_)) {}

EngineLauncher::~EngineLauncher() = default;

std::string EngineLauncher::default_log_file(const std::string& instance) {
    return (state_dir() / ("engine-" + instance + ".log")).string();
}

std::string EngineLauncher::engine_program() { return router::sibling_program("switchyard"); }

std::string EngineLauncher::command_line() const { return "switchyard run --instance " + instance_; }

std::string EngineLauncher::start() {
    if (started() && running()) return "an engine started by this GUI still runs (pid " + std::to_string(pid_) + ")";
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(log_file_).parent_path(), ec);
    const int log = ::open(log_file_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (log < 0) return "cannot open " + log_file_ + ": " + std::strerror(errno);

    std::vector<std::string> args = {program_, "run", "--instance", instance_};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    const pid_t parent = ::getpid();

    const pid_t pid = ::fork();
    if (pid < 0) {
        ::close(log);
        return std::string("cannot fork: ") + std::strerror(errno);
    }
    if (pid == 0) {
        // Only async-signal-safe calls from here to exec.
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (::getppid() != parent) ::_exit(127); // the GUI is already gone
        const int null = ::open("/dev/null", O_RDONLY);
        if (null >= 0) ::dup2(null, 0);
        ::dup2(log, 1);
        ::dup2(log, 2);
        // A new process group: Ctrl-C in the GUI's terminal is the GUI's.
        ::setpgid(0, 0);
        ::execvp(argv[0], argv.data());
        ::_exit(127);
    }
    ::close(log);
    pid_ = pid;
    reaped_ = false;
    status_ = -1;
    return "";
}

bool EngineLauncher::running() {
    if (pid_ <= 0 || reaped_) return false;
    int status = 0;
    const pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == 0) return true;
    reaped_ = true;
    status_ = r == pid_ ? decoded(status) : -1;
    return false;
}

int EngineLauncher::stop(std::chrono::milliseconds grace) {
    if (pid_ <= 0) return -1;
    if (!running()) return status_;
    ::kill(pid_, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + grace;
    while (running()) {
        if (std::chrono::steady_clock::now() >= deadline) {
            ::kill(pid_, SIGKILL);
            int status = 0;
            if (::waitpid(pid_, &status, 0) == pid_) status_ = decoded(status);
            reaped_ = true;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return status_;
}

} // namespace sy::gui
