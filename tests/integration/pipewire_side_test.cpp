// Switchyard's PipeWire side against the real PipeWire of the test servers:
// tones reach target sinks at the right level and pitch, virtual sinks and
// sources work for native, PulseAudio and JACK clients, a target that comes
// late (or comes back) gets linked, the nodes carry the names people see,
// the process callback keeps the real-time rule, and a pass-through adds no
// quantum of its own.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <span>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

#include <nlohmann/json.hpp>

#include "router/pipewire/side.hpp"
#include "pw_dump.hpp"
#include "test_servers.hpp"
#include "tests/rt/alloc_counter.hpp"

namespace sy::test {

// Stand-ins for when tests/rt/alloc_counter.cpp is not linked into this
// program: the real (strong) definitions win when it is; without it the
// real-time test skips instead of the program failing to link.
__attribute__((weak)) bool rt_hooks_installed() { return false; }
__attribute__((weak)) void arm_rt_counter() {}
__attribute__((weak)) RtViolations disarm_rt_counter() { return {}; }

namespace {

using namespace std::chrono_literals;
using router::IoTable;
using router::PipewireEndpoint;
using router::PipewireEndpointStatus;
using router::PipewireSide;

// What the process callback does and what it saw, shared with the test.
// Rows are fixed before start(); the audio thread writes the atomics.
struct Probe {
    static constexpr int kRows = 8;
    PipewireSide* side = nullptr;
    double hz = 1000.0;
    float amplitude = 0.5f;
    int tone_rows[kRows] = {}; // output rows that get the tone
    int tone_count = 0;
    int measure_row = -1;             // input row whose channel 0 is measured
    int copy_from = -1, copy_to = -1; // pass-through rows (every channel)
    int copy_channels = 2;
    bool count_rt = false;
    std::atomic<bool> allocate_once{false}; // the counter's self-check: one deliberate allocation

    // Audio thread only.
    double phase = 0.0;
    bool armed = false;
    bool last_positive = false;
    int seen_generation = 0;
    float window_peak = 0.0f;

    // Published by the audio thread.
    std::atomic<int> generation{0};          // the test bumps it to restart the window
    std::atomic<float> peak{0.0f};           // largest |x| of the measured row since the window began
    std::atomic<std::uint64_t> frames{0};    // measured frames since the window began
    std::atomic<std::uint64_t> crossings{0}; // upward zero crossings since the window began
    std::atomic<std::uint64_t> rt_cycles{0};
    std::atomic<std::uint64_t> allocations{0}, frees{0}, locks{0};

