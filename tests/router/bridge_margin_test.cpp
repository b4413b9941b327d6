// A bridge's margin comes from how late its writer lands frames, measured,
// not from a fixed 5 ms: a fraction of a millisecond for a writer on time,
// the late wakes' p99.9 for a busy one; an underrun grows it at once and it
// wears off slowly; it shrinks by gliding, with nothing skipped or padded.
#include <gtest/gtest.h>

#include <cstdio>

#include "router/bridge/bridge.hpp"
#include "router/bridge/bridge_margin.hpp"
#include "router/bridge/clock_sim.hpp"

namespace sy::router {
namespace {

BridgeConfig mono(int period, LatencyMode mode) {
    BridgeConfig config;
    config.channels = 1;
    config.writer_period = period;
    config.reader_period = period;
    config.quality = dsp::Quality::Fast;
    config.latency = mode;
    return config;
}

void print(const char* what, const BridgeStats& s, const ClockSimFigures& f) {
    std::printf("[ figures  ] %s: margin %.3f ms (lateness p99.9 %.3f ms, max %.3f ms, extra %.3f ms), "
                "lock %.1f s, underruns after lock %llu\n",
                what, s.margin_seconds * 1e3, s.lateness_seconds * 1e3, s.max_lateness_seconds * 1e3,
                s.extra_seconds * 1e3, f.first_lock_seconds, static_cast<unsigned long long>(f.underruns_after_lock));
}

TEST(BridgeMargin, ThePolicyIsLatenessPlusTheLoopWithAFloor) {
    using P = MarginPolicy;
    EXPECT_DOUBLE_EQ(bridge_margin_seconds(LatencyMode::Low, {}, 0.0), P::kLoopBoundSeconds);
    EXPECT_DOUBLE_EQ(bridge_margin_seconds(LatencyMode::Low, {1e-3, 5e-3}, 0.0), 1e-3 + P::kLoopBoundSeconds);
    EXPECT_DOUBLE_EQ(bridge_margin_seconds(LatencyMode::Safe, {}, 0.0), P::kSafeFloorSeconds);
    EXPECT_DOUBLE_EQ(bridge_margin_seconds(LatencyMode::Safe, {1e-3, 1.2e-3}, 0.0), 1.5e-3 + P::kLoopBoundSeconds);
    EXPECT_DOUBLE_EQ(bridge_margin_seconds(LatencyMode::Low, {1e-3}, 2e-3), 3e-3 + P::kLoopBoundSeconds);
    EXPECT_DOUBLE_EQ(bridge_margin_seconds(LatencyMode::Low, {1.0}, 0.0), P::kMaxSeconds);
    EXPECT_EQ(bridge_margin_reason(LatencyMode::Low, {0.42e-3}, 0.0), "low: p99.9 lateness 0.42 ms + loop 0.25 ms");
    EXPECT_EQ(bridge_margin_reason(LatencyMode::Safe, {}, 1.1e-3),
              "safe: floor 1.00 ms (p99.9 lateness 0.00 ms + loop 0.25 ms is less) + 1.10 ms after underruns");
}

TEST(BridgeMargin, SafeCoversTheMinutesLatestLandingAndLowItsP999) {
    // A long tail: one landing in a thousand 1 ms late, the latest 2.5 ms.
    const MeasuredLateness tail{1e-3, 2.5e-3};
    EXPECT_DOUBLE_EQ(bridge_margin_seconds(LatencyMode::Safe, tail, 0.0), 2.5e-3 + MarginPolicy::kLoopBoundSeconds);
    EXPECT_DOUBLE_EQ(bridge_margin_seconds(LatencyMode::Low, tail, 0.0), 1e-3 + MarginPolicy::kLoopBoundSeconds);
    EXPECT_EQ(bridge_margin_reason(LatencyMode::Safe, tail, 0.0),
              "safe: latest landing 2.50 ms (p99.9 1.00 ms) + loop 0.25 ms");
    EXPECT_EQ(bridge_margin_reason(LatencyMode::Safe, {1e-3, 1.2e-3}, 0.0),
              "safe: 1.5 x p99.9 lateness 1.00 ms + loop 0.25 ms");
}

TEST(BridgeMargin, AWriterOnTimeGetsAFractionOfAMillisecond) {
    // A USB card: callbacks within +-50 us of their time, stamped with it.
    const BridgeConfig config = mono(64, LatencyMode::Low);
    ClockSim sim(config, 150, -150);
    const ClockSim::Timing usb{50e-6, ClockSim::Wakeup::Gaussian, ClockSim::Stamp::Driver};
    sim.set_writer_timing(usb);
    sim.set_reader_timing(usb);
    sim.run_until(120.0);
    const BridgeStats s = sim.bridge().stats();
    print("usb, period 64, low", s, sim.figures());
    EXPECT_GT(s.lateness_seconds, 0.1e-3) << "three deviations of 50 us is 150 us";
    EXPECT_LT(s.lateness_seconds, 0.25e-3);
    EXPECT_LT(s.margin_seconds, 0.5e-3) << "a margin of " << s.margin_seconds * 1e3 << " ms for a writer on time";
    EXPECT_EQ(s.underruns, 0u);
    EXPECT_TRUE(s.locked());
}

TEST(BridgeMargin, ABusyWriterGetsItsLateWakesInTheMargin) {
    // One wake in 50 up to 1 ms late: p99.9 is 0.95 ms. Safe mode: 1.5 times
    // that plus the loop's band.
    const BridgeConfig config = mono(64, LatencyMode::Safe);
    ClockSim sim(config, 150, -150);
    const ClockSim::Timing busy{1e-3, ClockSim::Wakeup::Busy, ClockSim::Stamp::Driver};
    sim.set_writer_timing(busy);
    sim.set_reader_timing(busy);
    sim.run_until(60.0);
    const std::uint64_t after_a_minute = sim.bridge().stats().underruns;
    sim.run_until(300.0);
    const BridgeStats s = sim.bridge().stats();
    print("busy, period 64, safe", s, sim.figures());
    EXPECT_NEAR(s.lateness_seconds, 0.95e-3, 0.05e-3);
    // At or above what the policy asks: a margin gives back a quarter of a
    // millisecond or more at a time, gliding.
    const double asked = bridge_margin_seconds(LatencyMode::Safe, {s.lateness_seconds, s.max_lateness_seconds}, 0.0, s.loop_seconds);
    EXPECT_GE(s.margin_seconds, asked - 1e-6);
    EXPECT_LE(s.margin_seconds, asked + 0.25e-3);
    EXPECT_EQ(s.underruns, after_a_minute) << "underruns after the first minute";
}

TEST(BridgeMargin, AnUnderrunGrowsTheMarginAtOnceAndItWearsOffSlowly) {
    const BridgeConfig config = mono(256, LatencyMode::Low);
    ClockSim sim(config, 100, 0);
    sim.run_until(30.0);
    const BridgeStats before = sim.bridge().stats();
    ASSERT_TRUE(before.locked());
    ASSERT_EQ(before.underruns, 0u);
    // The machine gets busy: every writer callback up to 2 ms late, where
    // the margin was sized for none. The target would take minutes to glide
    // up that far; the underruns grow it at once.
    sim.set_writer_timing({2e-3, ClockSim::Wakeup::Uniform, ClockSim::Stamp::Driver});
    // A late write costs only when it was due just before a read: the two
    // clocks' phase takes 53 s to come round at 100 ppm.
    double t = 30.0;
    while (sim.bridge().stats().underruns == 0 && t < 150.0) sim.run_until(t += 0.05);
    const BridgeStats grown = sim.bridge().stats();
    print("before the busy spell", before, sim.figures());
    print("at its first underrun", grown, sim.figures());
    ASSERT_GE(grown.underruns, 1u);
    EXPECT_GE(grown.margin_seconds, before.margin_seconds + MarginPolicy::kLoopBoundSeconds)
        << "the margin grows at the underrun, not minutes later";
    EXPECT_GT(grown.extra_seconds, 0.0);
    sim.run_until(t + 120.0);
    const BridgeStats held = sim.bridge().stats();
    print("two minutes on", held, sim.figures());
    EXPECT_GE(held.margin_seconds, held.lateness_seconds) << "by now the margin covers the lateness";
    sim.run_until(t + 720.0);
    const BridgeStats later = sim.bridge().stats();
    print("ten minutes after that", later, sim.figures());
    EXPECT_EQ(later.underruns, held.underruns) << "no more underruns once it has grown";
    EXPECT_LT(later.extra_seconds, std::max(1e-9, held.extra_seconds)) << "what underruns added wears off";
}

TEST(BridgeMargin, AWriterThatLostACycleLeavesTheMarginAsItWas) {
    // An xrun: the writer's clock ran on a period without its frames. No
    // margin covers that, and the next write is on time again.
    const BridgeConfig config = mono(256, LatencyMode::Low);
    ClockSim sim(config, 100, 0);
    sim.run_until(30.0);
    const double margin = sim.bridge().stats().margin_seconds;
    sim.stall_writer(30.0, 30.004); // one callback
    sim.run_until(31.0);
    const BridgeStats s = sim.bridge().stats();
    print("after a lost writer cycle", s, sim.figures());
    EXPECT_EQ(s.extra_seconds, 0.0);
    EXPECT_NEAR(s.margin_seconds, margin, 1e-6);
}

TEST(BridgeMargin, AWriterThatStalledRatherThanRanLateLeavesTheMarginAsItWas) {
    const BridgeConfig config = mono(256, LatencyMode::Low);
    ClockSim sim(config, 100, 0);
    sim.run_until(30.0);
    const double before = sim.bridge().stats().margin_seconds;
    sim.stall_writer(30.0, 30.2); // a server's hiccup: no margin covers 200 ms
    sim.run_until(32.0);
    const BridgeStats s = sim.bridge().stats();
    print("after a 200 ms stall", s, sim.figures());
    EXPECT_GT(s.underruns, 0u);
    EXPECT_EQ(s.extra_seconds, 0.0);
    EXPECT_NEAR(s.margin_seconds, before, 1e-6);
}

TEST(BridgeMargin, ItShrinksByGlidingWithNothingSkippedOrPadded) {
    // The side said 3 ms before the bridge measured anything; it then
    // measures a writer on time, and the target glides down.
    BridgeConfig config = mono(256, LatencyMode::Low);
    config.expected_lateness = 3e-3;
    ClockSim sim(config, 100, 0);
    sim.run_until(3.0);
    const double start = sim.bridge().stats().margin_seconds;
    EXPECT_NEAR(start, 3.25e-3, 0.05e-3) << "the side's figure counts until the bridge has measured";
    sim.run_until(600.0);
    const BridgeStats s = sim.bridge().stats();
    const ClockSimFigures f = sim.figures();
    print("gliding down from 3 ms", s, f);
    EXPECT_LT(s.margin_seconds, 0.3e-3);
    EXPECT_EQ(s.resyncs, 0u) << "a skip is a click";
    EXPECT_EQ(s.underruns, 0u);
    EXPECT_TRUE(s.locked());
    // At most 20 ppm off the clocks' ratio while gliding.
    EXPECT_LT((f.max_ratio_after_lock - f.min_ratio_after_lock) * 1e6, 21.0);
}

} // namespace
} // namespace sy::router
