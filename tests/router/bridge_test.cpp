// A bridge between two clocks, held to its figures in simulated time: an hour
// at +-300 ppm and across 44.1 <-> 48 kHz with no dropout after lock, lock
// within 5 s, the fill within half a period; and the signal, the latency, a
// stall of either side and an empty start. (A tone's phase noise under real
// timestamps: bridge_phase_noise_test.cpp.)
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "router/bridge/bridge.hpp"
#include "router/bridge/clock_sim.hpp"
#include "tests/support/sine_fit.hpp"

namespace sy::router {
namespace {

// The hour is the release build's job. Under the sanitizers, which look for
// memory errors and races that do not depend on the length, five simulated
// minutes keep CI's ASan and TSan runs to minutes.
#if defined(SY_SANITIZED)
constexpr double kLongRunSeconds = 300.0;
#else
constexpr double kLongRunSeconds = 3600.0;
#endif

// One second of a 1 kHz sine at `rate`, played round and round: any rate in
// whole hertz holds a whole number of cycles, and copying it costs far less
// than a sin() per frame over an hour.
class SineLoop {
public:
    SineLoop(double rate, double hz) : table_(static_cast<std::size_t>(rate)) {
        for (std::size_t i = 0; i < table_.size(); ++i) {
            table_[i] = 0.5f * static_cast<float>(std::sin(2 * M_PI * hz * double(i) / rate));
        }
    }
    void fill(float* out, int frames) {
        for (int i = 0; i < frames; ++i) {
            out[i] = table_[at_];
            if (++at_ == table_.size()) at_ = 0;
        }
    }

private:
    std::vector<float> table_;
    std::size_t at_ = 0;
};

struct ClockCase {
    const char* name;
    double writer_rate;
    int writer_period;
    double writer_ppm;
    double reader_rate;
    int reader_period;
    double reader_ppm;
};

std::ostream& operator<<(std::ostream& os, const ClockCase& c) { return os << c.name; }

BridgeConfig mono(const ClockCase& c, dsp::Quality quality) {
    BridgeConfig config;
    config.channels = 1;
    config.writer_rate = c.writer_rate;
    config.reader_rate = c.reader_rate;
    config.writer_period = c.writer_period;
    config.reader_period = c.reader_period;
    config.quality = quality;
    return config;
}

// The jitter bound is half a period: of the larger of the two sides, both
// counted in writer frames (the fill's unit).
double larger_period(const BridgeConfig& c) {
    return std::max<double>(c.writer_period, c.reader_period * c.writer_rate / c.reader_rate);
}

class BridgeOverAnHour : public ::testing::TestWithParam<ClockCase> {};

TEST_P(BridgeOverAnHour, LocksWithin5sThenNoDropoutAndFillWithinHalfAPeriod) {
    const ClockCase& c = GetParam();
    // One channel and the fast filter: the loop does not depend on either,
    // and an hour of them is then a few seconds of CPU.
    const BridgeConfig config = mono(c, dsp::Quality::Fast);
    SineLoop sine(c.writer_rate, 1000.0);
    ClockSim sim(config, c.writer_ppm, c.reader_ppm, [&](float* const* ch, int n) { sine.fill(ch[0], n); });
    ASSERT_EQ(sim.bridge().error(), "");
    const auto started = std::chrono::steady_clock::now();
    sim.run_until(kLongRunSeconds);
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    const ClockSimFigures f = sim.figures();
    const BridgeStats s = sim.bridge().stats();
    const double jitter = f.max_error_after_lock / larger_period(config);
    const double expected_ratio = (1 + c.reader_ppm * 1e-6) / (1 + c.writer_ppm * 1e-6);
    std::printf("[ figures  ] %s: lock %.1f s, jitter +-%.3f period, under %llu, over %llu, ratio %.6f "
                "(expected %.6f, spread %.2f ppm; %.0f s simulated in %.1f s)\n",
                c.name, f.first_lock_seconds, jitter, static_cast<unsigned long long>(f.underruns_after_lock),
                static_cast<unsigned long long>(f.overruns_after_lock), f.mean_ratio_after_lock, expected_ratio,
                (f.max_ratio_after_lock - f.min_ratio_after_lock) * 1e6, kLongRunSeconds, wall);

    ASSERT_GE(f.first_lock_seconds, 0.0) << "never locked";
    EXPECT_LE(f.first_lock_seconds, 5.0) << "locked after " << f.first_lock_seconds << " s";
    EXPECT_EQ(f.underruns_after_lock, 0u) << f.underruns_after_lock << " underruns after lock";
    EXPECT_EQ(f.overruns_after_lock, 0u) << f.overruns_after_lock << " overruns after lock";
    EXPECT_EQ(f.lock_losses, 0u) << "lost lock " << f.lock_losses << " times";
    EXPECT_EQ(s.resyncs, 0u) << s.resyncs << " resyncs";
    EXPECT_LE(jitter, 0.5) << "fill strayed " << f.max_error_after_lock << " writer frames from its target";
    EXPECT_TRUE(s.locked());
    EXPECT_NEAR(f.mean_ratio_after_lock, expected_ratio, 1e-6) << "the loop's ratio is not the clocks' ratio";
    EXPECT_NEAR(s.ratio_factor, expected_ratio, 1e-6) << "where the loop ended";
}

INSTANTIATE_TEST_SUITE_P(
    Clocks, BridgeOverAnHour,
    ::testing::Values(ClockCase{"48k+300ppm->48k", 48000, 256, 300, 48000, 256, 0},
                      ClockCase{"48k-300ppm->48k", 48000, 256, -300, 48000, 256, 0},
                      ClockCase{"44.1k+150ppm->48k-50ppm", 44100, 256, 150, 48000, 256, -50},
                      ClockCase{"48k->44.1k+300ppm", 48000, 256, 0, 44100, 256, 300},
                      ClockCase{"48k/1024+300ppm->48k/128 (PipeWire quantum to JACK)", 48000, 1024, 300, 48000, 128,
                                0},
                      ClockCase{"48k/128->44.1k/1024-300ppm (JACK to PipeWire quantum)", 48000, 128, 0, 44100, 1024,
                                -300},
                      ClockCase{"96k/512+200ppm->44.1k/256", 96000, 512, 200, 44100, 256, 0}),
    [](const ::testing::TestParamInfo<ClockCase>& info) { return "case" + std::to_string(info.index); });

// Real callbacks wake late by a varying amount and stamp that time: 1 ms
// late at most, on both sides, a fifth of a 256-frame period at 48 kHz.
TEST(Bridge, TimestampsUpTo1msLateStillGiveNoDropoutAfterLock) {
    const ClockCase c{"48k+300ppm->48k, both 0..1 ms late", 48000, 256, 300, 48000, 256, 0};
    const BridgeConfig config = mono(c, dsp::Quality::Fast);
    ClockSim sim(config, c.writer_ppm, c.reader_ppm);
    sim.set_writer_jitter(0.001);
    sim.set_reader_jitter(0.001);
    // Ten minutes in every build: the mean ratio needs them to settle
    // within 1 ppm under this noise, and they take seconds even under TSan.
    const double seconds = 600.0;
    sim.run_until(seconds);
    const ClockSimFigures f = sim.figures();
    const double jitter = f.max_error_after_lock / larger_period(config);
    std::printf("[ figures  ] %s: lock %.1f s, jitter +-%.3f period, under %llu, over %llu, ratio %.6f "
                "(spread %.1f ppm; %.0f s simulated)\n",
                c.name, f.first_lock_seconds, jitter, static_cast<unsigned long long>(f.underruns_after_lock),
                static_cast<unsigned long long>(f.overruns_after_lock), f.mean_ratio_after_lock,
                (f.max_ratio_after_lock - f.min_ratio_after_lock) * 1e6, seconds);
    ASSERT_GE(f.first_lock_seconds, 0.0) << "never locked";
    EXPECT_LE(f.first_lock_seconds, 5.0);
    EXPECT_EQ(f.underruns_after_lock + f.overruns_after_lock, 0u);
    EXPECT_EQ(f.lock_losses, 0u);
    EXPECT_LE(jitter, 0.5);
    EXPECT_NEAR(f.mean_ratio_after_lock, 1 / (1 + 300e-6), 1e-6);
    // A cent is 578 ppm: the scattered timestamps must not move the pitch
    // audibly, even peak to peak.
    EXPECT_LE(f.max_ratio_after_lock - f.min_ratio_after_lock, 578e-6) << "the ratio wanders";
}

// Two channels with different sines, so that a channel mix-up shows too.
void expect_sines_survive(double writer_rate, double reader_rate) {
    BridgeConfig config;
    config.channels = 2;
    config.writer_rate = writer_rate;
    config.reader_rate = reader_rate;
    std::uint64_t t = 0;
    std::vector<std::vector<float>> out(2);
    ClockSim sim(
        config, 0, 0,
        [&](float* const* ch, int n) {
            for (int i = 0; i < n; ++i, ++t) {
                ch[0][i] = 0.5f * static_cast<float>(std::sin(2 * M_PI * 1000.0 * double(t) / writer_rate));
                ch[1][i] = 0.25f * static_cast<float>(std::sin(2 * M_PI * 3100.0 * double(t) / writer_rate));
            }
        },
        [&](const float* const* ch, int n) {
            for (int c = 0; c < 2; ++c) out[c].insert(out[c].end(), ch[c], ch[c] + n);
        });
    sim.run_until(8.0);
    const double lock = sim.figures().first_lock_seconds;
    ASSERT_GE(lock, 0.0);
    ASSERT_EQ(sim.bridge().stats().underruns, 0u);
    const auto begin = static_cast<std::size_t>((lock + 0.5) * reader_rate);
    const double snr0 = test::fit_sine(std::span(out[0]).subspan(begin), 1000.0, reader_rate).snr_db;
    const double snr1 = test::fit_sine(std::span(out[1]).subspan(begin), 3100.0, reader_rate).snr_db;
    std::printf("[ figures  ] sines through a %g -> %g Hz bridge at 0 ppm after lock: SNR %.1f dB (1 kHz), "
                "%.1f dB (3.1 kHz)\n",
                writer_rate, reader_rate, snr0, snr1);
    EXPECT_GT(snr0, 80.0) << "1 kHz: SNR " << snr0 << " dB";
    EXPECT_GT(snr1, 80.0) << "3.1 kHz: SNR " << snr1 << " dB";
}

TEST(Bridge, SinesSurviveAt0PpmWithSnrAbove80dB) { expect_sines_survive(48000, 48000); }
TEST(Bridge, SinesSurvive44k1To48kWithSnrAbove80dB) { expect_sines_survive(44100, 48000); }

// A click at writer frame i0 comes out where the latency budget says.
void expect_latency_as_reported(double writer_rate, double reader_rate, int writer_period, int reader_period) {
    BridgeConfig config = mono({"", writer_rate, writer_period, 0, reader_rate, reader_period, 0},
                               dsp::Quality::Medium);
    const std::uint64_t click = static_cast<std::uint64_t>(2 * writer_rate) + 17;
    std::uint64_t t = 0;
    std::vector<float> out;
    ClockSim sim(
        config, 0, 0,
        [&](float* const* ch, int n) {
            for (int i = 0; i < n; ++i, ++t) ch[0][i] = t == click ? 1.0f : 0.0f;
        },
        [&](const float* const* ch, int n) { out.insert(out.end(), ch[0], ch[0] + n); });
    sim.run_until(3.0);
    std::size_t peak = 0;
    for (std::size_t i = 1; i < out.size(); ++i) {
        if (std::fabs(out[i]) > std::fabs(out[peak])) peak = i;
    }
    ASSERT_GT(peak, 64u);
    ASSERT_LT(peak + 64, out.size());
    // The first moment of the response finds its centre between frames.
    double area = 0, moment = 0;
    for (std::size_t i = peak - 64; i <= peak + 64; ++i) area += out[i], moment += double(i) * out[i];
    // Writer frame i is captured at i / writer_rate, reader frame j plays at j / reader_rate.
    const double delay = moment / area - double(click) * reader_rate / writer_rate;
    const double reported = sim.bridge().latency_reader_frames();
    std::printf("[ figures  ] %g/%d -> %g/%d: click delayed %.2f reader frames, budget says %.2f\n", writer_rate,
                writer_period, reader_rate, reader_period, delay, reported);
    EXPECT_NEAR(delay, reported, 2.0);
}

TEST(Bridge, LatencyIsTheTargetFillPlusTheResamplerDelay) {
    expect_latency_as_reported(48000, 48000, 256, 256);
    expect_latency_as_reported(44100, 48000, 256, 128);
    expect_latency_as_reported(48000, 44100, 1024, 256);
}

TEST(Bridge, ReadingAnEmptyBridgeGivesSilenceNotGarbage) {
    Bridge bridge(BridgeConfig{});
    std::vector<float> left(256, std::numeric_limits<float>::quiet_NaN()), right = left;
    float* ch[] = {left.data(), right.data()};
    for (int i = 0; i < 10; ++i) bridge.read(ch, 256, 0.001 * i);
    std::size_t nonzero = 0;
    for (std::size_t i = 0; i < left.size(); ++i) nonzero += left[i] != 0.0f || right[i] != 0.0f;
    EXPECT_EQ(nonzero, 0u);
    const BridgeStats s = bridge.stats();
    EXPECT_EQ(s.underruns, 0u) << "no writer yet is a start, not a dropout";
    EXPECT_FALSE(s.locked());
}

TEST(Bridge, AStalledWriterIsCountedThenTheBridgeLocksAgain) {
    ClockCase c{"", 48000, 256, 300, 48000, 256, 0};
    ClockSim sim(mono(c, dsp::Quality::Fast), c.writer_ppm, c.reader_ppm);
    sim.stall_writer(30.0, 30.2);
    sim.run_until(30.0);
    ASSERT_TRUE(sim.bridge().stats().locked());
    sim.run_until(30.2 + 5.0);
    const BridgeStats s = sim.bridge().stats();
    const double relock = sim.figures().last_lock_seconds - 30.2;
    std::printf("[ figures  ] writer stalled 200 ms: %llu underruns, %llu resyncs, locked again %.1f s after\n",
                static_cast<unsigned long long>(s.underruns), static_cast<unsigned long long>(s.resyncs), relock);
    EXPECT_GT(s.underruns, 0u);
    EXPECT_GE(s.resyncs, 1u);
    EXPECT_TRUE(s.locked());
    EXPECT_GT(relock, 0.0);
    EXPECT_LE(relock, 5.0);
    sim.run_until(90.0);
    EXPECT_EQ(sim.bridge().stats().underruns, s.underruns) << "dropouts after relocking";
    EXPECT_TRUE(sim.bridge().stats().locked());
}

TEST(Bridge, AStalledReaderOverrunsThenTheBridgeLocksAgain) {
    ClockCase c{"", 48000, 256, -300, 48000, 256, 0};
    ClockSim sim(mono(c, dsp::Quality::Fast), c.writer_ppm, c.reader_ppm);
    sim.stall_reader(30.0, 30.2);
    sim.run_until(30.0);
    ASSERT_TRUE(sim.bridge().stats().locked());
    sim.run_until(30.2 + 5.0);
    const BridgeStats s = sim.bridge().stats();
    const double relock = sim.figures().last_lock_seconds - 30.2;
    std::printf("[ figures  ] reader stalled 200 ms: %llu overruns, %llu resyncs, locked again %.1f s after\n",
                static_cast<unsigned long long>(s.overruns), static_cast<unsigned long long>(s.resyncs), relock);
    EXPECT_GT(s.overruns, 0u);
    EXPECT_GE(s.resyncs, 1u);
    EXPECT_EQ(s.underruns, 0u);
    EXPECT_TRUE(s.locked());
    EXPECT_LE(relock, 5.0);
}

TEST(Bridge, ResetGoesBackToTheStart) {
    ClockCase c{"", 44100, 256, 200, 48000, 256, 0};
    ClockSim sim(mono(c, dsp::Quality::Fast), c.writer_ppm, c.reader_ppm);
    sim.run_until(5.0);
    ASSERT_TRUE(sim.bridge().stats().locked());
    sim.bridge().reset();
    const BridgeStats s = sim.bridge().stats();
    EXPECT_FALSE(s.locked());
    EXPECT_EQ(s.underruns + s.overruns + s.resyncs, 0u);
    EXPECT_EQ(s.ratio_factor, 1.0);
    std::vector<float> out(256, 1.0f);
    float* ch[] = {out.data()};
    sim.bridge().read(ch, 256, sim.now());
    EXPECT_EQ(*std::max_element(out.begin(), out.end()), 0.0f);
    sim.run_until(5.0 + 5.0);
    EXPECT_TRUE(sim.bridge().stats().locked()) << "does not lock again after a reset";
    EXPECT_EQ(sim.bridge().stats().underruns, 0u);
}

TEST(Bridge, ABadConfigIsAnErrorAndPlaysSilence) {
    BridgeConfig config;
    config.channels = 0;
    EXPECT_NE(check_bridge_config(config), "");
    config.channels = 2;
    config.reader_period = 0;
    EXPECT_NE(check_bridge_config(config), "");
    config.reader_period = 256;
    config.writer_rate = std::nan("");
    Bridge bridge(config);
    EXPECT_NE(bridge.error(), "");
    std::vector<float> a(64, 1.0f), b(64, 1.0f);
    float* ch[] = {a.data(), b.data()};
    bridge.write(ch, 64, 0.0);
    bridge.read(ch, 64, 0.0);
    EXPECT_EQ(*std::max_element(a.begin(), a.end()), 0.0f);
    EXPECT_EQ(bridge.latency_reader_frames(), 0.0);
}

} // namespace
} // namespace sy::router