    void restart_window() { generation.fetch_add(1); }
    // Frequency of the measured row over the window, at the graph rate.
    double measured_hz() const {
        const auto n = frames.load();
        return n ? static_cast<double>(crossings.load()) * side->rate() / static_cast<double>(n) : 0.0;
    }
};

void probe_process(void* user, int frames, const IoTable& io, double) {
    // audio thread only
    auto& p = *static_cast<Probe*>(user);
    if (p.armed) {
        // Everything since the end of the previous cycle: PipeWire's data
        // loop, PipewireNode's process callback and this one up to here.
        const RtViolations v = disarm_rt_counter();
        p.armed = false;
        p.allocations.fetch_add(v.allocations, std::memory_order_relaxed);
        p.frees.fetch_add(v.frees, std::memory_order_relaxed);
        p.locks.fetch_add(v.locks, std::memory_order_relaxed);
        p.rt_cycles.fetch_add(1, std::memory_order_relaxed);
    }
    const int rate = p.side->rate() > 0 ? p.side->rate() : 48000;
    const double step = 2.0 * std::numbers::pi * p.hz / rate;
    for (int t = 0; t < p.tone_count; ++t) {
        const auto& row = io.channel[static_cast<std::size_t>(p.tone_rows[t])];
        for (int i = 0; i < frames; ++i) {
            const float x = p.amplitude * static_cast<float>(std::sin(p.phase + step * i));
            for (float* out : row)
                if (out) out[i] = x;
        }
    }
    p.phase = std::fmod(p.phase + step * frames, 2.0 * std::numbers::pi);
    if (p.copy_from >= 0) {
        for (int c = 0; c < p.copy_channels; ++c) {
            const float* in = io.channel[static_cast<std::size_t>(p.copy_from)][static_cast<std::size_t>(c)];
            float* out = io.channel[static_cast<std::size_t>(p.copy_to)][static_cast<std::size_t>(c)];
            if (!out) continue;
            for (int i = 0; i < frames; ++i) out[i] = in ? in[i] : 0.0f;
        }
    }
    if (p.measure_row >= 0) {
        const int generation = p.generation.load(std::memory_order_relaxed);
        if (generation != p.seen_generation) {
            p.seen_generation = generation;
            p.window_peak = 0.0f;
            p.frames.store(0, std::memory_order_relaxed);
            p.crossings.store(0, std::memory_order_relaxed);
        }
        if (const float* in = io.channel[static_cast<std::size_t>(p.measure_row)][0]) {
            std::uint64_t up = 0;
            for (int i = 0; i < frames; ++i) {
                p.window_peak = std::fmax(p.window_peak, std::fabs(in[i]));
                const bool positive = in[i] > 0.0f;
                if (positive && !p.last_positive) ++up;
                p.last_positive = positive;
            }
            p.peak.store(p.window_peak, std::memory_order_relaxed);
            p.crossings.fetch_add(up, std::memory_order_relaxed);
            p.frames.fetch_add(static_cast<std::uint64_t>(frames), std::memory_order_relaxed);
        }
    }
    if (p.count_rt) {
        arm_rt_counter();
        p.armed = true;
        if (p.allocate_once.exchange(false)) {
            // Deliberately breaks the rule once, inside the counted window, to
            // prove the counter sees this thread.
            auto* volatile x = new int(frames);
            delete x;
        }
    }
}

PipewireEndpoint target_output(const std::string& id, int slot, const std::string& target) {
    return {id, false, 2, slot, {target, "", ""}};
}
PipewireEndpoint virtual_sink(const std::string& id, int slot, const std::string& description) {
    return {id, true, 2, slot, {"", "sink", description}};
}
PipewireEndpoint virtual_source(const std::string& id, int slot, const std::string& description) {
    return {id, false, 2, slot, {"", "source", description}};
}
PipewireEndpoint plain(const std::string& id, bool input, int channels, int slot) {
    return {id, input, channels, slot, {"", "", ""}};
}

// A preset name of our own per test and process, so nothing collides with
// another test or a second run on the same servers.
std::string preset_name(const std::string& what) { return "pwtest-" + what + "-" + std::to_string(getpid()); }

PipewireEndpointStatus status_of(const PipewireSide& side, const std::string& id) {
    for (const auto& s : side.status())
        if (s.id == id) return s;
    return {id, "no such endpoint", false, "", 0, 0, {}};
}

bool wait_ready(const PipewireSide& side, const std::string& id, std::chrono::milliseconds timeout = 5s) {
    return wait_until([&] { return status_of(side, id).ready; }, timeout, 10ms);
}

std::string describe(const PipewireSide& side) {
    std::string text;
    for (const auto& s : side.status())
        text += "  " + s.id + ": " + s.state + " (" + std::to_string(s.links) + "/" + std::to_string(s.wanted) + ")\n";
    return text;
}

// Upward zero crossings per second of one channel.
double tone_hz(std::span<const float> signal, int rate) {
    std::uint64_t up = 0;
    for (std::size_t i = 1; i < signal.size(); ++i)
        if (signal[i] > 0.0f && signal[i - 1] <= 0.0f) ++up;
    return signal.empty() ? 0.0 : static_cast<double>(up) * rate / static_cast<double>(signal.size());
}

// The steady part of a recorded tone: from `settle` frames past its onset
// to the end. Empty when the tone never arrived.
std::span<const float> steady_part(const std::vector<float>& signal, double threshold, long settle) {
    const long onset = first_above(signal, threshold);
    if (onset < 0 || static_cast<std::size_t>(onset + settle) >= signal.size()) return {};
    return std::span<const float>(signal).subspan(static_cast<std::size_t>(onset + settle));
}

// A null sink made by another client with object.linger=true, as a device
// that turns up after Switchyard started; destroyed by its id at the end.
class LateSink {
public:
    explicit LateSink(std::string name) : name_(std::move(name)) {}
    ~LateSink() { remove(); }
    const std::string& name() const { return name_; }
    bool create() {
        const auto r =
            run_command("pw-cli create-node adapter '{ factory.name=support.null-audio-sink node.name=" + name_ +
                        " node.description=\"Late Sink\" media.class=Audio/Sink object.linger=true"
                        " audio.position=[ FL FR ] }'");
        if (r.exit_code != 0) ADD_FAILURE() << "pw-cli create-node: " << r.output;
        return r.exit_code == 0;
    }
    void remove() {
        for (int id : node_ids(name_)) run_command("pw-cli destroy " + std::to_string(id));
    }

private:
    std::string name_;
};

class PipewireSideTest : public ServersTest {
protected:
    void TearDown() override { side.stop(); }

