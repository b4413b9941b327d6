// Switchyard's PipeWire side against the real PipeWire of the test servers:
// tones reach target sinks at the right level and pitch, and virtual sinks
// and sources work for native, PulseAudio and JACK clients.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <numbers>
#include <string>
#include <thread>
#include <vector>

#include "pipewire_side_support.hpp"
#include "test_servers.hpp"

namespace sy::test {
namespace {

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

} // namespace
} // namespace sy::test
