// The rate a loop learns while it acquires must be the clocks' own, whatever
// the servers do meanwhile: stalls long enough to resync (first test), and
// single lost cycles that are not (second test: the case seen live, a loop
// locked 388 ppm off after xruns while acquiring).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "router/bridge/bridge.hpp"
#include "router/bridge/clock_sim.hpp"

namespace sy::router {
namespace {

// The writer's clock 100 ppm fast: the ratio a loop must learn.
constexpr double kWriterPpm = 100.0;
constexpr double kTrueRatio = 1.0 / (1.0 + kWriterPpm * 1e-6);

TEST(BridgeWrongRate, StallsWhileAcquiringEndOnTheTrueRateWithNoLaterResync) {
    const BridgeConfig config; // 48 kHz, 256 frames a side
    // Clocks 100 ppm apart, JACK-like cycle times on a busy machine, and
    // writer stalls early on, while the loop is still acquiring.
    ClockSim sim(config, kWriterPpm, 0.0);
    sim.set_writer_timing({2e-3, ClockSim::Wakeup::Busy, ClockSim::Stamp::Dll});
    sim.set_reader_timing({5e-4, ClockSim::Wakeup::Uniform, ClockSim::Stamp::Driver});
    sim.stall_writer(1.0, 2.0);
    sim.stall_writer(2.6, 2.7);
    sim.stall_writer(3.4, 3.45);
    sim.run_until(300.0);
    const auto at300 = sim.bridge().stats();
    sim.run_until(600.0);
    const auto at600 = sim.bridge().stats();
    std::printf("[ figures  ] 3 writer stalls while acquiring: resyncs %llu by 300 s, %llu more by 600 s; ratio %.7f "
                "(clocks %.7f), %s\n",
                static_cast<unsigned long long>(at300.resyncs),
                static_cast<unsigned long long>(at600.resyncs - at300.resyncs), at600.ratio_factor, kTrueRatio,
                at600.locked() ? "locked" : "not locked");
    EXPECT_TRUE(at600.locked());
    EXPECT_EQ(at600.resyncs, at300.resyncs) << "the fill still crosses the resync limit";
    EXPECT_NEAR(at600.ratio_factor, kTrueRatio, 5e-6);
}

// A server that loses single cycles while the loop acquires (a JACK xrun on
// the dummy backend: the frame counter moves two periods, our writer wrote
// one) leaves a step of one period in the writer's position, too small to
// resync. Seen live: the line fit took the steps for a rate, and the loop
// locked 388 ppm off, its fill walking 19 frames a second. The fit starts a
// new segment at each step, so the rate it learns is the clocks'.
TEST(BridgeWrongRate, LostCyclesWhileAcquiringDoNotBendTheLearntRate) {
    const BridgeConfig config; // 48 kHz, 256 frames a side
    ClockSim sim(config, kWriterPpm, 0.0);
    sim.set_writer_timing({2e-4, ClockSim::Wakeup::Uniform, ClockSim::Stamp::Driver});
    sim.set_reader_timing({5e-4, ClockSim::Wakeup::Uniform, ClockSim::Stamp::Driver});
    for (double at : {1.7, 2.3, 2.9, 3.3}) sim.stall_writer(at, at + 0.004); // one callback each
    sim.run_until(8.0);
    const auto at8 = sim.bridge().stats();
    std::printf("[ figures  ] 4 lost writer cycles while acquiring: at 8 s ratio %.7f (clocks %.7f, %.1f ppm off), "
                "resyncs %llu, %s\n",
                at8.ratio_factor, kTrueRatio, (at8.ratio_factor - kTrueRatio) * 1e6,
                static_cast<unsigned long long>(at8.resyncs), at8.locked() ? "locked" : "not locked");
    EXPECT_NEAR(at8.ratio_factor, kTrueRatio, 10e-6);
}

// A host with an xrun every few seconds (seen on the test machine: jackd's
// dummy backend lost a cycle or stalled for ms every 2 to 3 s): each resync
// while acquiring threw the line fit away, and the bridges went 10 s and
// more without locking. The fit survives a resync, so lock comes all the same.
TEST(BridgeWrongRate, ResyncsEveryFewSecondsWhileAcquiringStillEndInALock) {
    const BridgeConfig config; // 48 kHz, 256 frames a side
    ClockSim sim(config, kWriterPpm, 0.0);
    sim.set_writer_timing({2e-4, ClockSim::Wakeup::Uniform, ClockSim::Stamp::Driver});
    sim.set_reader_timing({5e-4, ClockSim::Wakeup::Uniform, ClockSim::Stamp::Driver});
    for (double at = 1.0; at < 12.0; at += 2.5) sim.stall_writer(at, at + 0.012); // a resync each
    sim.run_until(15.0);
    const auto& f = sim.figures();
    const auto stats = sim.bridge().stats();
    std::printf("[ figures  ] a resync every 2.5 s while acquiring: first lock at %.2f s, resyncs %llu, ratio %.7f "
                "(clocks %.7f)\n",
                f.first_lock_seconds, static_cast<unsigned long long>(stats.resyncs), stats.ratio_factor, kTrueRatio);
    EXPECT_GE(stats.resyncs, 4u) << "the stalls were meant to resync";
    EXPECT_GT(f.first_lock_seconds, 0.0) << "never locked";
    EXPECT_LT(f.first_lock_seconds, 8.0) << "acquiring started over at each resync";
    EXPECT_NEAR(stats.ratio_factor, kTrueRatio, 10e-6);
}

// A bridge rebuilt between the same two clocks (a quantum change, a
// server's restart) starts from the rate the old one had learnt: it locks a
// second after it starts instead of 3.4 s, on the clocks' own rate. A seed
// that is wrong by 300 ppm still ends on the true rate.
TEST(BridgeWrongRate, ABridgeStartedWithTheLearntRateLocksWithinASecondOrSo) {
    for (const double seed_ppm_off : {0.0, 300.0}) {
        const BridgeConfig config; // 48 kHz, 256 frames a side
        ClockSim sim(config, kWriterPpm, 0.0);
        sim.set_writer_timing({2e-4, ClockSim::Wakeup::Uniform, ClockSim::Stamp::Driver});
        sim.set_reader_timing({5e-4, ClockSim::Wakeup::Uniform, ClockSim::Stamp::Driver});
        sim.bridge().start_with_rate(kTrueRatio + seed_ppm_off * 1e-6);
        sim.run_until(seed_ppm_off == 0.0 ? 5.0 : 120.0);
        const auto& f = sim.figures();
        const auto stats = sim.bridge().stats();
        std::printf("[ figures  ] started with the learnt rate %+.0f ppm off: first lock at %.2f s, ratio %.7f "
                    "(clocks %.7f), resyncs %llu, underruns after lock %llu\n",
                    seed_ppm_off, f.first_lock_seconds, stats.ratio_factor, kTrueRatio,
                    static_cast<unsigned long long>(stats.resyncs),
                    static_cast<unsigned long long>(f.underruns_after_lock));
        EXPECT_GT(f.first_lock_seconds, 0.0) << "never locked";
        EXPECT_NEAR(stats.ratio_factor, kTrueRatio, 10e-6) << seed_ppm_off;
        if (seed_ppm_off == 0.0) {
            EXPECT_LT(f.first_lock_seconds, 1.5) << "acquired all over again";
            EXPECT_EQ(stats.resyncs, 0u);
        }
    }
}

} // namespace
} // namespace sy::router