    // Starts the side with `endpoints`; the probe's side pointer is set.
    void start(const std::string& what, std::vector<PipewireEndpoint> endpoints) {
        preset = preset_name(what);
        probe.side = &side;
        const std::string error = side.start(preset, std::move(endpoints), &probe_process, &probe);
        ASSERT_EQ(error, "") << "start failed";
        ASSERT_TRUE(side.running());
    }

    Probe probe;
    PipewireSide side;
    std::string preset;
};

// ---- playing to a target ---------------------------------------------------

TEST_F(PipewireSideTest, ToneToATargetSinkArrivesWithItsLevelAndPitch) {
    probe.tone_rows[probe.tone_count++] = 0;
    start("target-a", {target_output("out", 0, "test-sink-a")});
    ASSERT_TRUE(wait_ready(side, "out")) << describe(side);
    EXPECT_EQ(status_of(side, "out").state, "linked to test-sink-a");
    EXPECT_TRUE(pipewire_linked(side.node_name() + ":out_FL", "test-sink-a:playback_FL"));
    EXPECT_TRUE(pipewire_linked(side.node_name() + ":out_FR", "test-sink-a:playback_FR"));

    const std::string path = record_sink("test-sink-a", 1.0);
    ASSERT_FALSE(path.empty());
    const Audio audio = read_wav(path);
    std::filesystem::remove(path);
    const auto left = channel(audio, 0);
    const auto steady = steady_part(left, 0.25, 480);
    ASSERT_GT(steady.size(), 9600u) << "less than 200 ms of tone; peak " << to_db(peak(audio)) << " dBFS";
    EXPECT_NEAR(to_db(peak(steady)), to_db(0.5), 0.1) << "peak in dBFS";
    EXPECT_NEAR(to_db(rms(steady)), to_db(0.5 / std::numbers::sqrt2), 0.1) << "RMS in dBFS";
    EXPECT_NEAR(tone_hz(steady, audio.rate), 1000.0, 5.0) << "Hz";
    EXPECT_NEAR(to_db(peak(channel(audio, 1))), to_db(0.5), 0.1) << "right channel peak in dBFS";
    EXPECT_EQ(side.rate(), 48000);
    EXPECT_GT(side.quantum(), 0);
    EXPECT_GT(side.cycles(), 10u);
}

TEST_F(PipewireSideTest, ToneToA44kTargetIsResampledByPipeWire) {
    probe.tone_rows[probe.tone_count++] = 0;
    start("target-b", {target_output("out", 0, "test-sink-b")});
    ASSERT_TRUE(wait_ready(side, "out")) << describe(side);
    const std::string path = record_sink("test-sink-b", 1.0, 44100);
    ASSERT_FALSE(path.empty());
    const Audio audio = read_wav(path);
    std::filesystem::remove(path);
    ASSERT_EQ(audio.rate, 44100);
    const auto left = channel(audio, 0);
    // Resampled twice (48 -> 44.1 kHz into the sink, back for the recording
    // at the graph rate): let the onset's ringing pass.
    const auto steady = steady_part(left, 0.25, 2000);
    ASSERT_GT(steady.size(), 8820u) << "less than 200 ms of tone; peak " << to_db(peak(audio)) << " dBFS";
    EXPECT_NEAR(to_db(peak(steady)), to_db(0.5), 0.2) << "peak in dBFS";
    EXPECT_NEAR(to_db(rms(steady)), to_db(0.5 / std::numbers::sqrt2), 0.2) << "RMS in dBFS";
    EXPECT_NEAR(tone_hz(steady, audio.rate), 1000.0, 5.0) << "Hz";
}

TEST_F(PipewireSideTest, AnInputWithASinkAsTargetCapturesItsMonitor) {
    probe.measure_row = 4;
    start("capture", {{"mon", true, 2, 4, {"test-sink-a", "", ""}}});
    ASSERT_TRUE(wait_ready(side, "mon")) << describe(side);
    EXPECT_TRUE(pipewire_linked("test-sink-a:monitor_FL", side.node_name() + ":mon_FL"));
    EXPECT_TRUE(pipewire_linked("test-sink-a:monitor_FR", side.node_name() + ":mon_FR"));

    const std::string tone = temp_path(".wav");
    ASSERT_TRUE(write_tone_wav(tone, 48000, 2, 3.0, 440.0, 0.25));
    BackgroundProcess player({"pw-play", "--target", "test-sink-a", tone});
    ASSERT_TRUE(wait_until([&] { return probe.peak.load() > 0.1f; }, 5s))
        << "the tone played into test-sink-a never reached the callback; " << describe(side);
    std::this_thread::sleep_for(50ms);
    probe.restart_window();
    std::this_thread::sleep_for(500ms);
    player.stop();
    std::filesystem::remove(tone);
    EXPECT_NEAR(to_db(probe.peak.load()), to_db(0.25), 0.1) << "peak in dBFS inside the callback";
    EXPECT_NEAR(probe.measured_hz(), 440.0, 5.0) << "Hz inside the callback";
}

// ---- virtual devices -------------------------------------------------------

TEST_F(PipewireSideTest, PlaybackIntoTheVirtualSinkReachesTheProcessInput) {
    probe.measure_row = 3;
    start("vsink", {virtual_sink("desktop", 3, "Switchyard Desktop")});
    ASSERT_TRUE(wait_ready(side, "desktop")) << describe(side);
    const std::string sink = side.node_name() + ".desktop";
    EXPECT_EQ(status_of(side, "desktop").state, "virtual sink " + sink);

    const std::string tone = temp_path(".wav");
    ASSERT_TRUE(write_tone_wav(tone, 48000, 2, 3.0, 440.0, 0.25));
    BackgroundProcess player({"pw-play", "--target", sink, tone});
    ASSERT_TRUE(wait_until([&] { return probe.peak.load() > 0.1f; }, 5s))
        << "pw-play's tone never reached the process callback; " << describe(side);
    std::this_thread::sleep_for(50ms);
    probe.restart_window();
    std::this_thread::sleep_for(700ms);
    player.stop();
    std::filesystem::remove(tone);
    EXPECT_NEAR(to_db(probe.peak.load()), to_db(0.25), 0.1) << "peak in dBFS inside the callback";
    EXPECT_NEAR(probe.measured_hz(), 440.0, 5.0) << "Hz inside the callback over " << probe.frames.load() << " frames";
}

TEST_F(PipewireSideTest, RecordingTheVirtualSourceGetsWhatTheProcessWrites) {
    probe.tone_rows[probe.tone_count++] = 5;
    start("vsource", {virtual_source("obs", 5, "Switchyard Stream Mix")});
    ASSERT_TRUE(wait_ready(side, "obs")) << describe(side);
    const std::string source = side.node_name() + ".obs";
    EXPECT_EQ(status_of(side, "obs").state, "virtual source " + source);

    const std::string path = temp_path(".wav");
    const auto r = run_command("timeout -s INT 1.5 pw-record --target " + shell_quote(source) +
                               " --rate 48000 --channels 2 --format f32 " + shell_quote(path));
    ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 124) << r.output;
    const Audio audio = read_wav(path);
    std::filesystem::remove(path);
    const auto left = channel(audio, 0);
    const auto steady = steady_part(left, 0.25, 480);
    ASSERT_GT(steady.size(), 9600u) << "less than 200 ms of tone from " << source << "; peak " << to_db(peak(audio))
                                    << " dBFS";
    EXPECT_NEAR(to_db(peak(steady)), to_db(0.5), 0.1) << "peak in dBFS";
    EXPECT_NEAR(tone_hz(steady, audio.rate), 1000.0, 5.0) << "Hz";
}

TEST_F(PipewireSideTest, PulseAudioClientsSeeAndUseTheVirtualDevices) {
    probe.measure_row = 0;
    probe.tone_rows[probe.tone_count++] = 1;
    start("pulse",
          {virtual_sink("desktop", 0, "Switchyard Desktop"), virtual_source("obs", 1, "Switchyard Stream Mix")});
    ASSERT_TRUE(wait_ready(side, "desktop")) << describe(side);
    ASSERT_TRUE(wait_ready(side, "obs")) << describe(side);
    const std::string sink = side.node_name() + ".desktop", source = side.node_name() + ".obs";

    const auto sinks = run_command("pactl list short sinks");
    EXPECT_NE(sinks.output.find(sink), std::string::npos) << sinks.output;
    const auto sources = run_command("pactl list short sources");
    EXPECT_NE(sources.output.find(source + "\t"), std::string::npos) << "the virtual source itself, not a monitor:\n"
                                                                     << sources.output;
    const auto long_sinks = run_command("pactl list sinks");
    EXPECT_NE(long_sinks.output.find("Description: Switchyard Desktop"), std::string::npos) << long_sinks.output;
    const auto long_sources = run_command("pactl list sources");
    EXPECT_NE(long_sources.output.find("Description: Switchyard Stream Mix"), std::string::npos);

    // paplay into the sink reaches the callback.
    const std::string tone = temp_path(".wav");
    ASSERT_TRUE(write_tone_wav(tone, 48000, 2, 3.0, 440.0, 0.25));
    BackgroundProcess player({"paplay", "--device=" + sink, tone});
    ASSERT_TRUE(wait_until([&] { return probe.peak.load() > 0.1f; }, 5s))
        << "paplay's tone never reached the process callback; " << describe(side);
    std::this_thread::sleep_for(50ms);
    probe.restart_window();
    std::this_thread::sleep_for(500ms);
    player.stop();
    std::filesystem::remove(tone);
    EXPECT_NEAR(to_db(probe.peak.load()), to_db(0.25), 0.1) << "peak in dBFS inside the callback";
    EXPECT_NEAR(probe.measured_hz(), 440.0, 5.0) << "Hz inside the callback";

    // parecord from the source gets the callback's tone.
    const std::string path = temp_path(".wav");
    // Without a small latency parecord buffers 64 k samples before it writes.
    const auto r = run_command("timeout -s INT 1.5 parecord --latency-msec=20 --device=" + shell_quote(source) +
                               " --file-format=wav --format=float32le --rate=48000 --channels=2 " + shell_quote(path));
    ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 124) << r.output;
    const Audio audio = read_wav(path);
    std::filesystem::remove(path);
    const auto steady = steady_part(channel(audio, 0), 0.25, 480);
    ASSERT_GT(steady.size(), 4800u) << "less than 100 ms of tone from parecord; peak " << to_db(peak(audio)) << " dBFS";
    EXPECT_NEAR(to_db(peak(steady)), to_db(0.5), 0.1) << "peak in dBFS";
    EXPECT_NEAR(tone_hz(steady, audio.rate), 1000.0, 5.0) << "Hz";
}

