// Inserts on a running engine on the real servers, through `switchyard
// ctl`: an LSP EQ added, set, bypassed and removed while a JACK probe's
// 440 Hz tone plays through it, each step heard; a bad value refused with
// its field and nothing heard to change; the insert's latency in `paths`.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <thread>

#include "engine_under_test.hpp"
#include "heard_tone.hpp"
#include "jack_probe.hpp"
#include "stall_watch.hpp"
#include "tests/support/sine_fit.hpp"

namespace sy::test {
namespace {

using namespace std::chrono_literals;

class ControlInserts : public ServersTest {};

std::string inserts_preset(const JackProbe& probe) {
    return write_temp_preset(R"({ "switchyard": 1, "name": "ctl-inserts",
      "inputs": [ { "id": "daw", "channels": 2, "jack": { "connect": [")" + probe.port("out", 1) + R"(", ")" + probe.port("out", 2) + R"("] } } ],
      "outputs": [ { "id": "back", "channels": 2, "jack": { "connect": [")" + probe.port("in", 1) + R"(", ")" + probe.port("in", 2) + R"("] } } ],
      "routes": [ { "from": "daw", "to": "back" } ] })");
}

// A plugin's filter settles in a few ms: 100 ms before each take.
double heard(const StallWatch& watch, JackProbe& probe) { return heard_tone(watch, probe, 440.0, 100ms); }

TEST_F(ControlInserts, AnEqAddedSetBypassedAndRemovedIsHeardAtEachStep) {
    JackProbe probe("probe-fx", 2, 440.0, 0.1);
    ASSERT_TRUE(probe.ok());
    EngineUnderTest engine(inserts_preset(probe));
    ASSERT_TRUE(engine.ready()) << engine.process().output();
    ASSERT_TRUE(wait_until([&] { return jack_connected("ctl-inserts:back_L", probe.port("in", 1)); }, 5s));
    const StallWatch watch;
    EXPECT_NEAR(heard(watch, probe), 0.1, 0.005);

    struct Step {
        std::string ctl;
        double want;
    };
    const Step steps[] = {
        {R"(insert add daw '{"id": "eq", "lv2": "http://lsp-plug.in/plugins/lv2/para_equalizer_x16_stereo",
             "controls": {"ft_0": 1, "f_0": 440, "g_0": 3.981, "q_0": 1}}')", 0.398},
        {"insert set daw eq g_0=0.5012", 0.0501},
        {"insert bypass daw eq", 0.1},
        {"insert bypass daw eq off", 0.0501},
        {"insert remove daw eq", 0.1},
    };
    for (const Step& s : steps) {
        const auto r = engine.ctl(s.ctl);
        ASSERT_EQ(r.exit_code, 0) << "ctl " << s.ctl << ":\n" << r.output;
        EXPECT_NEAR(heard(watch, probe), s.want, s.want * 0.05) << "after ctl " << s.ctl;
    }
}

TEST_F(ControlInserts, ABadValueIsRefusedWithItsFieldAndTheSoundStaysAsItWas) {
    JackProbe probe("probe-fx2", 2, 440.0, 0.1);
    ASSERT_TRUE(probe.ok());
    EngineUnderTest engine(inserts_preset(probe));
    ASSERT_TRUE(engine.ready()) << engine.process().output();
    ASSERT_TRUE(wait_until([&] { return jack_connected("ctl-inserts:back_L", probe.port("in", 1)); }, 5s));
    ASSERT_EQ(engine.ctl(R"(insert add daw '{"id": "comp", "lv2": "http://lsp-plug.in/plugins/lv2/compressor_stereo",
        "controls": {"sla": 5}}')").exit_code, 0);
    const StallWatch watch;
    const double before = heard(watch, probe);
    const auto bad = engine.ctl("insert set daw comp cr=500");
    EXPECT_NE(bad.exit_code, 0);
    EXPECT_NE(bad.output.find("inputs[0].inserts[0].controls.cr"), std::string::npos) << bad.output;
    EXPECT_NEAR(heard(watch, probe), before, before * 0.05);

    const auto paths = engine.ctl_json("paths");
    bool found = false;
    for (const auto& p : paths) {
        for (const auto& part : p["parts"]) {
            if (part["name"] == "insert daw/comp") {
                found = true;
                EXPECT_NEAR(part["ms"].get<double>(), 5.0, 0.1) << part.dump();
            }
        }
    }
    EXPECT_TRUE(found) << paths.dump();
}

} // namespace
} // namespace sy::test
