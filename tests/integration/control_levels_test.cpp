// `switchyard ctl` against a running engine on the real servers: every
// command changes what is heard. A JACK probe plays a 440 Hz tone into the
// engine and records what comes back; a PipeWire sink is recorded too.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <thread>

#include "engine_under_test.hpp"
#include "heard_tone.hpp"
#include "jack_probe.hpp"
#include "stall_watch.hpp"
#include "router/client/control_client.hpp"
#include "tests/support/sine_fit.hpp"

namespace sy::test {
namespace {

using namespace std::chrono_literals;

class ControlLevels : public ServersTest {};

// daw (stereo) and mic (mono) both carry the probe's 0.2 tone into `mix`,
// which goes back to the probe and to test-sink-a: 0.4 when both play.
std::string levels_preset(const JackProbe& probe) {
    return write_temp_preset(R"({ "switchyard": 1, "name": "ctl-levels",
      "inputs": [ { "id": "daw", "channels": 2, "jack": { "connect": [")" + probe.port("out", 1) + R"(", ")" + probe.port("out", 2) + R"("] } },
                  { "id": "mic", "channels": 1, "jack": { "connect": [")" + probe.port("out", 1) + R"("] } } ],
      "buses": [ { "id": "mix", "channels": 2 } ],
      "outputs": [ { "id": "back", "channels": 2, "jack": { "connect": [")" + probe.port("in", 1) + R"(", ")" + probe.port("in", 2) + R"("] } },
                   { "id": "a", "channels": 2, "pipewire": { "target": "test-sink-a" } } ],
      "routes": [ { "from": "daw", "to": "mix" }, { "from": "mic", "to": "mix" },
                  { "from": "mix", "to": "back" }, { "from": "mix", "to": "a" } ] })");
}

double heard(const StallWatch& watch, JackProbe& probe) { return heard_tone(watch, probe, 440.0, 60ms); }

TEST_F(ControlLevels, EveryCtlCommandChangesWhatIsHeard) {
    JackProbe probe("probe-ctl", 2, 440.0, 0.2);
    ASSERT_TRUE(probe.ok());
    EngineUnderTest engine(levels_preset(probe));
    ASSERT_TRUE(engine.ready()) << engine.process().output();
    ASSERT_TRUE(wait_until([&] { return jack_connected("ctl-levels:back_L", probe.port("in", 1)); }, 5s));

    struct Step {
        const char* ctl;
        double want; // amplitude heard afterwards
    };
    const Step steps[] = {
        {"status", 0.4},
        {"gain daw mix -6.0206", 0.3},   // daw's 0.2 halved, mic's 0.2 as it was
        {"gain daw mix 0", 0.4},
        {"mute mic", 0.2},
        {"unmute mic", 0.4},
        {"solo daw", 0.2},               // only daw into mix
        {"unsolo daw", 0.4},
        {"route remove mic mix", 0.2},
        {"route add mic mix", 0.4},
        {"gain back -6.0206", 0.2},      // the output's fader
        {"gain back -inf", 0.0},
        {"gain back 0", 0.4},
        {"mute daw mix", 0.2},           // a route's mute
        {"unmute daw mix", 0.4},
    };
    const StallWatch watch;
    for (const Step& s : steps) {
        const auto r = engine.ctl(s.ctl);
        ASSERT_EQ(r.exit_code, 0) << "ctl " << s.ctl << ":\n" << r.output;
        const double a = heard(watch, probe);
        std::cout << "[ figures  ] ctl " << s.ctl << ": heard " << a << " (want " << s.want << ")\n";
        EXPECT_NEAR(a, s.want, 0.01) << "after ctl " << s.ctl;
    }
}

TEST_F(ControlLevels, ThePipewireSideFollowsToo) {
    JackProbe probe("probe-ctl-pw", 2, 440.0, 0.2);
    ASSERT_TRUE(probe.ok());
    EngineUnderTest engine(levels_preset(probe));
    ASSERT_TRUE(engine.ready()) << engine.process().output();
    ASSERT_TRUE(wait_until([&] { return engine.ctl_json("status")["bridges"][0]["locked"] == true; }, 15s))
        << engine.ctl("status").output;
    // A bridge that has locked says so in its state too, or has since moved
    // on to the states a locked bridge may leave for.
    const std::string state = engine.ctl_json("status")["bridges"][0]["state"];
    EXPECT_TRUE(state == "locked" || state == "tracking" || state == "acquiring") << state;

    const auto level = [](const std::string& wav) {
        const Audio a = read_wav(wav);
        const auto l = channel(a, 0);
        if (l.size() < 9600) return -1.0;
        return fit_sine_near(std::span<const float>(l.data() + 2400, l.size() - 4800), 440.0, 48000).amplitude;
    };
    // A take during a witnessed host stall or a JACK xrun is taken again
    // (stall_watch.hpp): a gap in it says nothing about the levels.
    const StallWatch watch;
    const auto heard = [&] {
        return take_clean(watch, [&] { return probe.xruns(); }, [&] { return level(record_sink("test-sink-a", 0.6)); });
    };
    const double before = heard();
    ASSERT_EQ(engine.ctl("gain mix a -6.0206").exit_code, 0);
    std::this_thread::sleep_for(100ms);
    const double after = heard();
    ASSERT_EQ(engine.ctl("mute a").exit_code, 0);
    std::this_thread::sleep_for(100ms);
    const double muted = heard();
    std::cout << "[ figures  ] test-sink-a: " << before << " then " << after << " after -6 dB, " << muted << " muted\n";
    EXPECT_NEAR(before, 0.4, 0.02);
    EXPECT_NEAR(after, 0.2, 0.01);
    EXPECT_LT(muted, 0.001);
}

// A change is heard from the next cycle on: the reply comes once the new
// Plan is published, and the engine's next cycle plays it. A constant level
// goes round (probe -> engine -> probe) so the first changed frame is exact.
TEST_F(ControlLevels, AGainChangeIsHeardWithinAPeriodOfItsReply) {
    JackProbe probe("probe-ctl-when", 2, 0.0, 0.25, 4.0);
    ASSERT_TRUE(probe.ok());
    EngineUnderTest engine(levels_preset(probe));
    ASSERT_TRUE(engine.ready()) << engine.process().output();
    router::ControlClient client;
    ASSERT_TRUE(client.connect(engine.instance()).ok());
    ASSERT_TRUE(client.request({{"cmd", "mute"}, {"endpoint", "mic"}}).ok());
    std::this_thread::sleep_for(200ms);

    probe.start_recording();
    std::this_thread::sleep_for(300ms);
    const auto reply = client.request({{"cmd", "gain"}, {"from", "daw"}, {"to", "mix"}, {"db", -20}});
    const std::size_t reply_frame = probe.recorded_frames();
    ASSERT_TRUE(reply.ok() && reply.reply["ok"] == true) << reply.reply.dump();
    std::this_thread::sleep_for(300ms);
    const auto got = probe.take_recording(0);
    ASSERT_GT(got.size(), reply_frame + 4800);
    ASSERT_NEAR(got[reply_frame / 2], 0.25, 1e-4) << "the level before the change";

    std::size_t changed = got.size();
    for (std::size_t n = reply_frame / 2; n < got.size(); ++n) {
        if (std::fabs(got[n] - 0.25f) > 1e-4f) {
            changed = n;
            break;
        }
    }
    ASSERT_LT(changed, got.size()) << "the gain never changed";
    const int period = probe.rate() * 256 / 48000;
    const double after_reply = static_cast<double>(changed) - static_cast<double>(reply_frame);
    std::cout << "[ figures  ] gain change heard " << after_reply << " frames after the reply (period " << period
              << "; the probe hears the engine's cycle one period late at most)\n";
    // The engine's next cycle, plus the loop back into the probe.
    EXPECT_LE(after_reply, 2 * period);
    EXPECT_GE(after_reply, -period) << "heard before the reply: the frame count is off";
}

} // namespace
} // namespace sy::test
