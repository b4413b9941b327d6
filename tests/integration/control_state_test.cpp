// Nothing a person set is lost: the running state is saved as it changes
// and `switchyard run` with no preset brings it back, even after kill -9.
#include <gtest/gtest.h>

#include <stdlib.h>

#include <csignal>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "engine_under_test.hpp"
#include "jack_probe.hpp"

namespace sy::test {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

class ControlState : public ServersTest {};

json without_revision(json model) {
    model.erase("revision");
    return model;
}

TEST_F(ControlState, KillNineThenRestartRestoresTheLastStateExactly) {
    JackProbe probe("probe-state", 2, 440.0, 0.2);
    ASSERT_TRUE(probe.ok());
    const std::string preset = write_temp_preset(R"({ "switchyard": 1, "name": "ctl-state",
      "inputs": [ { "id": "daw", "channels": 2, "jack": { "connect": [")" + probe.port("out", 1) + R"(", ")" + probe.port("out", 2) + R"("] } } ],
      "buses": [ { "id": "mix", "channels": 2 } ],
      "outputs": [ { "id": "a", "channels": 2, "pipewire": { "target": "test-sink-a" } } ],
      "routes": [ { "from": "daw", "to": "mix" }, { "from": "mix", "to": "a" } ] })");
    EngineUnderTest engine(preset);
    ASSERT_TRUE(engine.ready()) << engine.process().output();

    for (const char* change : {"gain daw mix -7.5", "mute mix", "endpoint add input '{\"id\":\"mic\",\"channels\":1,"
                                                                "\"pipewire\":{\"virtual\":\"sink\",\"description\":\"State Mic\"}}'",
                               "route add mic mix --gain -3", "solo mic", "gain a -2", "endpoint rename mix stream"}) {
        const auto r = engine.ctl(change);
        ASSERT_EQ(r.exit_code, 0) << "ctl " << change << ":\n" << r.output;
    }
    const json before = without_revision(engine.ctl_json("model"));
    // The last change of a burst is on disk within half a second.
    std::this_thread::sleep_for(700ms);
    engine.process().signal(SIGKILL);
    ASSERT_GE(engine.process().wait_exit(5s), 0);

    const std::string last = engine.config_home() + "/switchyard/last.json";
    ASSERT_TRUE(std::filesystem::exists(last));
    EngineUnderTest again("", {}, engine.config_home());
    ASSERT_TRUE(again.ready()) << again.process().output();
    EXPECT_NE(again.process().output().find("restoring the last state"), std::string::npos) << again.process().output();
    const json after = without_revision(again.ctl_json("model"));
    EXPECT_EQ(after, before) << "before: " << before.dump() << "\nafter:  " << after.dump();
    // And it serves what it restored.
    EXPECT_TRUE(wait_until([&] { return pipewire_linked("switchyard.ctl-state:a_FL", "test-sink-a:playback_FL"); }, 5s));
}

TEST_F(ControlState, AnUnreadableLastStateIsKeptAsideNotLost) {
    const std::string config = temp_folder("sy-state");
    ASSERT_FALSE(config.empty());
    std::filesystem::create_directories(config + "/switchyard");
    std::ofstream(config + "/switchyard/last.json") << "{ \"switchyard\": 1, \"name\": ";
    EngineUnderTest engine("", {}, config);
    ASSERT_TRUE(engine.ready()) << engine.process().output();
    bool kept = false;
    for (const auto& f : std::filesystem::directory_iterator(config + "/switchyard")) {
        kept |= f.path().filename().string().rfind("last.json.unreadable-", 0) == 0;
    }
    EXPECT_TRUE(kept) << engine.process().output();
    EXPECT_EQ(engine.ctl_json("model")["inputs"].size(), 0u);
}

TEST_F(ControlState, SavedPresetsAreListedAndRecalledByName) {
    JackProbe probe("probe-named", 2, 440.0, 0.2);
    ASSERT_TRUE(probe.ok());
    const std::string preset = write_temp_preset(R"({ "switchyard": 1, "name": "ctl-named",
      "inputs": [ { "id": "daw", "channels": 2, "jack": { "connect": [")" + probe.port("out", 1) + R"(", ")" + probe.port("out", 2) + R"("] } } ],
      "outputs": [ { "id": "back", "channels": 2, "jack": { "connect": [")" + probe.port("in", 1) + R"(", ")" + probe.port("in", 2) + R"("] } } ],
      "routes": [ { "from": "daw", "to": "back" } ] })");
    EngineUnderTest engine(preset);
    ASSERT_TRUE(engine.ready()) << engine.process().output();
    ASSERT_EQ(engine.ctl("gain daw back -6").exit_code, 0);
    ASSERT_EQ(engine.ctl("preset save live").exit_code, 0);
    EXPECT_TRUE(std::filesystem::exists(engine.config_home() + "/switchyard/presets/live.json"));
    ASSERT_EQ(engine.ctl("gain daw back 0").exit_code, 0);
    const json list = engine.ctl_json("preset list");
    ASSERT_EQ(list.size(), 1u) << list.dump();
    EXPECT_EQ(list[0]["name"], "live");
    ASSERT_EQ(engine.ctl("preset load live").exit_code, 0);
    EXPECT_EQ(engine.ctl_json("routes")[0]["gain_db"], -6.0);
}

} // namespace
} // namespace sy::test
