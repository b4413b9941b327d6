// `switchyard run` against the real test servers: a JACK server on the dummy
// backend and a headless PipeWire with two null sinks (scripts/test-servers.sh).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <regex>
#include <thread>

#include <nlohmann/json.hpp>

#include "jack_probe.hpp"
#include "stall_watch.hpp"
#include "test_servers.hpp"
#include "tests/support/sine_fit.hpp"

namespace sy::test {
namespace {

using namespace std::chrono_literals;

class LiveSession : public ServersTest {};

std::string write_preset(const std::string& text) {
    const std::string path = temp_path(".json");
    std::ofstream(path) << text;
    return path;
}

BackgroundProcess run_engine(const std::string& preset) {
    return BackgroundProcess({SY_SWITCHYARD_BIN, "run", preset, "--status"});
}

bool says(BackgroundProcess& engine, const std::string& text) { return engine.output().find(text) != std::string::npos; }

// Waits for every bridge named to report "locked" in the latest complete
// status line.
bool bridges_locked(BackgroundProcess& engine, std::initializer_list<const char*> ids, std::chrono::milliseconds limit) {
    return wait_until([&] {
        const std::string out = engine.output();
        const auto end = out.rfind('\n');
        if (end == std::string::npos) return false;
        const auto start = out.rfind("\nhub ", end - 1);
        if (start == std::string::npos) return false;
        const std::string line = out.substr(start + 1, end - start - 1);
        for (const char* id : ids) {
            const auto at = line.find(std::string("bridge ") + id + " ");
            if (at == std::string::npos) return false;
            const auto next = line.find(" | ", at);
            const std::string bridge = line.substr(at, next == std::string::npos ? std::string::npos : next - at);
            if (bridge.find(" locked ") == std::string::npos) return false;
        }
        return true;
    }, limit);
}

std::vector<float> left(const Audio& a) { return channel(a, 0); }

// The engine's status now, as `switchyard ctl --json status` gives it (its
// status line lags by up to a second, too late for the take it is about).
nlohmann::json engine_status() {
    const auto r = run_command(std::string(SY_SWITCHYARD_BIN) + " ctl --json status", 10);
    auto doc = nlohmann::json::parse(r.output, nullptr, false);
    if (r.exit_code != 0 || doc.is_discarded() || !doc.is_object()) {
        ADD_FAILURE() << "switchyard ctl --json status (exit " << r.exit_code << "):\n" << r.output;
        return nlohmann::json::object();
    }
    return doc;
}

// What a take must not see for its recording to count: JACK xruns (the
// probe is told of every one) and PipeWire's cycles run without us.
auto server_misses(const JackProbe& probe) {
    return [&probe] {
        const auto status = engine_status();
        return probe.xruns() + status.value("/servers/pipewire/missed_cycles"_json_pointer, std::uint64_t{0});
    };
}

// Before a take again: every bridge locked once more (see take_clean()).
auto bridges_settle() {
    return [] {
        wait_until([] {
            const auto status = engine_status();
            const auto bridges = status.value("bridges", nlohmann::json::array());
            return std::all_of(bridges.begin(), bridges.end(), [](const auto& b) { return b.value("locked", false); });
        }, std::chrono::seconds(10));
    };
}

TEST_F(LiveSession, JackSignalReachesBothSinksOneOfThemAt44k1) {
    JackProbe probe("probe-a", 2, 997.0, 0.25);
    ASSERT_TRUE(probe.ok());
    const std::string preset = write_preset(R"({ "switchyard": 1, "name": "live-two-sinks",
      "inputs": [ { "id": "daw", "channels": 2, "jack": { "connect": [")" + probe.port("out", 1) + R"(", ")" + probe.port("out", 2) + R"("] } } ],
      "outputs": [ { "id": "a", "channels": 2, "pipewire": { "target": "test-sink-a" } },
                   { "id": "b", "channels": 2, "pipewire": { "target": "test-sink-b" } } ],
      "routes": [ { "from": "daw", "to": "a" }, { "from": "daw", "to": "b" } ] })");
    const StallWatch watch;
    BackgroundProcess engine = run_engine(preset);
    ASSERT_TRUE(bridges_locked(engine, {"daw"}, 20s)) << engine.output();

