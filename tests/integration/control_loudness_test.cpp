// Loudness on a running engine on the real servers: a JACK probe plays EBU
// Tech 3341 case 1 (a 1 kHz sine at -23 dBFS on both channels, which reads
// -23.0 LUFS) into a strip; `ctl meters` shows its momentary, short-term
// and integrated loudness and its true peak, in text and in the JSON
// events; `ctl loudness reset` starts the integrated figure over.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <sstream>
#include <thread>

#include "engine_under_test.hpp"
#include "jack_probe.hpp"

namespace sy::test {
namespace {

using namespace std::chrono_literals;

class ControlLoudness : public ServersTest {};

// The last meters event `ctl --json meters` printed.
nlohmann::json last_event(const std::string& output) {
    std::istringstream lines(output);
    nlohmann::json last;
    for (std::string line; std::getline(lines, line);) {
        auto j = nlohmann::json::parse(line, nullptr, false);
        if (!j.is_discarded() && j.value("event", "") == "meters") last = j;
    }
    return last;
}

TEST_F(ControlLoudness, ACaseOneToneReadsMinus23LufsInMetersAndEvents) {
    JackProbe probe("probe-lufs", 2, 1000.0, std::pow(10.0, -23.0 / 20.0));
    ASSERT_TRUE(probe.ok());
    EngineUnderTest engine(write_temp_preset(R"({ "switchyard": 1, "name": "ctl-lufs",
      "inputs": [ { "id": "daw", "channels": 2, "jack": { "connect": [")" + probe.port("out", 1) + R"(", ")" +
                                             probe.port("out", 2) + R"("] } } ],
      "outputs": [ { "id": "back", "channels": 2, "jack": { "connect": [")" + probe.port("in", 1) + R"(", ")" +
                                             probe.port("in", 2) + R"("] } } ],
      "routes": [ { "from": "daw", "to": "back" } ] })"));
    ASSERT_TRUE(engine.ready()) << engine.process().output();
    ASSERT_TRUE(wait_until([&] { return jack_connected("ctl-lufs:back_L", probe.port("in", 1)); }, 5s));
    ASSERT_EQ(engine.ctl("loudness reset").exit_code, 0);

    const auto r = engine.ctl("--json meters --seconds 4 --hz 5", 20);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto event = last_event(r.output);
    ASSERT_TRUE(event.contains("endpoints")) << r.output;
    for (const char* id : {"daw", "back"}) {
        const auto& l = event["endpoints"][id]["loudness"];
        ASSERT_TRUE(l.is_object()) << event.dump();
        EXPECT_NEAR(l["momentary_lufs"].get<double>(), -23.0, 0.2) << id << ": " << l.dump();
        EXPECT_NEAR(l["short_term_lufs"].get<double>(), -23.0, 0.2) << id << ": " << l.dump();
        EXPECT_NEAR(l["integrated_lufs"].get<double>(), -23.0, 0.2) << id << ": " << l.dump();
        EXPECT_NEAR(l["true_peak_dbtp"].get<double>(), -23.0, 0.3) << id << ": " << l.dump();
    }
    const auto text = engine.ctl("meters --seconds 1 --hz 5", 10);
    EXPECT_NE(text.output.find("LUFS  TP"), std::string::npos) << text.output;
}

TEST_F(ControlLoudness, ResetStartsTheIntegratedLoudnessOver) {
    JackProbe probe("probe-lufs2", 2, 1000.0, std::pow(10.0, -23.0 / 20.0));
    ASSERT_TRUE(probe.ok());
    EngineUnderTest engine(write_temp_preset(R"({ "switchyard": 1, "name": "ctl-lufs2",
      "inputs": [ { "id": "daw", "channels": 2, "gain_db": 0, "jack": { "connect": [")" + probe.port("out", 1) +
                                             R"(", ")" + probe.port("out", 2) + R"("] } } ],
      "outputs": [ { "id": "back", "channels": 2, "jack": { "connect": [")" + probe.port("in", 1) + R"(", ")" +
                                             probe.port("in", 2) + R"("] } } ],
      "routes": [ { "from": "daw", "to": "back" } ] })"));
    ASSERT_TRUE(engine.ready()) << engine.process().output();
    ASSERT_TRUE(wait_until([&] { return jack_connected("ctl-lufs2:back_L", probe.port("in", 1)); }, 5s));
    std::this_thread::sleep_for(2s);
    // 10 dB down on the output: its integrated loudness mixes both levels
    // until a reset, then reads the new level alone.
    ASSERT_EQ(engine.ctl("gain back -10").exit_code, 0);
    std::this_thread::sleep_for(1s);
    const auto mixed = last_event(engine.ctl("--json meters --seconds 1 --hz 5", 10).output);
    const double before_reset = mixed["endpoints"]["back"]["loudness"]["integrated_lufs"].get<double>();
    EXPECT_GT(before_reset, -32.0) << mixed.dump();
    ASSERT_EQ(engine.ctl("loudness reset back").exit_code, 0);
    const auto fresh = last_event(engine.ctl("--json meters --seconds 2 --hz 5", 10).output);
    EXPECT_NEAR(fresh["endpoints"]["back"]["loudness"]["integrated_lufs"].get<double>(), -33.0, 0.3) << fresh.dump();
}

} // namespace
} // namespace sy::test
