// The EBU's own test cases for loudness meters that can be generated (steady
// sines at known levels and level steps): EBU Tech 3341 (momentary,
// short-term and integrated loudness, true peak) and Tech 3342 (loudness
// range), each to its stated tolerance. They check that the meter is set up
// as the standard asks (channel weights, gating, the true-peak mode), not
// libebur128's arithmetic, which its authors test against the same cases.
#include <gtest/gtest.h>

#include <cmath>
#include <initializer_list>
#include <vector>

#include "dsp/loudness_meter.hpp"

namespace sy::dsp {
namespace {

constexpr double kRate = 48000.0;

struct Segment {
    double dbfs;    // the sine's peak level, on each channel
    double seconds;
};

// A stereo sine of `frequency` through the segments, phase-continuous, fed
// in blocks of 100 ms as a meter thread would get them; faded in over the
// first `fade` seconds (raised cosine).
LoudnessMeter measure(std::initializer_list<Segment> segments, double frequency = 1000.0, double phase = 0.0,
                      double fade = 0.0) {
    LoudnessMeter meter(2, kRate);
    EXPECT_TRUE(meter.ok());
    std::vector<float> block;
    double t = 0.0;
    for (const Segment& s : segments) {
        const double amplitude = std::pow(10.0, s.dbfs / 20.0);
        auto left = static_cast<std::size_t>(std::lround(s.seconds * kRate));
        while (left > 0) {
            const std::size_t n = std::min<std::size_t>(left, 4800);
            block.resize(2 * n);
            for (std::size_t i = 0; i < n; ++i) {
                const double at = (t + double(i)) / kRate;
                const double gain = at < fade ? 0.5 - 0.5 * std::cos(M_PI * at / fade) : 1.0;
                const double x = gain * amplitude * std::sin(2.0 * M_PI * frequency * at + phase);
                block[2 * i] = block[2 * i + 1] = static_cast<float>(x);
            }
            meter.add(block.data(), n);
            t += double(n);
            left -= n;
        }
    }
    return meter;
}

TEST(LoudnessMeter, Tech3341Cases1And2SteadySinesReadTheirLevelOnEveryScale) {
    for (const double level : {-23.0, -33.0}) {
        const LoudnessReading r = measure({{level, 20.0}}).read();
        EXPECT_NEAR(r.momentary_lufs, level, 0.1) << level << " dBFS";
        EXPECT_NEAR(r.short_term_lufs, level, 0.1) << level << " dBFS";
        EXPECT_NEAR(r.integrated_lufs, level, 0.1) << level << " dBFS";
    }
}

TEST(LoudnessMeter, Tech3341Cases3To5TheGatesKeepQuietPartsOutOfTheIntegratedLoudness) {
    EXPECT_NEAR(measure({{-36, 10}, {-23, 60}, {-36, 10}}).read().integrated_lufs, -23.0, 0.1) << "case 3";
    EXPECT_NEAR(measure({{-72, 10}, {-36, 10}, {-23, 60}, {-36, 10}, {-72, 10}}).read().integrated_lufs, -23.0, 0.1)
        << "case 4";
    EXPECT_NEAR(measure({{-26, 20}, {-20, 20.1}, {-26, 20}}).read().integrated_lufs, -23.0, 0.1) << "case 5";
}

TEST(LoudnessMeter, Tech3341Cases15To19TruePeaksBetweenTheSamples) {
    // Sines at fractions of the sample rate, phased so that their peaks fall
    // between samples: a sample-peak meter reads case 16 3 dB low, and case
    // 19, whose samples stop at full scale, 3 dB low of its +3 dBTP. The
    // cases are steady sines: one switched on at full level from one sample
    // to the next is a step, whose reconstruction does overshoot (case 18 by
    // 0.65 dB), so each fades in over 100 ms.
    struct Case {
        const char* name;
        double fraction_of_rate;
        double dbtp;
        double phase_degrees;
    };
    for (const Case& c : {Case{"15", 0.25, -6.0, 0.0}, Case{"16", 0.25, -6.0, 45.0}, Case{"17", 1.0 / 6.0, -6.0, 60.0},
                          Case{"18", 0.125, -6.0, 67.5}, Case{"19", 0.25, 3.0, 45.0}}) {
        const LoudnessReading r =
            measure({{c.dbtp, 1.0}}, c.fraction_of_rate * kRate, c.phase_degrees * M_PI / 180.0, 0.1).read();
        EXPECT_GE(r.true_peak_dbtp, c.dbtp - 0.4) << "case " << c.name;
        EXPECT_LE(r.true_peak_dbtp, c.dbtp + 0.2) << "case " << c.name;
    }
}

TEST(LoudnessMeter, Tech3342Cases1To4LoudnessRangeOfLevelSteps) {
    EXPECT_NEAR(measure({{-20, 20}, {-30, 20}}).read().range_lu, 10.0, 1.0) << "case 1";
    EXPECT_NEAR(measure({{-20, 20}, {-15, 20}}).read().range_lu, 5.0, 1.0) << "case 2";
    EXPECT_NEAR(measure({{-40, 20}, {-20, 20}}).read().range_lu, 20.0, 1.0) << "case 3";
    EXPECT_NEAR(measure({{-50, 20}, {-35, 20}, {-20, 20}, {-35, 20}, {-50, 20}}).read().range_lu, 15.0, 1.0)
        << "case 4";
}

TEST(LoudnessMeter, SilenceReadsMinusInfinityAndResetStartsOver) {
    LoudnessMeter meter = measure({{-23, 5.0}});
    EXPECT_NEAR(meter.read().integrated_lufs, -23.0, 0.1);
    meter.reset();
    const LoudnessReading r = meter.read();
    EXPECT_TRUE(std::isinf(r.integrated_lufs) && r.integrated_lufs < 0);
    EXPECT_TRUE(std::isinf(r.true_peak_dbtp) && r.true_peak_dbtp < 0);
    std::vector<float> quiet(2 * 48000, 0.0f);
    meter.add(quiet.data(), 48000);
    EXPECT_TRUE(std::isinf(meter.read().momentary_lufs));
}

TEST(LoudnessMeter, AMonoStripCountsItsOneChannelAsBs1770Does) {
    // One channel of a -23 dBFS sine is 3 dB under two of them.
    LoudnessMeter meter(1, kRate);
    ASSERT_TRUE(meter.ok());
    std::vector<float> x(48000 * 5);
    for (std::size_t i = 0; i < x.size(); ++i) {
        x[i] = static_cast<float>(std::pow(10.0, -23.0 / 20.0) * std::sin(2.0 * M_PI * 1000.0 * double(i) / kRate));
    }
    meter.add(x.data(), x.size());
    EXPECT_NEAR(meter.read().integrated_lufs, -26.01, 0.1);
}

TEST(LoudnessMeter, ChannelsOrARateTheLibraryRefusesGiveAMeterThatSaysSo) {
    EXPECT_FALSE(LoudnessMeter(0, kRate).ok());
    EXPECT_FALSE(LoudnessMeter(2, 0.0).ok());
    LoudnessMeter refused(0, kRate);
    refused.add(nullptr, 0);
    EXPECT_TRUE(std::isinf(refused.read().integrated_lufs));
}

} // namespace
} // namespace sy::dsp