    for (auto [sink, rate] : {std::pair{"test-sink-a", 48000}, std::pair{"test-sink-b", 44100}}) {
        const Audio heard = take_clean(
            watch, server_misses(probe), [&, sink = sink, rate = rate] { return capture_sink(sink, 0.9, rate); },
            bridges_settle());
        ASSERT_GT(heard.frames(), static_cast<std::size_t>(rate * 6 / 10)) << sink;
        const auto l = left(heard);
        const std::span<const float> steady(l.data() + rate / 4, l.size() - rate / 2);
        const SineFit fit = fit_sine_near(steady, 997.0, rate);
        std::cout << "[ figures  ] " << sink << " at " << rate << " Hz: 997 Hz tone amplitude " << fit.amplitude
                  << " (sent 0.25), SNR " << fit.snr_db << " dB\n";
        EXPECT_NEAR(fit.amplitude, 0.25, 0.0125) << sink;
        EXPECT_GT(fit.snr_db, 60.0) << sink << ": the tone arrived with clicks, gaps or noise; the engine said:\n"
                                    << engine.output();
    }
}

TEST_F(LiveSession, StreamPlayedIntoTheVirtualSinkArrivesOnAJackOutput) {
    JackProbe probe("probe-b", 2, 0.0, 0.0);
    ASSERT_TRUE(probe.ok());
    const std::string preset = write_preset(R"({ "switchyard": 1, "name": "live-vsink",
      "inputs": [ { "id": "desktop", "channels": 2, "pipewire": { "virtual": "sink", "description": "Live Desktop" } } ],
      "outputs": [ { "id": "out", "channels": 2, "jack": { "connect": [")" + probe.port("in", 1) + R"(", ")" + probe.port("in", 2) + R"("] } } ],
      "routes": [ { "from": "desktop", "to": "out" } ] })");
    const StallWatch watch;
    BackgroundProcess engine = run_engine(preset);
    ASSERT_TRUE(bridges_locked(engine, {"desktop"}, 20s)) << engine.output();
    ASSERT_TRUE(wait_until([&] { return jack_connected("live-vsink:out_L", probe.port("in", 1)); }, 5s));

    const std::string tone = temp_path(".wav");
    // Long enough for every take (a second's wait, takes for up to kTakeBudget and
    // the waits for the bridges to settle between them): a tone that ended
    // during the last take read as a broken path.
    ASSERT_TRUE(write_tone_wav(tone, 48000, 2, static_cast<double>(kTakeBudget.count()) + 30.0, 1000.0, 0.5));
    BackgroundProcess player({"pw-play", "--target", "switchyard.live-vsink.desktop", tone});
    std::this_thread::sleep_for(1s);
    const auto got = take_clean(watch, server_misses(probe), [&] {
        probe.start_recording();
        std::this_thread::sleep_for(900ms);
        return probe.take_recording(0);
    }, bridges_settle());
    ASSERT_GT(got.size(), 36000u);
    const std::span<const float> steady(got.data() + 4800, got.size() - 9600);
    const SineFit fit = fit_sine_near(steady, 1000.0, probe.rate());
    std::cout << "[ figures  ] virtual sink -> JACK: amplitude " << fit.amplitude << " (played 0.5), SNR " << fit.snr_db << " dB\n";
    EXPECT_NEAR(fit.amplitude, 0.5, 0.025);
    EXPECT_GT(fit.snr_db, 60.0);
}

TEST_F(LiveSession, RecordingTheVirtualSourceGetsTheBusMix) {
    JackProbe probe("probe-c", 2, 440.0, 0.2);
    ASSERT_TRUE(probe.ok());
    const std::string preset = write_preset(R"({ "switchyard": 1, "name": "live-vsource",
      "inputs": [ { "id": "daw", "channels": 2, "jack": { "connect": [")" + probe.port("out", 1) + R"(", ")" + probe.port("out", 2) + R"("] } },
                  { "id": "desktop", "channels": 2, "pipewire": { "virtual": "sink", "description": "Live Desktop C" } } ],
      "buses": [ { "id": "mix", "channels": 2 } ],
      "outputs": [ { "id": "stream", "channels": 2, "pipewire": { "virtual": "source", "description": "Live Stream Mix" } } ],
      "routes": [ { "from": "daw", "to": "mix" }, { "from": "desktop", "to": "mix", "gain_db": -6.0206 },
                  { "from": "mix", "to": "stream" } ] })");
    const StallWatch watch;
    BackgroundProcess engine = run_engine(preset);
    ASSERT_TRUE(bridges_locked(engine, {"daw"}, 20s)) << engine.output();

    const std::string tone = temp_path(".wav");
    // Long enough for every take (see above; pw-record's start adds to each).
    ASSERT_TRUE(write_tone_wav(tone, 48000, 2, static_cast<double>(kTakeBudget.count()) + 30.0, 1000.0, 0.6));
    BackgroundProcess player({"pw-play", "--target", "switchyard.live-vsource.desktop", tone});
    std::this_thread::sleep_for(1s);
    const std::string wav = temp_path(".wav");
    CommandResult r;
    const Audio heard = take_clean(watch, server_misses(probe), [&] {
        r = run_command("timeout 0.9 pw-record --target switchyard.live-vsource.stream --rate 48000 --channels 2 "
                        "--format f32 " + shell_quote(wav));
        return read_wav(wav);
    }, bridges_settle());
    ASSERT_GT(heard.frames(), 30000u) << r.output;
    const auto l = left(heard);
    const std::span<const float> steady(l.data() + 4800, l.size() - 9600);
    const double daw = fit_sine_near(steady, 440.0, 48000).amplitude;
    const double desktop = fit_sine_near(steady, 1000.0, 48000).amplitude;
    std::cout << "[ figures  ] virtual source: 440 Hz from JACK " << daw << " (want 0.2), 1 kHz from the virtual sink "
              << desktop << " (want 0.3)\n";
    EXPECT_NEAR(daw, 0.2, 0.01);
    EXPECT_NEAR(desktop, 0.3, 0.015);
}