TEST_F(PipewireSideTest, JackClientsSeeTheNodeAndTheVirtualDevices) {
    start("jack", {virtual_sink("desktop", 0, "Switchyard Desktop"), plain("aux", false, 1, 1)});
    ASSERT_TRUE(wait_ready(side, "desktop")) << describe(side);
    const auto r = run_command("pw-jack jack_lsp");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    // pipewire-jack names clients after node.description.
    const std::string client = "Switchyard (" + preset + ")";
    for (const std::string& port :
         std::vector<std::string>{"Switchyard Desktop:playback_FL", "Switchyard Desktop:monitor_FR",
                                  client + ":desktop_FL", client + ":aux_1"})
        EXPECT_NE(r.output.find(port + "\n"), std::string::npos) << port << " missing from:\n" << r.output;
}

// ---- targets that come and go ----------------------------------------------

TEST_F(PipewireSideTest, AMissingTargetIsWaitedForAndLinkedWhenItAppearsAndComesBack) {
    LateSink late(preset_name("late-sink"));
    start("late", {target_output("out", 0, late.name())});
    std::this_thread::sleep_for(200ms);
    EXPECT_EQ(status_of(side, "out").state, "waiting for node " + late.name());
    EXPECT_FALSE(status_of(side, "out").ready);

    const std::string out_fl = side.node_name() + ":out_FL", out_fr = side.node_name() + ":out_FR";
    for (int round = 1; round <= 2; ++round) {
        const auto t0 = std::chrono::steady_clock::now();
        ASSERT_TRUE(late.create());
        const bool linked = wait_until(
            [&] {
                return status_of(side, "out").ready && pipewire_linked(out_fl, late.name() + ":playback_FL") &&
                       pipewire_linked(out_fr, late.name() + ":playback_FR");
            },
            2s, 10ms);
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        ASSERT_TRUE(linked) << "round " << round << ": not linked within 2 s of pw-cli create-node\n" << describe(side);
        std::printf("[ figure   ] round %d: linked %.0f ms after pw-cli create-node started\n", round, ms);
        RecordProperty("link_ms_round_" + std::to_string(round), static_cast<int>(ms));
        EXPECT_EQ(status_of(side, "out").state, "linked to " + late.name());

        late.remove();
        ASSERT_TRUE(wait_until([&] { return status_of(side, "out").state == "waiting for node " + late.name(); }, 2s))
            << "round " << round << ": the vanished target is not reported\n"
            << describe(side);
    }
}

