// `switchyard render` end to end: WAV files in, the preset's graph, WAV files out.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <vector>

#include "cli_runner.hpp"
#include "router/offline/wav_file.hpp"
#include "tests/support/sine_fit.hpp"

namespace sy::router {
namespace {

using test::file_bytes;
using test::run_switchyard;
using test::ScratchDir;

std::vector<float> noise(std::size_t n, unsigned seed) {
    std::mt19937 gen(seed);
    std::uniform_real_distribution<float> d(-1.0f, 1.0f);
    std::vector<float> v(n);
    for (auto& x : v) x = d(gen);
    return v;
}

std::string write_wav(const ScratchDir& dir, const std::string& name, int rate, int channels, std::vector<float> s) {
    const std::string path = dir.file(name);
    EXPECT_EQ(write_float_wav(path, Audio{rate, channels, std::move(s)}), "");
    return path;
}

Audio read_wav(const std::string& path) {
    AudioRead r = read_audio_file(path);
    EXPECT_EQ(r.error, "");
    return r.audio;
}

const char* kPassthrough = R"({ "switchyard": 1, "name": "pass", "engine": { "rate": 48000, "period": 128 },
  "inputs": [ { "id": "in", "channels": 2 } ],
  "outputs": [ { "id": "out", "channels": 2 } ],
  "routes": [ { "from": "in", "to": "out" } ] })";

