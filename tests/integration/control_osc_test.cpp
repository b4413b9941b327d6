// OSC from a control surface: the same commands, validated the same way,
// on 127.0.0.1 unless told otherwise.
#include <gtest/gtest.h>

#include <lo/lo.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "engine_under_test.hpp"
#include "jack_probe.hpp"

namespace sy::test {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

class ControlOsc : public ServersTest {};

int free_udp_port() { return 20000 + getpid() % 20000; }

// Whether /proc/net/udp lists `port` bound to 127.0.0.1 (and to nothing wider).
std::string udp_binding(int port) {
    std::ifstream in("/proc/net/udp");
    std::string line;
    char hex[8];
    std::snprintf(hex, sizeof hex, "%04X", port);
    while (std::getline(in, line)) {
        std::istringstream f(line);
        std::string slot, local;
        f >> slot >> local;
        if (local.size() > 5 && local.substr(local.size() - 4) == hex) return local.substr(0, local.size() - 5);
    }
    return "";
}

TEST_F(ControlOsc, MessagesChangeTheEngineAndBadOnesChangeNothing) {
    JackProbe probe("probe-osc", 2, 440.0, 0.2);
    ASSERT_TRUE(probe.ok());
    const std::string preset = write_temp_preset(R"({ "switchyard": 1, "name": "ctl-osc",
      "inputs": [ { "id": "daw", "channels": 2, "jack": { "connect": [")" + probe.port("out", 1) + R"(", ")" + probe.port("out", 2) + R"("] } } ],
      "outputs": [ { "id": "back", "channels": 2, "jack": { "connect": [")" + probe.port("in", 1) + R"(", ")" + probe.port("in", 2) + R"("] } } ],
      "routes": [ { "from": "daw", "to": "back" } ] })");
    const int port = free_udp_port();
    EngineUnderTest engine(preset, {"--osc", std::to_string(port)});
    ASSERT_TRUE(engine.ready()) << engine.process().output();
    EXPECT_EQ(udp_binding(port), "0100007F") << "OSC is not bound to 127.0.0.1 only";

    lo_address to = lo_address_new("127.0.0.1", std::to_string(port).c_str());
    lo_send(to, "/switchyard/route/daw/back/gain_db", "f", -12.0f);
    EXPECT_TRUE(wait_until([&] { return engine.ctl_json("routes")[0]["gain_db"] == -12.0; }, 5s))
        << engine.ctl("routes").output;
    lo_send(to, "/switchyard/endpoint/daw/mute", "i", 1);
    EXPECT_TRUE(wait_until([&] { return engine.ctl_json("endpoints")[0]["mute"] == true; }, 5s));
    lo_send(to, "/switchyard/endpoint/daw/mute", "i", 0);
    EXPECT_TRUE(wait_until([&] { return engine.ctl_json("endpoints")[0]["mute"] == false; }, 5s));

    const json before = engine.ctl_json("model");
    lo_send(to, "/switchyard/route/daw/back/gain_db", "f", 99.0f);  // over +24: invalid
    lo_send(to, "/switchyard/route/dax/back/gain_db", "f", -3.0f);  // unknown endpoint
    lo_send(to, "/switchyard/endpoint/daw/mute", "s", "yes");       // wrong type
    lo_send(to, "/switchyard/nothing", "");
    lo_send(to, "/switchyard/preset/load", "s", "nothere");
    std::this_thread::sleep_for(500ms);
    EXPECT_EQ(engine.ctl_json("model"), before) << "a refused OSC message changed the engine";
    EXPECT_TRUE(engine.process().running());
    const std::string out = engine.process().output();
    EXPECT_NE(out.find("osc: /switchyard/route/dax/back/gain_db: no endpoint \"dax\""), std::string::npos) << out;

    ASSERT_EQ(engine.ctl("gain daw back -3").exit_code, 0);
    ASSERT_EQ(engine.ctl("preset save osc-saved").exit_code, 0);
    ASSERT_EQ(engine.ctl("gain daw back 0").exit_code, 0);
    lo_send(to, "/switchyard/preset/load", "s", "osc-saved");
    EXPECT_TRUE(wait_until([&] { return engine.ctl_json("routes")[0]["gain_db"] == -3.0; }, 5s));
    lo_address_free(to);
}

TEST_F(ControlOsc, OffUnlessAskedFor) {
    const std::string preset = write_temp_preset(R"({ "switchyard": 1, "name": "ctl-no-osc",
      "inputs": [ { "id": "in", "channels": 2, "pipewire": {} } ], "outputs": [ { "id": "out", "channels": 2, "pipewire": {} } ],
      "routes": [ { "from": "in", "to": "out" } ] })");
    EngineUnderTest engine(preset);
    ASSERT_TRUE(engine.ready()) << engine.process().output();
    EXPECT_EQ(engine.process().output().find("osc:"), std::string::npos) << engine.process().output();
}

} // namespace
} // namespace sy::test