// ---- the server going away ------------------------------------------------

// A private PipeWire (no session manager) that this test may kill.
BackgroundProcess private_pipewire(const std::string& dir) {
    return BackgroundProcess::shell("env XDG_RUNTIME_DIR=" + shell_quote(dir) + " PIPEWIRE_RUNTIME_DIR=" +
                                    shell_quote(dir) + " XDG_CONFIG_HOME=" + shell_quote(dir + "/config") +
                                    " DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent pipewire");
}

bool answers(const std::string& socket) {
    return run_command("PIPEWIRE_REMOTE=" + shell_quote(socket) + " pw-cli info 0", 5).exit_code == 0;
}

TEST_F(PipewireSideTest, AServerThatDiesIsReportedAndJoinedAgainWhenItReturns) {
    const std::string dir = temp_path("-pipewire");
    std::filesystem::remove(dir); // temp_path made a file; a folder is wanted
    ASSERT_TRUE(std::filesystem::create_directories(dir + "/config"));
    std::filesystem::permissions(dir, std::filesystem::perms::owner_all);
    const std::string socket = dir + "/pipewire-0";
    auto server = std::make_unique<BackgroundProcess>(private_pipewire(dir));
    ASSERT_TRUE(wait_until([&] { return answers(socket); }, 5s)) << server->output();

    side.set_remote(socket);
    probe.tone_rows[probe.tone_count++] = 0;
    start("gone", {plain("out", false, 2, 0)});
    // Nothing is linked, yet the node cycles (node.always-process).
    ASSERT_TRUE(wait_until([&] { return side.cycles() > 10; }, 3s)) << "cycles " << side.cycles();
    EXPECT_EQ(status_of(side, "out").state, "ports");

    server->stop();
    ASSERT_TRUE(wait_until([&] { return !side.running(); }, 3s)) << "the lost server is not noticed";
    EXPECT_EQ(side.server_losses(), 1u);
    EXPECT_EQ(status_of(side, "out").state.rfind("PipeWire server gone", 0), 0u) << status_of(side, "out").state;
    const auto cycles = side.cycles();
    std::this_thread::sleep_for(1100ms);
    EXPECT_FALSE(side.poll()) << "connected to a server that is not there";
    EXPECT_EQ(side.cycles(), cycles) << "the callback ran without a server";

    server = std::make_unique<BackgroundProcess>(private_pipewire(dir));
    ASSERT_TRUE(wait_until([&] { return answers(socket); }, 5s)) << server->output();
    ASSERT_TRUE(wait_until(
        [&] {
            side.poll();
            return side.running();
        },
        5s))
        << "not connected again: " << side.error();
    EXPECT_TRUE(wait_ready(side, "out")) << describe(side);
    EXPECT_TRUE(wait_until([&] { return side.cycles() > cycles + 10; }, 3s)) << "the callback does not run again";
    side.stop();
    server->stop();
    std::filesystem::remove_all(dir);
}

