// The built-in denoiser on speech: espeak-ng says two sentences with steady
// white noise under them and pauses between; the noise in the pauses must
// fall by at least 10 dB while the speech keeps its level within 2 dB, and
// the output must lag the input by exactly the latency the denoiser reports.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <span>

#include "dsp/offline_resample.hpp"
#include "fx/denoiser.hpp"
#include "router/offline/wav_file.hpp"

namespace sy::fx {
namespace {

constexpr int kRate = 48000;

// espeak-ng's voice at 48 kHz, its peak at -6 dBFS.
std::vector<float> say(const std::string& text) {
    const auto path = std::filesystem::temp_directory_path() / ("sy-speech-" + std::to_string(::getpid()) + ".wav");
    const std::string cmd = "espeak-ng -w '" + path.string() + "' '" + text + "'";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << "espeak-ng is not installed (scripts/install-deps.sh installs it)";
    const auto read = router::read_audio_file(path.string());
    std::filesystem::remove(path);
    EXPECT_TRUE(read.error.empty()) << read.error;
    if (!read.error.empty() || read.audio.channels != 1) return {};
    auto resampler = dsp::make_resampler(dsp::default_resampler_lib(), dsp::Quality::Best, 1, read.audio.rate, kRate);
    const auto frames = static_cast<std::size_t>(std::llround(read.audio.frames() * double(kRate) / read.audio.rate));
    auto speech = dsp::offline_resample(*resampler, read.audio.samples, frames);
    float peak = 0.0f;
    for (float x : speech) peak = std::max(peak, std::fabs(x));
    for (float& x : speech) x *= 0.5f / peak;
    return speech;
}

struct Take {
    std::vector<float> in, out;
    std::vector<std::pair<std::size_t, std::size_t>> speech, pauses; // [begin, end) in input samples
    int latency = 0;
};

// 1 s of noise alone (the suppressor learns it), then each sentence
// followed by 1.5 s of noise alone; noise at -50 dBFS RMS throughout.
Take record(const std::string& level) {
    Take t;
    std::vector<float> one = say("The quick brown fox jumps over the lazy dog.");
    std::vector<float> two = say("Switchyard routes every stream where it should go.");
    const std::size_t pause = kRate * 3 / 2;
    t.in.assign(kRate, 0.0f);
    for (const auto* s : {&one, &two}) {
        t.speech.push_back({t.in.size(), t.in.size() + s->size()});
        t.in.insert(t.in.end(), s->begin(), s->end());
        t.pauses.push_back({t.in.size() + kRate / 2, t.in.size() + pause});
        t.in.insert(t.in.end(), pause, 0.0f);
    }
    std::mt19937 random(7);
    std::normal_distribution<float> noise(0.0f, std::pow(10.0f, -50.0f / 20.0f));
    for (float& x : t.in) x += noise(random);

    std::string error;
    auto denoiser = Denoiser::make(1, kRate, error);
    EXPECT_TRUE(denoiser) << error;
    if (!denoiser) return t;
    EXPECT_TRUE(denoiser->set_control("level", level, error)) << error;
    t.latency = denoiser->latency_frames();
    t.out.assign(t.in.size(), 0.0f);
    for (std::size_t at = 0; at + 256 <= t.in.size(); at += 256) {
        const float* in = t.in.data() + at;
        float* out = t.out.data() + at;
        denoiser->run(&in, &out, 256);
    }
    return t;
}

// RMS in dB of x[begin + shift, end + shift).
double level_db(const std::vector<float>& x, std::pair<std::size_t, std::size_t> span, std::size_t shift = 0) {
    double sum = 0.0;
    for (std::size_t i = span.first + shift; i < span.second + shift && i < x.size(); ++i) sum += double(x[i]) * x[i];
    return 10.0 * std::log10(sum / double(span.second - span.first) + 1e-30);
}

TEST(DenoiserTest, LowersTheNoiseInPausesAndKeepsTheSpeech) {
    const Take t = record("high");
    ASSERT_FALSE(t.out.empty());
    const auto lag = static_cast<std::size_t>(t.latency);
    for (const auto& p : t.pauses) {
        const double in = level_db(t.in, p), out = level_db(t.out, p, lag);
        std::cout << "[ figures  ] pause: noise " << in << " dB in, " << out << " dB out\n";
        EXPECT_LE(out, in - 10.0);
    }
    for (const auto& s : t.speech) {
        const double in = level_db(t.in, s), out = level_db(t.out, s, lag);
        std::cout << "[ figures  ] speech: " << in << " dB in, " << out << " dB out\n";
        EXPECT_NEAR(out, in, 2.0);
    }
}

// The output is the input delayed by the latency reported, in both bands:
// the cross-correlation of input and output peaks there, and so does that
// of their first differences, which weigh the band above 8 kHz.
TEST(DenoiserTest, LinesUpItsBandsAtTheLatencyItReports) {
    const Take t = record("low");
    ASSERT_FALSE(t.out.empty());
    const auto& s = t.speech[0];
    auto best_lag = [&](bool differences) {
        double best = -1e30;
        int at = -1;
        for (int lag = 0; lag < 2 * t.latency; ++lag) {
            double sum = 0.0;
            for (std::size_t i = s.first + 1; i < s.second; ++i) {
                const std::size_t j = i + static_cast<std::size_t>(lag);
                const double a = differences ? t.in[i] - t.in[i - 1] : t.in[i];
                const double b = differences ? t.out[j] - t.out[j - 1] : t.out[j];
                sum += a * b;
            }
            if (sum > best) best = sum, at = lag;
        }
        return at;
    };
    EXPECT_NEAR(best_lag(false), t.latency, 1);
    EXPECT_NEAR(best_lag(true), t.latency, 1);
}

TEST(DenoiserTest, RefusesALevelItDoesNotHave) {
    std::string why;
    auto d = Denoiser::make(1, kRate, why);
    ASSERT_TRUE(d) << why;
    EXPECT_FALSE(d->set_control("level", std::string("max"), why));
    EXPECT_NE(why.find("\"low\", \"moderate\", \"high\" or \"very-high\""), std::string::npos) << why;
    EXPECT_FALSE(d->set_control("amount", 3.0, why));
}

} // namespace
} // namespace sy::fx
