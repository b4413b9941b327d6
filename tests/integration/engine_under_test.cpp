#include "engine_under_test.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "router/client/control_paths.hpp"

namespace sy::test {

namespace {

std::string fresh_instance() {
    static std::atomic<int> n{0};
    return "test-" + std::to_string(getpid()) + "-" + std::to_string(n++);
}

} // namespace

std::string write_temp_preset(const std::string& text) {
    const std::string path = temp_path(".json");
    std::ofstream(path) << text;
    return path;
}

EngineUnderTest::EngineUnderTest(const std::string& preset, std::vector<std::string> extra_args,
                                 std::string config_home, std::vector<std::string> launcher)
    : preset_(preset), extra_(std::move(extra_args)), launcher_(std::move(launcher)), instance_(fresh_instance()),
      config_home_(config_home.empty() ? temp_folder("sy-engine-config") : std::move(config_home)), process_({"true"}) {
    start();
}

EngineUnderTest::~EngineUnderTest() { process_.stop(); }

void EngineUnderTest::start() {
    process_.stop();
    // The child inherits the environment: the config folder is the engine's alone.
    setenv("XDG_CONFIG_HOME", config_home_.c_str(), 1);
    std::vector<std::string> argv = launcher_;
    argv.insert(argv.end(), {SY_SWITCHYARD_BIN, "run"});
    if (!preset_.empty()) argv.push_back(preset_);
    argv.insert(argv.end(), {"--instance", instance_, "--status"});
    argv.insert(argv.end(), extra_.begin(), extra_.end());
    process_ = BackgroundProcess(argv);
}

bool EngineUnderTest::ready(std::chrono::milliseconds limit) {
    return wait_until([&] { return process_.running() && ctl("status", 5).exit_code == 0; }, limit,
                      std::chrono::milliseconds(100));
}

CommandResult EngineUnderTest::ctl(const std::string& args, double timeout_s) {
    return run_command(std::string(SY_SWITCHYARD_BIN) + " ctl --instance " + instance_ + " " + args, timeout_s);
}

nlohmann::json EngineUnderTest::ctl_json(const std::string& args) {
    const CommandResult r = ctl("--json " + args);
    return nlohmann::json::parse(r.output, nullptr, false);
}

std::string EngineUnderTest::socket_path() const { return router::control_socket_path(instance_); }

} // namespace sy::test