// ---- names ----------------------------------------------------------------

TEST_F(PipewireSideTest, NodesCarryTheirNamesAndDescriptionsAndGoWithSwitchyard) {
    start("names", {virtual_sink("desktop", 0, "Switchyard Desktop"), virtual_source("obs", 1, "Switchyard Stream Mix"),
                    plain("aux", true, 3, 2)});
    ASSERT_TRUE(wait_ready(side, "desktop")) << describe(side);
    ASSERT_TRUE(wait_ready(side, "obs")) << describe(side);
    ASSERT_TRUE(wait_ready(side, "aux")) << describe(side);
    EXPECT_EQ(side.node_name(), "switchyard." + preset);
    EXPECT_EQ(status_of(side, "aux").state, "ports");

    const auto dump = pw_dump();
    const auto self = node_props(dump, "switchyard." + preset);
    ASSERT_FALSE(self.is_null()) << "no node switchyard." << preset;
    EXPECT_FALSE(self.contains("media.class")) << "a session manager would treat it as a device or a stream";
    EXPECT_EQ(self.value("node.always-process", false), true);

    const auto sink = node_props(dump, "switchyard." + preset + ".desktop");
    ASSERT_FALSE(sink.is_null());
    EXPECT_EQ(sink.value("node.description", ""), "Switchyard Desktop");
    EXPECT_EQ(sink.value("media.class", ""), "Audio/Sink");
    EXPECT_EQ(sink.value("object.linger", true), false);
    const auto source = node_props(dump, "switchyard." + preset + ".obs");
    ASSERT_FALSE(source.is_null());
    EXPECT_EQ(source.value("node.description", ""), "Switchyard Stream Mix");
    EXPECT_EQ(source.value("media.class", ""), "Audio/Source/Virtual");
    EXPECT_EQ(source.value("object.linger", true), false);

    // Ports: <id>_FL/_FR for stereo, <id>_1.. otherwise, with their channel.
    std::vector<std::pair<std::string, std::string>> ports; // name, audio.channel
    for (const auto& o : dump) {
        if (o.value("type", "") != "PipeWire:Interface:Port" || o["info"].is_null()) continue;
        const auto& props = o["info"]["props"];
        if (props.value("node.id", -1) == self.value("object.id", -2))
            ports.emplace_back(props.value("port.name", ""), props.value("audio.channel", ""));
    }
    for (const auto& want : std::vector<std::pair<std::string, std::string>>{
             {"desktop_FL", "FL"}, {"desktop_FR", "FR"}, {"obs_FL", "FL"}, {"aux_1", "FL"}, {"aux_3", "LFE"}})
        EXPECT_NE(std::find(ports.begin(), ports.end(), want), ports.end()) << want.first << " (" << want.second << ")";
    EXPECT_EQ(ports.size(), 7u);

    side.stop();
    EXPECT_FALSE(side.running());
    EXPECT_TRUE(wait_until(
        [&] {
            const auto after = pw_dump();
            return node_props(after, "switchyard." + preset).is_null() &&
                   node_props(after, "switchyard." + preset + ".desktop").is_null() &&
                   node_props(after, "switchyard." + preset + ".obs").is_null();
        },
        2s))
        << "the node and the virtual devices outlived stop()";
}

