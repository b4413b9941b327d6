// Presets recalled while audio runs: paths that exist in both presets play
// on with no discontinuity beyond what the gain ramp allows, while endpoints
// come and go around them.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <thread>
#include <utility>
#include <vector>

#include "engine_under_test.hpp"
#include "jack_probe.hpp"
#include "stall_watch.hpp"

namespace sy::test {
namespace {

using namespace std::chrono_literals;

class ControlRecall : public ServersTest {};

struct Jump {
    double size = 0;
    std::size_t at = 0; // frame
};

Jump largest_jump(std::span<const float> x) {
    Jump worst;
    for (std::size_t i = 1; i < x.size(); ++i) {
        const double d = std::fabs(double(x[i]) - double(x[i - 1]));
        if (d > worst.size) worst = {d, i};
    }
    return worst;
}

// The engine serves exactly the endpoints `ids`, each ready, and its
// bridges have locked.
bool serves_only(EngineUnderTest& engine, const std::vector<std::string>& ids) {
    std::vector<std::string> served;
    for (const auto& e : engine.ctl_json("endpoints")) {
        if (e["ready"] != true) return false;
        served.push_back(e["id"].get<std::string>());
    }
    if (!std::is_permutation(served.begin(), served.end(), ids.begin(), ids.end())) return false;
    const auto bridges = engine.ctl_json("status")["bridges"];
    return !bridges.empty() && std::all_of(bridges.begin(), bridges.end(), [](const auto& b) { return b["locked"] == true; });
}

// The two presets of the recall: a path in both (daw -> back, ramping to
// -6 dB, and daw -> a), and endpoints that go and come on both servers.
// Returns the files of the first and the second.
std::pair<std::string, std::string> recall_presets(const JackProbe& probe) {
    const std::string jack_in = R"("jack": { "connect": [")" + probe.port("out", 1) + R"(", ")" + probe.port("out", 2) + R"("] })";
    const std::string jack_back = R"("jack": { "connect": [")" + probe.port("in", 1) + R"(", ")" + probe.port("in", 2) + R"("] })";
    const std::string a = write_temp_preset(R"({ "switchyard": 1, "name": "recall",
      "inputs": [ { "id": "daw", "channels": 2, )" + jack_in + R"( },
                  { "id": "old", "channels": 1, "jack": { "connect": [")" + probe.port("out", 2) + R"("] } },
                  { "id": "desktop", "channels": 2, "pipewire": { "virtual": "sink", "description": "Recall Desktop" } } ],
      "outputs": [ { "id": "back", "channels": 2, )" + jack_back + R"( },
                   { "id": "a", "channels": 2, "pipewire": { "target": "test-sink-a" } } ],
      "routes": [ { "from": "daw", "to": "back" }, { "from": "daw", "to": "a" }, { "from": "old", "to": "a", "gain_db": -20 },
                  { "from": "desktop", "to": "a" } ] })");
    // daw -> back ramps to -6 dB and daw -> a stays; old (JACK) and desktop
    // (a virtual sink, linked to us) go; mic, a bus, another virtual sink and
    // an output to the 44.1 kHz sink come.
    const std::string b = write_temp_preset(R"({ "switchyard": 1, "name": "recall",
      "inputs": [ { "id": "daw", "channels": 2, )" + jack_in + R"( },
                  { "id": "mic", "channels": 1, "jack": { "connect": [")" + probe.port("out", 1) + R"("] } },
                  { "id": "desktop2", "channels": 2, "pipewire": { "virtual": "sink", "description": "Recall Desktop 2" } } ],
      "buses": [ { "id": "mix", "channels": 2 } ],
      "outputs": [ { "id": "back", "channels": 2, )" + jack_back + R"( },
                   { "id": "a", "channels": 2, "pipewire": { "target": "test-sink-a" } },
                   { "id": "c", "channels": 2, "pipewire": { "target": "test-sink-b" } } ],
      "routes": [ { "from": "daw", "to": "back", "gain_db": -6.0206 }, { "from": "daw", "to": "a" },
                  { "from": "mic", "to": "mix" }, { "from": "desktop2", "to": "mix" }, { "from": "mix", "to": "c" } ] })");

    return {a, b};
}

// What one recall left on the JACK path (daw -> back) and the bridged one
// (daw -> a, recorded at test-sink-a).
struct RecallTake {
    std::vector<float> back;
    Audio sink;
};

    // A take during which JACK lost a cycle (an xrun: this shared machine
    // has a few a minute), PipeWire ran a cycle without us, the host
    // stalled every real-time thread (see stall_watch.hpp) or the recorder
    // lost a cycle of the sink's audio (sink_capture.hpp) is taken again,
    // after a recall of `a` brought the engine back to where it started,
    // for up to kTakeBudget, the last counting whatever happens: a cycle
    // that never ran leaves a gap in the bridged path that no recall made.
    // Takes are short and the engine is not started again for each: with
    // an xrun or a missed cycle every second or two, 2.7 s takes each from
    // a fresh engine (7.5 s apiece) were seen to run the minute out.
