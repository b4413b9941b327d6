// The test environment itself: every server scripts/test-servers.sh starts
// answers, audio played into a null sink comes back from its monitor, and the
// helpers the other integration tests lean on measure what they claim to.
#include <signal.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <numbers>
#include <string>
#include <vector>

#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "test_servers.hpp"
#include "tests/support/sine_fit.hpp"

namespace sy::test {
namespace {

using namespace std::chrono_literals;

class ServersSmoke : public ServersTest {};

TEST_F(ServersSmoke, JackServerRunsTheDummyBackendAt48k) {
    const auto ports = jack_ports();
    for (const char* port : {"system:playback_1", "system:playback_2", "system:capture_1", "system:capture_2"}) {
        EXPECT_TRUE(jack_port_exists(port)) << port << " missing on JACK server " << jack_server_name()
                                            << "; it has " << ports.size() << " ports";
    }
    const auto rate = run_command("jack_samplerate");
    ASSERT_EQ(rate.exit_code, 0) << rate.output;
    EXPECT_EQ(std::atoi(rate.output.c_str()), 48000) << "jack_samplerate said: " << rate.output;
}

TEST_F(ServersSmoke, JackConnectionsAreListedOnceFromOutputToInput) {
    const auto connect = run_command("jack_connect system:capture_1 system:playback_2");
    ASSERT_EQ(connect.exit_code, 0) << connect.output;
    EXPECT_TRUE(jack_connected("system:capture_1", "system:playback_2"));
    EXPECT_FALSE(jack_connected("system:playback_2", "system:capture_1")) << "direction must be output -> input";
    const auto disconnect = run_command("jack_disconnect system:capture_1 system:playback_2");
    ASSERT_EQ(disconnect.exit_code, 0) << disconnect.output;
    EXPECT_FALSE(jack_connected("system:capture_1", "system:playback_2"));
}

TEST_F(ServersSmoke, JackServerCanBeKilledAndRestartedUnderTheSameName) {
    ASSERT_TRUE(kill_jack());
    EXPECT_TRUE(jack_ports().empty()) << "the JACK server still answers after kill-jack";
    ASSERT_TRUE(restart_jack());
    EXPECT_TRUE(jack_port_exists("system:playback_1")) << "no system:playback_1 after restart-jack";
}

// The two null sinks, as pw-dump describes them.
TEST_F(ServersSmoke, NullSinksExistWithTheirRatesAndNames) {
    const auto dump = run_command("pw-dump 2>/dev/null");
    ASSERT_EQ(dump.exit_code, 0) << dump.output;
    const auto objects = nlohmann::json::parse(dump.output, nullptr, false);
    ASSERT_TRUE(objects.is_array()) << "pw-dump did not print a JSON array";

    struct Expected {
        const char* name;
        const char* description;
        int rate;
    };
    for (const Expected& want : {Expected{"test-sink-a", "Test Sink A", 48000}, Expected{"test-sink-b", "Test Sink B", 44100}}) {
        nlohmann::json props;
        for (const auto& o : objects) {
            auto p = o.value("info", nlohmann::json::object()).value("props", nlohmann::json::object());
            if (o.value("type", "") == "PipeWire:Interface:Node" && p.value("node.name", "") == want.name) {
                props = std::move(p);
            }
        }
        ASSERT_TRUE(props.is_object()) << "no node " << want.name << " in pw-dump";
        EXPECT_EQ(props.value("media.class", ""), "Audio/Sink") << want.name;
        EXPECT_EQ(props.value("node.description", ""), want.description) << want.name;
        EXPECT_EQ(props.value("audio.rate", 0), want.rate) << want.name;
    }
    const auto inputs = pipewire_input_ports();
    const auto outputs = pipewire_output_ports();
    for (const char* port : {"test-sink-a:playback_FL", "test-sink-a:playback_FR", "test-sink-b:playback_FL"}) {
        EXPECT_NE(std::find(inputs.begin(), inputs.end(), port), inputs.end()) << port;
    }
    EXPECT_NE(std::find(outputs.begin(), outputs.end(), "test-sink-a:monitor_FL"), outputs.end());
}

// A -6 dBFS 1 kHz tone played into test-sink-a comes back from its monitor at
// -6 dBFS, and nothing of it reaches test-sink-b.
TEST_F(ServersSmoke, ToneIntoSinkAComesBackFromItsMonitor) {
    const std::string tone = temp_path(".wav");
    ASSERT_TRUE(write_tone_wav(tone, 48000, 2, 4.0, 1000.0, 0.5));
    BackgroundProcess player({"pw-play", "--target", "test-sink-a", tone});
    ASSERT_TRUE(wait_until([] { return pipewire_linked("pw-play:output_FL", "test-sink-a:playback_FL"); }, 5s))
        << "pw-play was not linked to test-sink-a within 5 s; links: " << pipewire_links().size();

    const std::string silent_path = temp_path(".wav");
    BackgroundProcess silent = start_recording("test-sink-b", silent_path, 44100);
    const std::string path = record_sink("test-sink-a", 1.0);
    silent.stop();
    ASSERT_FALSE(path.empty());

    const Audio audio = read_wav(path);
    ASSERT_EQ(audio.rate, 48000);
    ASSERT_EQ(audio.channels, 2);
    EXPECT_GT(audio.frames(), 48000u * 8 / 10) << "asked for 1 s of recording";
    const auto left = channel(audio, 0);
    const long onset = first_above(left, 0.25);
    ASSERT_GE(onset, 0) << "the tone never reached test-sink-a's monitor; peak " << to_db(peak(audio)) << " dBFS";
    // From 10 ms past the onset on, the whole recording is the steady tone.
    ASSERT_GT(left.size(), static_cast<std::size_t>(onset) + 4800) << "less than 100 ms of tone recorded";
    const std::span<const float> steady(left.begin() + onset + 480, left.end());
    EXPECT_NEAR(to_db(peak(steady)), to_db(0.5), 0.1) << "peak in dBFS";
    EXPECT_NEAR(to_db(rms(steady)), to_db(0.5 / std::numbers::sqrt2), 0.1) << "RMS in dBFS";
    EXPECT_NEAR(to_db(peak(channel(audio, 1))), to_db(0.5), 0.1) << "right channel peak in dBFS";

    const Audio other = read_wav(silent_path);
    EXPECT_GT(other.frames(), 0u) << "test-sink-b's recording is empty";
    EXPECT_LT(peak(other), 1e-4) << "sound leaked into test-sink-b: peak " << to_db(peak(other)) << " dBFS";
    std::filesystem::remove(tone);
    std::filesystem::remove(path);
    std::filesystem::remove(silent_path);
}

// pipewire-pulse: a PulseAudio client sees both sinks and can play into one.
TEST_F(ServersSmoke, PulseAudioClientsSeeAndPlayIntoTheSinks) {
    const auto sinks = run_command("pactl list short sinks");
    ASSERT_EQ(sinks.exit_code, 0) << sinks.output;
    EXPECT_NE(sinks.output.find("test-sink-a"), std::string::npos) << sinks.output;
    EXPECT_NE(sinks.output.find("44100Hz"), std::string::npos) << "test-sink-b at 44100 Hz: " << sinks.output;

    const std::string tone = temp_path(".wav");
    ASSERT_TRUE(write_tone_wav(tone, 44100, 2, 4.0, 440.0, 0.25));
    BackgroundProcess player({"paplay", "--device=test-sink-b", tone});
    // pipewire-pulse names its playback nodes after the client's application name.
    ASSERT_TRUE(wait_until(
        [] {
            for (const auto& link : pipewire_links()) {
                if (link.input == "test-sink-b:playback_FL") return true;
            }
            return false;
        },
        5s))
        << "paplay was not linked to test-sink-b within 5 s";
    const std::string path = record_sink("test-sink-b", 1.0, 44100);
    ASSERT_FALSE(path.empty());
    const Audio audio = read_wav(path);
    const auto left = channel(audio, 0);
    const long onset = first_above(left, 0.125);
    ASSERT_GE(onset, 0) << "paplay's tone never reached test-sink-b; peak " << to_db(peak(audio)) << " dBFS";
    // The graph runs at 48 kHz, so this path is resampled 44.1 -> 48 -> 44.1
    // kHz: the tone's hard onset rings (up to +0.6 dB) for a few ms. Measure
    // from 45 ms past the onset. The level is the fitted sine's, not the
    // peak: paplay feeds pipewire-pulse from an ordinary thread, and one
    // late chunk is a step in the tone that rings through the same
    // resamplers (a peak 0.68 dB high was seen); the fit and the RMS hardly
    // notice one step, while a wrong level or pitch moves both.
    ASSERT_GT(left.size(), static_cast<std::size_t>(onset) + 6000) << "less than 140 ms of tone recorded";
    const std::span<const float> steady(left.begin() + onset + 2000, left.end());
    const SineFit fit = fit_sine_near(steady, 440.0, 44100);
    EXPECT_NEAR(to_db(fit.amplitude), to_db(0.25), 0.1) << "440 Hz amplitude in dBFS; SNR " << fit.snr_db << " dB";
    EXPECT_NEAR(to_db(rms(steady)), to_db(0.25 / std::numbers::sqrt2), 0.1) << "RMS in dBFS";
    std::filesystem::remove(tone);
    std::filesystem::remove(path);
}

TEST_F(ServersSmoke, SessionBusAndDisplayAnswer) {
    const auto bus = run_command("dbus-send --session --print-reply --dest=org.freedesktop.DBus / "
                                 "org.freedesktop.DBus.GetId");
    EXPECT_EQ(bus.exit_code, 0) << "private session bus at " << std::getenv("DBUS_SESSION_BUS_ADDRESS") << ": "
                                << bus.output;
    const char* display = std::getenv("DISPLAY");
    ASSERT_NE(display, nullptr) << "DISPLAY is not set";
    EXPECT_TRUE(std::filesystem::exists(std::string("/tmp/.X11-unix/X") + (display + 1)))
        << "no X socket for DISPLAY=" << display;
}

// ---- the helpers themselves (no servers needed) ----------------------------

TEST(TestHelpers, CrossCorrelationFindsTheDelayOfANoiseBurst) {
    std::vector<float> reference(4000);
    unsigned state = 12345;
    for (auto& x : reference) {
        state = state * 1103515245u + 12345u;
        x = static_cast<float>((state >> 16) % 2001) / 1000.0f - 1.0f;
    }
    for (long delay : {0L, 123L, 1500L}) {
        std::vector<float> signal(6000, 0.0f);
        for (std::size_t i = 0; i < reference.size(); ++i) signal[i + static_cast<std::size_t>(delay)] = 0.5f * reference[i];
        const Lag lag = cross_correlation_lag(reference, signal, 2000);
        EXPECT_EQ(lag.frames, delay);
        EXPECT_NEAR(lag.correlation, 1.0, 1e-6) << "delay " << delay;
    }
    // An early signal gives a negative lag.
    std::vector<float> early(reference.begin() + 50, reference.end());
    EXPECT_EQ(cross_correlation_lag(reference, early, 100).frames, -50);
}

TEST(TestHelpers, LevelsOfAKnownSine) {
    const std::string path = temp_path(".wav");
    ASSERT_TRUE(write_tone_wav(path, 48000, 2, 1.0, 1000.0, 0.5));
    const Audio audio = read_wav(path);
    std::filesystem::remove(path);
    ASSERT_EQ(audio.frames(), 48000u);
    EXPECT_NEAR(peak(audio), 0.5, 1e-6);
    EXPECT_NEAR(rms(audio, 1), 0.5 / std::numbers::sqrt2, 1e-4);
    EXPECT_NEAR(to_db(0.5), -6.0206, 1e-3);
    EXPECT_EQ(first_above(channel(audio, 0), 0.49), 11) << "0.5 sin(2 pi i / 48) first reaches 0.49 at i = 11";
}

TEST(TestHelpers, BackgroundProcessStopsByPidAndReportsExitStatus) {
    BackgroundProcess sleeper({"sleep", "30"});
    ASSERT_GT(sleeper.pid(), 0);
    EXPECT_TRUE(sleeper.running());
    EXPECT_EQ(sleeper.stop(), 128 + SIGTERM);
    EXPECT_FALSE(sleeper.running());

    BackgroundProcess echo = BackgroundProcess::shell("sh -c 'echo hello; exit 3' 2>&1");
    EXPECT_EQ(echo.wait_exit(5s), 3);
    EXPECT_EQ(echo.output(), "hello\n");

    EXPECT_NONFATAL_FAILURE(BackgroundProcess({"/nonexistent/program"}), "cannot run /nonexistent/program");
}

TEST(TestHelpers, RunCommandGivesExitCodeOutputAndTimeout) {
    const auto r = run_command("echo out; echo err >&2; exit 7");
    EXPECT_EQ(r.exit_code, 7);
    EXPECT_EQ(r.output, "out\nerr\n");
    EXPECT_EQ(run_command("echo " + shell_quote("it's")).output, "it's\n");
    EXPECT_EQ(run_command("sleep 10", 0.2).exit_code, 124);
}

} // namespace
} // namespace sy::test