// ---- the real-time rule ----------------------------------------------------

TEST_F(PipewireSideTest, TheProcessCallbackNeitherAllocatesNorLocks) {
    if (!rt_hooks_installed())
        GTEST_SKIP() << "the allocator hooks are not in this program (sanitizer build, or "
                        "tests/rt/alloc_counter.cpp not linked into integration_tests)";
    probe.tone_rows[probe.tone_count++] = 0;
    probe.tone_rows[probe.tone_count++] = 2;
    probe.measure_row = 1;
    start("rt", {target_output("out", 0, "test-sink-a"), virtual_sink("desktop", 1, "Switchyard Desktop"),
                 virtual_source("obs", 2, "Switchyard Stream Mix"), plain("aux", true, 2, 3)});
    ASSERT_TRUE(wait_ready(side, "out")) << describe(side);
    ASSERT_TRUE(wait_ready(side, "desktop")) << describe(side);
    ASSERT_TRUE(wait_ready(side, "obs")) << describe(side);
    // Counting starts once the graph is settled; the window spans everything
    // the data thread does from the end of one callback to the start of the
    // next, PipewireNode's part of the cycle included.
    std::this_thread::sleep_for(200ms);
    probe.count_rt = true;
    const auto deadline = std::chrono::steady_clock::now() + 2s;
    while (std::chrono::steady_clock::now() < deadline) {
        (void)side.status(); // the control thread keeps asking meanwhile
        (void)side.device_latency_frames("out");
        std::this_thread::sleep_for(20ms);
    }
    probe.count_rt = false;
    std::this_thread::sleep_for(100ms);
    const auto cycles = probe.rt_cycles.load();
    std::printf("[ figure   ] %llu cycles counted\n", static_cast<unsigned long long>(cycles));
    EXPECT_GT(cycles, 50u) << "too few cycles were watched";
    EXPECT_EQ(probe.allocations.load(), 0u) << "allocations over " << cycles << " cycles";
    EXPECT_EQ(probe.frees.load(), 0u) << "frees over " << cycles << " cycles";
    EXPECT_EQ(probe.locks.load(), 0u) << "mutex locks over " << cycles << " cycles";

    // The counter does see PipeWire's data thread: one deliberate allocation
    // in the callback is counted.
    probe.count_rt = true;
    std::this_thread::sleep_for(100ms);
    probe.allocate_once = true;
    ASSERT_TRUE(wait_until([&] { return !probe.allocate_once.load(); }, 2s));
    std::this_thread::sleep_for(100ms);
    probe.count_rt = false;
    EXPECT_EQ(probe.allocations.load(), 1u) << "the self-check allocation was not counted";
    EXPECT_EQ(probe.frees.load(), 1u) << "the self-check free was not counted";
}

// ---- latency: a pass-through adds no quantum of its own ---------------------

// Round trip that jack_iodelay (on PipeWire through pw-jack) measures, in
// frames, with its out and in ports linked by `links`; -1 when it found none.
double iodelay_frames(const std::vector<PortLink>& links) {
    const std::string log = temp_path(".txt");
    BackgroundProcess iodelay =
        BackgroundProcess::shell("stdbuf -oL pw-jack jack_iodelay > " + shell_quote(log) + " 2>&1");
    const auto appeared = [] {
        const auto ports = pipewire_output_ports();
        return std::find(ports.begin(), ports.end(), "jack_delay:out") != ports.end();
    };
    if (!wait_until(appeared, 5s)) {
        ADD_FAILURE() << "pw-jack jack_iodelay did not appear";
        return -1;
    }
    for (const auto& l : links) {
        const auto r = run_command("pw-link " + shell_quote(l.output) + " " + shell_quote(l.input));
        if (r.exit_code != 0) ADD_FAILURE() << "pw-link " << l.output << " " << l.input << ": " << r.output;
    }
    double frames = -1;
    wait_until(
        [&] {
            std::ifstream in(log);
            std::string line;
            int found = 0;
            while (std::getline(in, line)) {
                double f = 0;
                if (std::sscanf(line.c_str(), " %lf frames", &f) == 1 &&
                    line.find("total roundtrip") != std::string::npos) {
                    frames = f;
                    ++found;
                }
            }
            return found >= 3; // a few stable reports
        },
        6s, 100ms);
    iodelay.stop();
    std::filesystem::remove(log);
    return frames;
}

