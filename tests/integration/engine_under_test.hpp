// `switchyard run` as a test drives it: started on the test servers with its
// own control instance and its own config folder (so last.json is the
// test's), talked to through `switchyard ctl` and the control socket.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "test_servers.hpp"

namespace sy::test {

class EngineUnderTest {
public:
    // `preset` is a file path; "" runs with no preset (the last state).
    // `config_home` becomes the engine's XDG_CONFIG_HOME ("" : a new temp folder).
    // `launcher` comes before the program, e.g. {"pw-jack"} to run the
    // engine on PipeWire's JACK library.
    explicit EngineUnderTest(const std::string& preset, std::vector<std::string> extra_args = {},
                             std::string config_home = "", std::vector<std::string> launcher = {});
    ~EngineUnderTest();

    // Waits until the engine answers `status` (it has started its servers).
    bool ready(std::chrono::milliseconds limit = std::chrono::seconds(15));

    // `switchyard ctl --instance <ours> ARGS`.
    CommandResult ctl(const std::string& args, double timeout_s = 15.0);
    // The same with --json, parsed; null when the output is not JSON.
    nlohmann::json ctl_json(const std::string& args);

    const std::string& instance() const { return instance_; }
    const std::string& config_home() const { return config_home_; }
    std::string socket_path() const;
    BackgroundProcess& process() { return process_; }
    void start(); // again, after the process ended (same instance and config)

private:
    std::string preset_;
    std::vector<std::string> extra_;
    std::vector<std::string> launcher_;
    std::string instance_;
    std::string config_home_;
    BackgroundProcess process_;
};

// A preset written to a temp file; returns its path.
std::string write_temp_preset(const std::string& text);

} // namespace sy::test