TEST_F(LiveSession, JackServerDeathIsSurvivedAndConnectionsComeBack) {
    const std::string preset = write_preset(R"({ "switchyard": 1, "name": "live-die",
      "inputs": [ { "id": "daw", "channels": 2, "jack": { "connect": [] } } ],
      "outputs": [ { "id": "monitor", "channels": 2, "jack": { "connect": ["system:playback_1", "system:playback_2"] } },
                   { "id": "a", "channels": 2, "pipewire": { "target": "test-sink-a" } } ],
      "routes": [ { "from": "daw", "to": "monitor" }, { "from": "daw", "to": "a" } ] })");
    BackgroundProcess engine = run_engine(preset);
    ASSERT_TRUE(wait_until([] { return jack_connected("live-die:monitor_L", "system:playback_1"); }, 5s)) << engine.output();

    ASSERT_TRUE(kill_jack());
    ASSERT_TRUE(wait_until([&] { return says(engine, "switchyard: jack: lost"); }, 4s)) << engine.output();
    // The hub moves to PipeWire, which still runs: its endpoints play on.
    ASSERT_TRUE(wait_until([&] { return says(engine, "switchyard: hub: pipewire: was jack"); }, 2s)) << engine.output();
    EXPECT_TRUE(engine.running()) << "the engine died with the JACK server:\n" << engine.output();
    // The PipeWire side stays: its node and its link to the sink are still there.
    EXPECT_TRUE(wait_until([] {
        for (const auto& l : pipewire_links()) {
            if (l.input.rfind("test-sink-a:", 0) == 0 && l.output.find("live-die") != std::string::npos) return true;
        }
        return false;
    }, 2s)) << "PipeWire output gone while JACK was down";

    ASSERT_TRUE(restart_jack());
    const auto back = std::chrono::steady_clock::now();
    ASSERT_TRUE(wait_until([] { return jack_connected("live-die:monitor_L", "system:playback_1") &&
                                       jack_connected("live-die:monitor_R", "system:playback_2"); }, 2s))
        << engine.output();
    std::cout << "[ figures  ] connections back "
              << std::chrono::duration<double>(std::chrono::steady_clock::now() - back).count() << " s after the server\n";
    EXPECT_TRUE(engine.running());
}

TEST_F(LiveSession, MissingTargetIsWaitedForThenLinkedWhenItAppears) {
    const std::string node = "late-sink-" + std::to_string(getpid());
    const std::string preset = write_preset(R"({ "switchyard": 1, "name": "live-late",
      "inputs": [ { "id": "daw", "channels": 2, "jack": { "connect": [] } } ],
      "outputs": [ { "id": "late", "channels": 2, "pipewire": { "target": ")" + node + R"(" } } ],
      "routes": [ { "from": "daw", "to": "late" } ] })");
    BackgroundProcess engine = run_engine(preset);
    ASSERT_TRUE(wait_until([&] { return says(engine, "waiting for") && says(engine, node); }, 5s)) << engine.output();

    const auto made = run_command("pw-cli create-node adapter '{ factory.name=support.null-audio-sink node.name=" + node +
                                  " media.class=Audio/Sink audio.position=[FL FR] object.linger=true }'");
    ASSERT_EQ(made.exit_code, 0) << made.output;
    const auto appeared = std::chrono::steady_clock::now();
    EXPECT_TRUE(wait_until([&] {
        for (const auto& l : pipewire_links()) {
            if (l.input.rfind(node + ":", 0) == 0) return true;
        }
        return false;
    }, 2s)) << "no link to " << node << " within 2 s\n" << engine.output();
    std::cout << "[ figures  ] linked " << std::chrono::duration<double>(std::chrono::steady_clock::now() - appeared).count()
              << " s after " << node << " appeared\n";
}

} // namespace
} // namespace sy::test
