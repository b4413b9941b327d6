// `switchyard render --drift ID=PPM` end to end: an endpoint on a clock of its
// own crosses a bridge, deterministically, and the drift is really there.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <random>
#include <vector>

#include "cli_runner.hpp"
#include "router/offline/wav_file.hpp"

namespace sy::router {
namespace {

using test::run_switchyard;
using test::ScratchDir;

const char* kMicPreset = R"({ "switchyard": 1, "name": "mic", "engine": { "rate": 48000, "period": 128 },
  "inputs": [ { "id": "mic", "channels": 1 } ],
  "buses": [ { "id": "mix", "channels": 1 } ],
  "outputs": [ { "id": "out", "channels": 1 }, { "id": "phones", "channels": 2, "rate": 44100 } ],
  "routes": [ { "from": "mic", "to": "mix" }, { "from": "mix", "to": "out" }, { "from": "mix", "to": "phones" } ] })";

std::vector<float> noise(std::size_t n, unsigned seed) {
    std::mt19937 gen(seed);
    std::uniform_real_distribution<float> d(-0.5f, 0.5f);
    std::vector<float> v(n);
    for (auto& x : v) x = d(gen);
    return v;
}

bool same_bits(const Audio& a, const Audio& b) {
    return a.rate == b.rate && a.channels == b.channels && a.samples.size() == b.samples.size() &&
           std::memcmp(a.samples.data(), b.samples.data(), a.samples.size() * sizeof(float)) == 0;
}

Audio read_wav(const std::string& path) {
    AudioRead r = read_audio_file(path);
    EXPECT_EQ(r.error, "");
    return r.audio;
}

// The lag k (in frames, within +-range) at which out[n] best matches in[n + k]
// over the window [at, at + length).
int best_lag(const std::vector<float>& in, const std::vector<float>& out, std::size_t at, std::size_t length,
             int range) {
    int best = 0;
    double best_score = -1e300;
    for (int k = -range; k <= range; ++k) {
        double score = 0;
        for (std::size_t n = at; n < at + length; ++n) {
            score += double(out[n]) * in[static_cast<std::size_t>(static_cast<long>(n) + k)];
        }
        if (score > best_score) best_score = score, best = k;
    }
    return best;
}

TEST(RenderDrift, AMicOn300PpmFastClockKeepsTheLengthAndIsDeterministic) {
    ScratchDir dir;
    const std::string preset = dir.write("p.json", kMicPreset);
    const std::vector<float> mic = noise(4 * 48000 + 77, 11);
    ASSERT_EQ(write_float_wav(dir.file("mic.wav"), Audio{48000, 1, mic}), "");
    const std::string args = "render " + preset + " -q -i mic=" + dir.file("mic.wav") + " --drift mic=300";
    const auto a = run_switchyard(args + " -o out=" + dir.file("a.wav") + " -o phones=" + dir.file("pa.wav"));
    ASSERT_EQ(a.exit_code, 0) << a.output;
    const auto b = run_switchyard(args + " -o out=" + dir.file("b.wav") + " -o phones=" + dir.file("pb.wav"));
    ASSERT_EQ(b.exit_code, 0) << b.output;
    // Sample for sample, bit for bit. (Not the whole files: libsndfile's
    // PEAK chunk in a float WAV carries the second it was written in.)
    const Audio out = read_wav(dir.file("a.wav"));
    EXPECT_TRUE(same_bits(out, read_wav(dir.file("b.wav")))) << "same inputs, different samples";
    EXPECT_TRUE(same_bits(read_wav(dir.file("pa.wav")), read_wav(dir.file("pb.wav"))))
        << "same inputs, different samples";

    // Drift changes the clock, not the length: as long as without it.
    EXPECT_EQ(out.rate, 48000);
    EXPECT_EQ(out.frames(), mic.size());
    const Audio phones = read_wav(dir.file("pa.wav"));
    EXPECT_EQ(phones.rate, 44100);
    EXPECT_EQ(phones.frames(), static_cast<std::size_t>(std::lround(double(mic.size()) * 44100 / 48000)));

    // The mic's clock runs 300 ppm fast, so its file plays faster: what the
    // hub hears at frame n is the file's frame n * (1 + 300e-6). Lined up at
    // the start (the bridge's latency is compensated), 50 frames ahead
    // after 3.5 s.
    const int early = best_lag(mic, out.samples, 24000, 4800, 100);
    const int late = best_lag(mic, out.samples, 168000, 4800, 100);
    const double expected_late = 168000 * 300e-6;
    std::printf("[ figures  ] --drift mic=300: output leads the file by %d frames at 0.5 s, %d at 3.5 s "
                "(expected %.1f)\n",
                early, late, expected_late);
    EXPECT_NEAR(early, 24000 * 300e-6, 2.0);
    EXPECT_NEAR(late, expected_late, 2.0);
}