void take_recall(EngineUnderTest& engine, JackProbe& probe, SinkCapture& recorder, const StallWatch& watch,
                 const std::string& a, const std::string& b, RecallTake& out) {
    const auto t0 = std::chrono::steady_clock::now();
    const auto missed = [&engine] {
        const auto s = engine.ctl_json("status");
        return s["hub"]["xruns"].get<std::uint64_t>() + s["servers"]["pipewire"]["missed_cycles"].get<std::uint64_t>();
    };
    for (int take = 1;; ++take) {
        if (take > 1) {
            ASSERT_EQ(engine.ctl("preset load " + a).exit_code, 0);
        }
        ASSERT_TRUE(wait_until([&] { return serves_only(engine, {"daw", "old", "desktop", "back", "a"}); }, 15s))
            << engine.ctl("status").output << engine.ctl("endpoints").output;

        const auto missed_before = missed();
        const std::size_t stalls_before = watch.stalls();
        recorder.start();
        std::this_thread::sleep_for(300ms);
        probe.start_recording();
        std::this_thread::sleep_for(400ms);
        const auto load = engine.ctl("preset load " + b);
        ASSERT_EQ(load.exit_code, 0) << load.output;
        std::this_thread::sleep_for(600ms);
        out.back = probe.take_recording(0);
        out.sink = recorder.stop();
        const bool stalled = watch.stalls() != stalls_before;
        const auto misses = missed() - missed_before;
        const auto lost = recorder.gaps();
        if ((misses == 0 && !stalled && lost == 0) || std::chrono::steady_clock::now() - t0 > kTakeBudget) break;
        std::cout << "[ note     ] "
                  << (misses ? "a server missed a cycle" : stalled ? "the host stalled" : "the recorder lost a cycle")
                  << " during take " << take << "; taking it again\n";
    }
}

TEST_F(ControlRecall, APathInBothPresetsHasNoJumpBeyondTheRamp) {
    constexpr double kAmplitude = 0.2, kHz = 440.0;
    JackProbe probe("probe-recall", 2, kHz, kAmplitude, 6.0);
    ASSERT_TRUE(probe.ok());
    const auto presets = recall_presets(probe);
    const std::string& a = presets.first;
    const std::string& b = presets.second;

    const StallWatch watch;
    EngineUnderTest engine(a);
    ASSERT_TRUE(engine.ready()) << engine.process().output();
    SinkCapture recorder("test-sink-a");
    ASSERT_EQ(recorder.error(), "");
    RecallTake take;
    ASSERT_NO_FATAL_FAILURE(take_recall(engine, probe, recorder, watch, a, b, take));
    const std::vector<float>& back = take.back;
    const Audio& sink = take.sink;
    const auto sink_left = channel(sink, 0);

    // A sine's own steepest step, plus what a 5 ms ramp of the whole
    // amplitude adds per sample, plus float rounding.
    const double natural = kAmplitude * 2 * M_PI * kHz / probe.rate();
    const double ramp = kAmplitude / (0.005 * probe.rate());
    const double allowed = natural + ramp + 1e-4;
    const Jump back_jump = largest_jump(back);
    ASSERT_GT(sink_left.size(), 48000u) << "recording test-sink-a failed";
    const std::span<const float> sink_steady(sink_left.data() + 4800, sink_left.size() - 4800);
    const Jump sink_jump = largest_jump(sink_steady);
    std::cout << "[ figures  ] recall: largest step " << back_jump.size << " on daw -> back (JACK, at "
              << back_jump.at / 48.0 << " ms of 1 s), " << sink_jump.size
              << " on daw -> a (through a bridge to PipeWire, at " << (sink_jump.at + 4800) / 48.0
              << " ms); a 440 Hz sine at 0.2 steps up to " << natural << ", the ramp adds " << ramp << "\n";
    EXPECT_GT(back.size(), 48000u - 4800u);
    EXPECT_LE(back_jump.size, allowed) << "a click on a path that is in both presets";
    // Before the recall `old` adds its -20 dB copy of the tone to a: 1.1 times the amplitude.
    EXPECT_LE(sink_jump.size, 1.1 * natural + ramp + 1e-4) << "a click on the bridged path that is in both presets\n"
                                       << engine.ctl("status").output;

    // And the new endpoints serve.
    const auto endpoints = engine.ctl_json("endpoints");
    bool c_ready = false, gone = true;
    for (const auto& e : endpoints) {
        if (e["id"] == "c") c_ready = e["ready"] == true;
        if (e["id"] == "old" || e["id"] == "desktop") gone = false;
    }
    EXPECT_TRUE(gone);
    EXPECT_FALSE(jack_port_exists("recall:old_1"));
    EXPECT_TRUE(wait_until([&] { return pipewire_linked("switchyard.recall:c_FL", "test-sink-b:playback_FL"); }, 5s))
        << "c not linked to test-sink-b:\n" << engine.ctl("endpoints").output << c_ready;
    EXPECT_TRUE(jack_connected(probe.port("out", 1), "recall:mic_1"));
}

} // namespace
} // namespace sy::test