TEST_F(PipewireSideTest, APassThroughAddsNoQuantumOfItsOwn) {
    probe.copy_from = 0;
    probe.copy_to = 1;
    start("loop", {plain("in", true, 2, 0), plain("out", false, 2, 1)});
    ASSERT_TRUE(wait_ready(side, "in"));
    ASSERT_TRUE(wait_ready(side, "out"));
    const std::string me = side.node_name();

    // Without Switchyard: jack_iodelay -> test-sink-a -> its monitor -> jack_iodelay.
    const double direct =
        iodelay_frames({{"jack_delay:out", "test-sink-a:playback_FL"}, {"test-sink-a:monitor_FL", "jack_delay:in"}});
    // Through Switchyard's own ports, copied in the callback.
    const double through = iodelay_frames({{"jack_delay:out", me + ":in_FL"}, {me + ":out_FL", "jack_delay:in"}});
    const int quantum = side.quantum();
    std::printf("[ figure   ] quantum %d: direct loop %.1f frames, through Switchyard's ports %.1f frames\n", quantum,
                direct, through);
    RecordProperty("direct_frames", static_cast<int>(direct));
    RecordProperty("through_frames", static_cast<int>(through));
    ASSERT_GT(direct, 0) << "jack_iodelay measured nothing without Switchyard";
    ASSERT_GT(through, 0) << "jack_iodelay measured nothing through Switchyard";
    EXPECT_NEAR(through, direct, 1.0) << "frames; quantum " << quantum;
    EXPECT_NEAR(direct, quantum, 1.0) << "the direct loop is one quantum";
}

// Into the virtual sink, through the callback, out of the virtual source.
// The null sink behind a virtual sink drives its own graph when nothing
// else does, and a driving sink hands its monitor on one cycle late: any
// node reading a driving sink's monitor, a pw-jack pass-through client as
// much as Switchyard, measures one quantum more than a client reading it
// directly (PipeWire 0.3.65). The bound is that quantum, no more.
TEST_F(PipewireSideTest, TheVirtualSinkToSourcePathCostsAtMostTheMonitorsQuantum) {
    probe.copy_from = 0;
    probe.copy_to = 1;
    start("vloop",
          {virtual_sink("desktop", 0, "Switchyard Desktop"), virtual_source("obs", 1, "Switchyard Stream Mix")});
    ASSERT_TRUE(wait_ready(side, "desktop")) << describe(side);
    ASSERT_TRUE(wait_ready(side, "obs")) << describe(side);
    const std::string me = side.node_name();
    const double direct =
        iodelay_frames({{"jack_delay:out", "test-sink-a:playback_FL"}, {"test-sink-a:monitor_FL", "jack_delay:in"}});
    const double virtual_path =
        iodelay_frames({{"jack_delay:out", me + ".desktop:playback_FL"}, {me + ".obs:capture_FL", "jack_delay:in"}});
    const int quantum = side.quantum();
    std::printf(
        "[ figure   ] quantum %d: direct loop %.1f frames, virtual sink -> Switchyard -> virtual source %.1f frames\n",
        quantum, direct, virtual_path);
    RecordProperty("virtual_path_frames", static_cast<int>(virtual_path));
    ASSERT_GT(direct, 0);
    ASSERT_GT(virtual_path, 0) << "jack_iodelay measured nothing through the virtual devices";
    EXPECT_LE(virtual_path, direct + quantum + 1.0) << "frames; quantum " << quantum;
}

// ---- the quantum -----------------------------------------------------------

TEST_F(PipewireSideTest, ARequestedQuantumIsWhatTheNodeRunsAt) {
    side.request_quantum(256, 48000);
    start("quantum", {plain("in", true, 2, 0)});
    EXPECT_TRUE(wait_until([&] { return side.quantum() == 256; }, 3s))
        << "quantum " << side.quantum() << " after asking for 256/48000";
    EXPECT_EQ(side.rate(), 48000);
}

} // namespace
} // namespace sy::test