TEST(RenderDrift, AnOutputOnASlowClockKeepsItsLength) {
    ScratchDir dir;
    const std::string preset = dir.write("p.json", kMicPreset);
    const std::vector<float> mic = noise(48000, 12);
    ASSERT_EQ(write_float_wav(dir.file("mic.wav"), Audio{48000, 1, mic}), "");
    const auto r = run_switchyard("render " + preset + " -q -i mic=" + dir.file("mic.wav") + " -o out=" +
                                  dir.file("o.wav") + " -o phones=" + dir.file("p.wav") +
                                  " --drift phones=-200 --drift out=150");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const Audio out = read_wav(dir.file("o.wav"));
    EXPECT_EQ(out.frames(), mic.size());
    const Audio phones = read_wav(dir.file("p.wav"));
    EXPECT_EQ(phones.channels, 2);
    EXPECT_EQ(phones.frames(), static_cast<std::size_t>(std::lround(double(mic.size()) * 44100 / 48000)));
    double energy = 0;
    for (float x : phones.samples) energy += double(x) * x;
    EXPECT_GT(energy / double(phones.samples.size()), 0.5 * 0.25 / 3) << "the signal did not get through";
}

TEST(RenderDrift, WithoutDriftThePathStaysBitPerfect) {
    ScratchDir dir;
    const std::string preset = dir.write("p.json", kMicPreset);
    const std::vector<float> mic = noise(10000, 13);
    ASSERT_EQ(write_float_wav(dir.file("mic.wav"), Audio{48000, 1, mic}), "");
    // A drifting output elsewhere in the preset leaves this path alone.
    const auto r = run_switchyard("render " + preset + " -q -i mic=" + dir.file("mic.wav") + " -o out=" +
                                  dir.file("o.wav") + " -o phones=" + dir.file("p.wav") + " --drift phones=100");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const Audio out = read_wav(dir.file("o.wav"));
    ASSERT_EQ(out.samples.size(), mic.size());
    EXPECT_EQ(out.samples, mic);
}

TEST(RenderDrift, AnUnknownOrBadDriftFailsAndWritesNothing) {
    ScratchDir dir;
    const std::string preset = dir.write("p.json", kMicPreset);
    ASSERT_EQ(write_float_wav(dir.file("mic.wav"), Audio{48000, 1, noise(4800, 14)}), "");
    const std::string base = "render " + preset + " -i mic=" + dir.file("mic.wav") + " -o out=" + dir.file("o.wav");
    struct Case {
        const char* drift;
        const char* says;
    };
    for (const Case& c : {Case{"nope=300", "--drift nope: the preset has no endpoint \"nope\""},
                          Case{"mix=10", "--drift mix: \"mix\" is a bus"},
                          Case{"mic=5000", "--drift mic: 5000 ppm is beyond +-1000 ppm"},
                          Case{"mic=10 --drift mic=20", "--drift mic: named twice"}}) {
        const auto r = run_switchyard(base + " --drift " + c.drift);
        EXPECT_EQ(r.exit_code, 1) << c.drift << ": " << r.output;
        EXPECT_NE(r.output.find(c.says), std::string::npos) << c.drift << ": " << r.output;
        EXPECT_FALSE(std::filesystem::exists(dir.file("o.wav"))) << c.drift;
    }
    const auto usage = run_switchyard(base + " --drift mic=fast");
    EXPECT_EQ(usage.exit_code, 2) << usage.output;
    EXPECT_FALSE(std::filesystem::exists(dir.file("o.wav")));
}

} // namespace
} // namespace sy::router
