// The simulator's named timing profiles: the same callbacks on every run,
// and lateness drawn in the proportions the profile says (the quantiles of
// many draws match the profile's within what that many draws allow).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "router/bridge/clock_profile.hpp"
#include "router/bridge/lateness_quantiles.hpp"

namespace sy::router {
namespace {

// Lateness (wake minus due) of the writer's first `count` callbacks. The
// period (512 frames, 10.7 ms) is longer than any profile's lateness, so no
// wake is held back behind its predecessor's.
std::vector<double> writer_lateness(const ClockProfile& profile, std::size_t count) {
    BridgeConfig config;
    config.channels = 1;
    config.writer_period = 512;
    config.reader_period = 512;
    config.quality = dsp::Quality::Fast;
    ClockSim sim(config, 0.0, 0.0);
    sim.set_writer_timing(profile.timing);
    sim.set_reader_timing(profile.timing);
    std::vector<double> late;
    late.reserve(count);
    sim.set_trace([&late](const ClockSim::Callback& c) {
        if (c.writer) late.push_back(c.woke - c.due);
    });
    while (late.size() < count) sim.run_reads(1000);
    late.resize(count);
    return late;
}

// The share of draws at or below `seconds`, against `probability`: within
// six standard deviations of a share out of `n` draws, and a tenth of a
// permille for the rounding of the table.
void expect_share(const std::vector<double>& sorted, double seconds, double probability, const char* name) {
    const auto n = static_cast<double>(sorted.size());
    const double share =
        static_cast<double>(std::upper_bound(sorted.begin(), sorted.end(), seconds) - sorted.begin()) / n;
    const double tolerance = 6.0 * std::sqrt(probability * (1.0 - probability) / n) + 1e-4;
    EXPECT_NEAR(share, probability, tolerance) << name << ": share of wakes up to " << seconds * 1e6 << " us";
}

constexpr std::size_t kDraws = 100000;

TEST(ClockProfile, EachProfileGivesTheSameCallbacksOnEveryRun) {
    for (const ClockProfile& p : {ClockProfile::usb(), ClockProfile::desktop(), ClockProfile::vm()}) {
        EXPECT_EQ(writer_lateness(p, 5000), writer_lateness(p, 5000)) << p.name;
    }
}

TEST(ClockProfile, UsbWakesAreGaussianWith50usDeviation) {
    std::vector<double> late = writer_lateness(ClockProfile::usb(), kDraws);
    std::sort(late.begin(), late.end());
    // The normal distribution's function at -2, -1, 0, 1 and 2 deviations.
    expect_share(late, -100e-6, 0.02275, "usb");
    expect_share(late, -50e-6, 0.15866, "usb");
    expect_share(late, 0.0, 0.5, "usb");
    expect_share(late, 50e-6, 0.84134, "usb");
    expect_share(late, 100e-6, 0.97725, "usb");
    EXPECT_EQ(ClockProfile::usb().timing.stamp, ClockSim::Stamp::Driver);
}

TEST(ClockProfile, DesktopWakesAreMostlyWithin25usAndOneIn50UpTo1ms) {
    std::vector<double> late = writer_lateness(ClockProfile::desktop(), kDraws);
    std::sort(late.begin(), late.end());
    // 98 % uniform over [0, 25 us), 2 % uniform over [0, 1 ms).
    const auto share = [](double s) { return 0.98 * std::min(s / 25e-6, 1.0) + 0.02 * s / 1e-3; };
    for (double s : {5e-6, 12.5e-6, 25e-6, 100e-6, 500e-6, 900e-6}) expect_share(late, s, share(s), "desktop");
    EXPECT_GE(late.front(), 0.0);
    EXPECT_LT(late.back(), 1e-3);
}

TEST(ClockProfile, VmWakesFollowTheMeasuredQuantiles) {
    const ClockProfile vm = ClockProfile::vm();
    ASSERT_EQ(vm.timing.wakeup, ClockSim::Wakeup::Measured);
    ASSERT_FALSE(vm.timing.measured.empty());
    std::vector<double> late = writer_lateness(vm, kDraws);
    std::sort(late.begin(), late.end());
    for (const LatenessQuantile& q : vm.timing.measured) {
        if (q.probability > 0.0 && q.probability < 1.0) expect_share(late, q.seconds, q.probability, "vm");
    }
    EXPECT_GE(late.front(), vm.timing.measured.front().seconds);
    EXPECT_LE(late.back(), vm.timing.measured.back().seconds);
}

TEST(LatenessQuantiles, DrawsInterpolateLinearlyBetweenTheTablesPoints) {
    constexpr LatenessQuantile kTable[] = {{0.0, 0.0}, {0.5, 1e-3}, {0.9, 2e-3}, {1.0, 10e-3}};
    EXPECT_DOUBLE_EQ(lateness_at(kTable, 0.0), 0.0);
    EXPECT_NEAR(lateness_at(kTable, 0.25), 0.5e-3, 1e-15);
    EXPECT_DOUBLE_EQ(lateness_at(kTable, 0.5), 1e-3);
    EXPECT_NEAR(lateness_at(kTable, 0.7), 1.5e-3, 1e-15);
    EXPECT_NEAR(lateness_at(kTable, 0.95), 6e-3, 1e-15);
    EXPECT_DOUBLE_EQ(lateness_at(kTable, 1.0), 10e-3);
    EXPECT_DOUBLE_EQ(lateness_at(kTable, 1.5), 10e-3);
    EXPECT_DOUBLE_EQ(lateness_at({}, 0.5), 0.0);
}

} // namespace
} // namespace sy::router