TEST(Render, PassthroughIsBitPerfect) {
    ScratchDir dir;
    std::vector<float> s = noise(2 * 48000 + 2 * 77, 1); // not a whole number of periods
    s[0] = -0.0f;
    s[1] = 1e-40f; // a denormal
    s[2] = 1.0f;
    s[3] = -1.0f;
    const std::string in = write_wav(dir, "in.wav", 48000, 2, s);
    const auto r = run_switchyard("render " + dir.write("p.json", kPassthrough) + " --input in=" + in +
                                  " --output out=" + dir.file("out.wav"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const Audio out = read_wav(dir.file("out.wav"));
    ASSERT_EQ(out.samples.size(), s.size());
    EXPECT_EQ(out.rate, 48000);
    std::size_t differ = 0;
    for (std::size_t i = 0; i < s.size(); ++i) differ += std::memcmp(&s[i], &out.samples[i], sizeof(float)) != 0;
    EXPECT_EQ(differ, 0u) << differ << " of " << s.size() << " samples are not bit-identical";
}

TEST(Render, PassthroughThroughABusIsBitPerfectToo) {
    ScratchDir dir;
    const std::string preset = dir.write("p.json", R"({ "switchyard": 1, "name": "bus",
      "inputs": [ { "id": "in", "channels": 2 } ], "buses": [ { "id": "b", "channels": 2 } ],
      "outputs": [ { "id": "out", "channels": 2 } ],
      "routes": [ { "from": "in", "to": "b" }, { "from": "b", "to": "out" } ] })");
    std::vector<float> s = noise(2 * 10000, 2);
    const std::string in = write_wav(dir, "in.wav", 48000, 2, s);
    const auto r = run_switchyard("render " + preset + " -i in=" + in + " -o out=" + dir.file("out.wav"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const Audio out = read_wav(dir.file("out.wav"));
    ASSERT_EQ(out.samples.size(), s.size());
    EXPECT_EQ(std::memcmp(out.samples.data(), s.data(), s.size() * sizeof(float)), 0);
}

// Renders noise through `preset` (kPassthrough with one edit) and checks
// that every sample comes out halved.
void expect_halved(const std::string& preset) {
    ScratchDir dir;
    std::vector<float> s = noise(2 * 20000, 3);
    const std::string in = write_wav(dir, "in.wav", 48000, 2, s);
    const auto r = run_switchyard("render " + dir.write("p.json", preset) + " -i in=" + in + " -o out=" + dir.file("o.wav"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const Audio out = read_wav(dir.file("o.wav"));
    ASSERT_EQ(out.samples.size(), s.size());
    double worst = 0;
    for (std::size_t i = 0; i < s.size(); ++i) worst = std::max(worst, std::fabs(double(out.samples[i]) - s[i] * 0.5));
    EXPECT_LE(worst, 1e-6) << "largest error " << worst;
}

TEST(Render, Minus6dBHalvesEverySample) {
    std::string preset = kPassthrough;
    preset.replace(preset.find(R"("to": "out" })"), 13, R"("to": "out", "gain_db": -6.0206 })");
    expect_halved(preset);
}

// A fader set in the preset holds from the first sample: no ramp from 0 dB.
TEST(Render, AnInputFaderHoldsFromTheFirstSample) {
    std::string preset = kPassthrough;
    preset.replace(preset.find(R"("channels": 2 } ],)"), 18, R"("channels": 2, "gain_db": -6.0206 } ],)");
    expect_halved(preset);
}

TEST(Render, TwoInputsAreSummed) {
    ScratchDir dir;
    const std::string preset = dir.write("p.json", R"({ "switchyard": 1, "name": "sum",
      "inputs": [ { "id": "a", "channels": 1 }, { "id": "b", "channels": 1 } ],
      "outputs": [ { "id": "out", "channels": 1 } ],
      "routes": [ { "from": "a", "to": "out" }, { "from": "b", "to": "out" } ] })");
    std::vector<float> a = noise(30000, 4), b = noise(20000, 5); // b is shorter: silence after it ends
    const auto r = run_switchyard("render " + preset + " -i a=" + write_wav(dir, "a.wav", 48000, 1, a) +
                                  " -i b=" + write_wav(dir, "b.wav", 48000, 1, b) + " -o out=" + dir.file("o.wav"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const Audio out = read_wav(dir.file("o.wav"));
    ASSERT_EQ(out.frames(), a.size()) << "as long as the longest input";
    double worst = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const double want = double(a[i]) + (i < b.size() ? double(b[i]) : 0.0);
        worst = std::max(worst, std::fabs(out.samples[i] - want));
    }
    EXPECT_LE(worst, 1e-6) << "largest error " << worst;
}

TEST(Render, MonoFeedsBothChannelsOfStereo) {
    ScratchDir dir;
    const std::string preset = dir.write("p.json", R"({ "switchyard": 1, "name": "up",
      "inputs": [ { "id": "mic", "channels": 1 } ], "outputs": [ { "id": "out", "channels": 2 } ],
      "routes": [ { "from": "mic", "to": "out" } ] })");
    std::vector<float> m = noise(9000, 6);
    const auto r = run_switchyard("render " + preset + " -i mic=" + write_wav(dir, "m.wav", 48000, 1, m) +
                                  " -o out=" + dir.file("o.wav"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const Audio out = read_wav(dir.file("o.wav"));
    ASSERT_EQ(out.channels, 2);
    ASSERT_EQ(out.frames(), m.size());
    std::size_t differ = 0;
    for (std::size_t i = 0; i < m.size(); ++i) differ += out.samples[2 * i] != m[i] || out.samples[2 * i + 1] != m[i];
    EXPECT_EQ(differ, 0u);
}

TEST(Render, Sine44k1To48kKeepsAtLeast90dBSnrAtDefaultQuality) {
    ScratchDir dir;
    const std::size_t n = 44100 * 2;
    std::vector<float> s(n);
    for (std::size_t i = 0; i < n; ++i) s[i] = 0.5f * static_cast<float>(std::sin(2 * M_PI * 1000.0 * double(i) / 44100.0));
    const std::string preset = dir.write("p.json", R"({ "switchyard": 1, "name": "sr",
      "engine": { "rate": 48000, "period": 256 },
      "inputs": [ { "id": "in", "channels": 1 } ], "outputs": [ { "id": "out", "channels": 1 } ],
      "routes": [ { "from": "in", "to": "out" } ] })");
    const auto r = run_switchyard("render " + preset + " -i in=" + write_wav(dir, "s.wav", 44100, 1, s) +
                                  " -o out=" + dir.file("o.wav"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const Audio out = read_wav(dir.file("o.wav"));
    EXPECT_EQ(out.rate, 48000);
    EXPECT_EQ(out.frames(), std::size_t(std::lround(double(n) * 48000 / 44100)));
    // The steady middle: filter edges at the start and end are not the converter's quality.
    std::vector<float> middle(out.samples.begin() + 4800, out.samples.end() - 4800);
    const double snr = test::sine_snr_db(middle, 1000.0, 48000.0);
    std::cout << "[ figures  ] 1 kHz sine 44.1 -> 48 kHz, default quality: SNR " << snr << " dB\n";
    EXPECT_GE(snr, 90.0) << "SNR " << snr << " dB";
    // Delay compensated: the sine's phase at output frame k matches input time k / 48000.
    double best = 0;
    std::size_t at = 0;
    for (std::size_t k = 24000; k < 24000 + 48; ++k) {
        if (out.samples[k] > best) best = out.samples[k], at = k;
    }
    const double t = double(at) / 48000.0;
    const double phase = std::fmod(1000.0 * t, 1.0);
    EXPECT_NEAR(std::min(std::fabs(phase - 0.25), std::fabs(phase - 1.25)), 0.0, 1000.0 / 48000.0 * 1.5)
        << "the peak nearest frame 24000 sits at phase " << phase << " of a cycle";
}

TEST(Render, OutputAtItsOwnRateHasTheRoundedFrameCount) {
    ScratchDir dir;
    const std::string preset = dir.write("p.json", R"({ "switchyard": 1, "name": "out441",
      "inputs": [ { "id": "in", "channels": 2 } ],
      "outputs": [ { "id": "phones", "channels": 2, "rate": 44100, "quality": "best" } ],
      "routes": [ { "from": "in", "to": "phones" } ] })");
    const std::size_t frames = 48011;
    const auto r = run_switchyard("render " + preset + " -i in=" + write_wav(dir, "i.wav", 48000, 2, noise(2 * frames, 7)) +
                                  " -o phones=" + dir.file("o.wav"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const Audio out = read_wav(dir.file("o.wav"));
    EXPECT_EQ(out.rate, 44100);
    EXPECT_EQ(out.frames(), std::size_t(std::lround(double(frames) * 44100 / 48000)));
}

TEST(Render, SameInputsGiveTheSameBytes) {
    ScratchDir dir;
    const std::string preset = std::string(SY_SOURCE_DIR) + "/presets/examples/streaming.json";
    const std::string daw = write_wav(dir, "daw.wav", 48000, 2, noise(2 * 30000, 8));
    const std::string mic = write_wav(dir, "mic.wav", 44100, 1, noise(27000, 9));
    const std::string args = "render " + preset + " -q -i daw=" + daw + " -i mic=" + mic;
    ASSERT_EQ(run_switchyard(args + " -o obs=" + dir.file("a.wav") + " -o phones=" + dir.file("pa.wav")).exit_code, 0);
    ASSERT_EQ(run_switchyard(args + " -o obs=" + dir.file("b.wav") + " -o phones=" + dir.file("pb.wav")).exit_code, 0);
    EXPECT_EQ(file_bytes(dir.file("a.wav")), file_bytes(dir.file("b.wav")));
    EXPECT_EQ(file_bytes(dir.file("pa.wav")), file_bytes(dir.file("pb.wav")));
    EXPECT_GT(file_bytes(dir.file("a.wav")).size(), 100000u);
}

TEST(Render, UnknownIdFailsAndWritesNothing) {
    ScratchDir dir;
    const std::string in = write_wav(dir, "in.wav", 48000, 2, noise(2000, 10));
    const auto r = run_switchyard("render " + dir.write("p.json", kPassthrough) + " -i in=" + in +
                                  " -o out=" + dir.file("o.wav") + " -o nope=" + dir.file("n.wav"));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.output.find("no endpoint \"nope\""), std::string::npos) << r.output;
    EXPECT_FALSE(std::filesystem::exists(dir.file("o.wav")));
    EXPECT_FALSE(std::filesystem::exists(dir.file("n.wav")));
}

TEST(Render, MissingInputFileFails) {
    ScratchDir dir;
    const auto r = run_switchyard("render " + dir.write("p.json", kPassthrough) + " -i in=" + dir.file("none.wav") +
                                  " -o out=" + dir.file("o.wav"));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.output.find("none.wav"), std::string::npos) << r.output;
    EXPECT_FALSE(std::filesystem::exists(dir.file("o.wav")));
}

TEST(Render, ChannelCountMismatchFails) {
    ScratchDir dir;
    const std::string in = write_wav(dir, "mono.wav", 48000, 1, noise(2000, 11));
    const auto r = run_switchyard("render " + dir.write("p.json", kPassthrough) + " -i in=" + in + " -o out=" + dir.file("o.wav"));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.output.find("has 1 channels, the preset's \"in\" has 2"), std::string::npos) << r.output;
    EXPECT_FALSE(std::filesystem::exists(dir.file("o.wav")));
}

TEST(Render, AFailedOutputLeavesEveryOtherFileAsItWas) {
    ScratchDir dir;
    const std::string preset = dir.write("p.json", R"({ "switchyard": 1, "name": "two",
      "inputs": [ { "id": "in", "channels": 1 } ],
      "outputs": [ { "id": "a", "channels": 1 }, { "id": "b", "channels": 1 } ],
      "routes": [ { "from": "in", "to": "a" }, { "from": "in", "to": "b" } ] })");
    dir.write("a.wav", "old contents");
    std::filesystem::create_directory(dir.file("b.wav")); // cannot be replaced by a file
    const auto r = run_switchyard("render " + preset + " -i in=" + write_wav(dir, "in.wav", 48000, 1, noise(1000, 12)) +
                                  " -o a=" + dir.file("a.wav") + " -o b=" + dir.file("b.wav"));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_EQ(file_bytes(dir.file("a.wav")), "old contents");
    std::size_t leftovers = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir.file(""))) {
        leftovers += e.path().filename().string().rfind(".", 0) == 0;
    }
    EXPECT_EQ(leftovers, 0u) << "temporary files left behind";
}

TEST(Render, BadPresetIsReportedWithItsLocation) {
    ScratchDir dir;
    const std::string preset = dir.write("bad.json", "{ \"switchyard\": 1,\n  \"name\": \"x\"\n  \"inputs\": [] }");
    const auto r = run_switchyard("render " + preset + " -i in=x.wav -o out=y.wav");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.output.find("bad.json:3:"), std::string::npos) << r.output;
}

TEST(Render, UsageErrorExitsWith2) {
    EXPECT_EQ(run_switchyard("render").exit_code, 2);
    EXPECT_EQ(run_switchyard("frobnicate").exit_code, 2);
}

} // namespace
} // namespace sy::router
