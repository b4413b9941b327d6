// `ctl endpoints` lists each of our ports by its full name on its server and
// what it is connected to, and follows connections made by others.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>

#include "engine_under_test.hpp"
#include "jack_probe.hpp"

namespace sy::test {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

class ControlPorts : public ServersTest {};

const json* endpoint(const json& list, const std::string& id) {
    for (const auto& e : list)
        if (e.value("id", "") == id) return &e;
    return nullptr;
}

bool connected(const json& port, const std::string& other) {
    const auto& c = port["connections"];
    return std::find(c.begin(), c.end(), other) != c.end();
}

TEST_F(ControlPorts, EachPortIsListedWithWhatItIsConnectedToOnBothServers) {
    JackProbe probe("probe-ctl-ports", 2, 440.0, 0.2);
    ASSERT_TRUE(probe.ok());
    EngineUnderTest engine(write_temp_preset(R"({ "switchyard": 1, "name": "ctl-ports",
      "inputs": [ { "id": "daw", "channels": 2, "jack": { "connect": [")" + probe.port("out", 1) + R"(", ")" + probe.port("out", 2) + R"("] } } ],
      "buses": [ { "id": "mix", "channels": 2 } ],
      "outputs": [ { "id": "a", "channels": 2, "pipewire": { "target": "test-sink-a" } } ],
      "routes": [ { "from": "daw", "to": "mix" }, { "from": "mix", "to": "a" } ] })"));
    ASSERT_TRUE(engine.ready()) << engine.process().output();
    json list;
    ASSERT_TRUE(wait_until(
        [&] {
            list = engine.ctl_json("endpoints");
            const json* a = endpoint(list, "a");
            return a && (*a)["ports"].size() == 2 && connected((*a)["ports"][0], "test-sink-a:playback_FL");
        },
        10s))
        << list.dump(1);

    const json& daw = *endpoint(list, "daw");
    ASSERT_EQ(daw["ports"].size(), 2u) << daw.dump(1);
    EXPECT_TRUE(connected(daw["ports"][0], probe.port("out", 1))) << daw.dump(1);
    EXPECT_TRUE(connected(daw["ports"][1], probe.port("out", 2))) << daw.dump(1);
    EXPECT_TRUE(endpoint(list, "mix")->at("ports").empty());
    const json& a = *endpoint(list, "a");
    EXPECT_EQ(a["ports"][0]["name"].get<std::string>().rfind("switchyard.ctl-ports:", 0), 0u)
        << "PipeWire ports are named after our node: " << a.dump(1);
    EXPECT_TRUE(connected(a["ports"][1], "test-sink-a:playback_FR")) << a.dump(1);

    // Connections someone else makes show up: one more on each server.
    const std::string daw_l = daw["ports"][0]["name"];
    const std::string a_l = a["ports"][0]["name"];
    ASSERT_EQ(run_command("jack_connect " + shell_quote(probe.port("out", 2)) + " " + shell_quote(daw_l)).exit_code, 0);
    ASSERT_EQ(run_command("pw-link " + shell_quote(a_l) + " test-sink-b:playback_FL").exit_code, 0);
    EXPECT_TRUE(wait_until(
        [&] {
            list = engine.ctl_json("endpoints");
            return connected((*endpoint(list, "daw"))["ports"][0], probe.port("out", 2)) &&
                   connected((*endpoint(list, "a"))["ports"][0], "test-sink-b:playback_FL");
        },
        5s))
        << list.dump(1);
    std::cout << "[ figures  ] " << daw_l << " <- " << (*endpoint(list, "daw"))["ports"][0]["connections"].dump() << "; "
              << a_l << " -> " << (*endpoint(list, "a"))["ports"][0]["connections"].dump() << "\n";
}

// A recall whose only change is where a JACK endpoint connects moves its
// connections: the endpoint keeps its ports, the old connection goes and the
// new one is made. `launcher` runs the engine ({"pw-jack"}: on PipeWire's
// JACK, where the endpoint is a port of the PipeWire node).
void recall_moves_connection(const std::vector<std::string>& launcher, const std::string& first,
                             const std::string& second, const std::string& first_seen, const std::string& second_seen) {
    const auto preset = [](const std::string& to) {
        return write_temp_preset(R"({ "switchyard": 1, "name": "ctl-ports-move",
      "inputs": [ { "id": "in", "channels": 1, "jack": { "connect": [] } } ],
      "outputs": [ { "id": "out", "channels": 1, "jack": { "connect": [")" + to + R"("] } } ],
      "routes": [ { "from": "in", "to": "out" } ] })");
    };
    EngineUnderTest engine(preset(first), {}, "", launcher);
    ASSERT_TRUE(engine.ready()) << engine.process().output();
    const auto only_to = [&](const std::string& port) {
        const json list = engine.ctl_json("endpoints");
        const json* out = endpoint(list, "out");
        return out && (*out)["ports"].size() == 1 && (*out)["ports"][0]["connections"] == json::array({port});
    };
    ASSERT_TRUE(wait_until([&] { return only_to(first_seen); }, 10s)) << engine.ctl("endpoints").output;
    const auto load = engine.ctl("preset load " + preset(second));
    ASSERT_EQ(load.exit_code, 0) << load.output;
    EXPECT_TRUE(wait_until([&] { return only_to(second_seen); }, 5s)) << engine.ctl("endpoints").output;
}

TEST_F(ControlPorts, ARecallThatOnlyMovesAJackConnectionMovesIt) {
    recall_moves_connection({}, "system:playback_1", "system:playback_2", "system:playback_1", "system:playback_2");
}

TEST_F(ControlPorts, ARecallThatOnlyMovesAJackConnectionMovesItOnPipewiresJack) {
    // The JACK names of the sinks' ports; the ports list says PipeWire's.
    recall_moves_connection({"pw-jack"}, "Test Sink A:playback_FL", "Test Sink B:playback_FL", "test-sink-a:playback_FL",
                            "test-sink-b:playback_FL");
}

} // namespace
} // namespace sy::test
