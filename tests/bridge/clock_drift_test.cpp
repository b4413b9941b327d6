// Drift ramps in the clock simulator: a clock whose offset changes linearly
// in time puts its callbacks where the integral of its rate says, and its
// rate after t seconds is the offset plus the ramp times t (held at the
// final offset once there).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "router/bridge/clock_rate.hpp"
#include "router/bridge/clock_sim.hpp"

namespace sy::router {
namespace {

constexpr double kRate = 48000.0;

TEST(ClockRate, TheOffsetIsTheFixedPpmPlusTheRampTimesTheTimeUntilTheFinalOffset) {
    const ClockRate clock(kRate, 150.0, {0.1, 210.0});
    EXPECT_DOUBLE_EQ(clock.ppm_at(-5.0), 150.0);
    EXPECT_DOUBLE_EQ(clock.ppm_at(0.0), 150.0);
    EXPECT_NEAR(clock.ppm_at(100.0), 160.0, 1e-9);
    EXPECT_NEAR(clock.ppm_at(599.0), 209.9, 1e-9);
    EXPECT_DOUBLE_EQ(clock.ppm_at(600.0), 210.0);
    EXPECT_DOUBLE_EQ(clock.ppm_at(3600.0), 210.0);
    EXPECT_NEAR(clock.rate_at(100.0), kRate * (1.0 + 160e-6), 1e-9);
}

TEST(ClockRate, AFinalOffsetTheRampHeadsAwayFromMeansNoRamp) {
    const ClockRate clock(kRate, 150.0, {0.1, 100.0});
    EXPECT_DOUBLE_EQ(clock.ppm_at(1000.0), 150.0);
    EXPECT_DOUBLE_EQ(clock.time_of(48000.0), 48000.0 / (kRate * (1.0 + 150e-6)));
}

// The frames counted are the integral of the rate: summed here in small
// steps by the trapezoid rule (exact for a rate linear within a step), as
// a check that does not share the closed form's algebra.
TEST(ClockRate, FramesCountedAreTheIntegralOfTheRateAndTimeOfIsItsInverse) {
    for (const DriftRamp& ramp : {DriftRamp{0.1, std::nullopt}, DriftRamp{-0.5, -300.0}, DriftRamp{2.0, 400.0}}) {
        const ClockRate clock(kRate, -40.0, ramp);
        double frames = 0.0;
        constexpr double kStep = 0.01;
        for (int i = 1; i <= 360000; ++i) {
            const double t = i * kStep;
            frames += 0.5 * kStep * (clock.rate_at(t - kStep) + clock.rate_at(t));
            if (i % 36000 != 0) continue;
            // The steps that straddle the ramp's end are not linear: a
            // fraction of a frame.
            EXPECT_NEAR(clock.frames_at(t), frames, 0.05) << "ramp " << ramp.ppm_per_second << " ppm/s at " << t << " s";
            EXPECT_NEAR(clock.time_of(clock.frames_at(t)), t, 1e-9) << "at " << t << " s";
        }
    }
}

struct Due {
    std::uint64_t index;
    double due;
};

std::vector<Due> writer_dues(ClockSim& sim, double seconds) {
    std::vector<Due> dues;
    sim.set_trace([&dues](const ClockSim::Callback& c) {
        if (c.writer) dues.push_back({c.index, c.due});
    });
    sim.run_until(seconds);
    return dues;
}

TEST(ClockSimDrift, WriterCallbacksComeWhenTheRampedClockHasCountedTheirBlocks) {
    BridgeConfig config;
    config.writer_period = 64;
    config.reader_period = 64;
    ClockSim sim(config, 150.0, -150.0);
    sim.set_writer_drift({0.1, 210.0});
    const std::vector<Due> dues = writer_dues(sim, 700.0);
    ASSERT_GT(dues.size(), 500000u);
    const ClockRate& clock = sim.writer_clock();
    for (std::size_t i = 0; i < dues.size(); i += 997) {
        const double frames = static_cast<double>(dues[i].index + 1) * 64.0;
        // Computed from the index alone: no error accumulated over 700 s.
        EXPECT_EQ(dues[i].due, clock.time_of(frames)) << "callback " << dues[i].index;
        EXPECT_NEAR(clock.frames_at(dues[i].due), frames, 1e-6) << "callback " << dues[i].index;
    }
}

TEST(ClockSimDrift, TheRateBetweenCallbacksIsTheOffsetPlusTheRampTimesTheTime) {
    BridgeConfig config;
    config.writer_period = 64;
    config.reader_period = 64;
    ClockSim sim(config, 150.0, -150.0);
    sim.set_writer_drift({0.1, 210.0});
    const std::vector<Due> dues = writer_dues(sim, 700.0);
    for (const double at : {10.0, 100.0, 300.0, 580.0, 650.0}) {
        // 7500 blocks (10 s) from `at` on: the mean rate over them is the
        // rate at their middle, the rate being linear.
        std::size_t i = 0;
        while (dues[i].due < at) ++i;
        const std::size_t j = std::min(i + 7500, dues.size() - 1);
        const double middle = 0.5 * (dues[i].due + dues[j].due);
        const double rate = 64.0 * static_cast<double>(j - i) / (dues[j].due - dues[i].due);
        const double ppm = (rate / kRate - 1.0) * 1e6;
        const double expected = middle < 600.0 ? 150.0 + 0.1 * middle : 210.0;
        EXPECT_NEAR(ppm, expected, 0.01) << "from " << at << " s";
    }
}

TEST(ClockSimDrift, NoRampGivesTheTimesOfAFixedOffset) {
    BridgeConfig config;
    ClockSim sim(config, 150.0, 0.0);
    const std::vector<Due> dues = writer_dues(sim, 10.0);
    const double true_rate = config.writer_rate * (1.0 + 150.0 * 1e-6);
    for (const Due& d : dues) {
        ASSERT_EQ(d.due, static_cast<double>(d.index + 1) * config.writer_period / true_rate);
    }
}

} // namespace
} // namespace sy::router
