// LoudnessMeter runs on a meter thread, not the audio thread, but it keeps
// running for as long as the engine does: adding frames and reading must not
// allocate (libebur128's histogram mode; without it the integrated loudness
// keeps a list of every 100 ms block, a malloc each, for ever: 813 in this
// test's 40 s when the mode was taken out) nor lock.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "alloc_counter.hpp"
#include "dsp/loudness_meter.hpp"

namespace sy::dsp {
namespace {

TEST(RealTime, ALoudnessMeterAddsAndReadsWithoutAllocatingOrLocking) {
    if (!test::rt_hooks_installed()) GTEST_SKIP() << "sanitizer build";
    constexpr std::size_t kBlock = 256;
    LoudnessMeter meter(2, 48000.0);
    ASSERT_TRUE(meter.ok());
    std::vector<float> block(2 * kBlock);
    std::size_t t = 0;
    const auto feed = [&](double seconds) {
        for (std::size_t n = 0; n < static_cast<std::size_t>(seconds * 48000.0) / kBlock; ++n) {
            for (std::size_t i = 0; i < kBlock; ++i, ++t) {
                // Level steps every 5 s, so that every gate and histogram moves.
                const double level = (t / 240000) % 2 ? 0.3 : 0.03;
                const double x = level * std::sin(2.0 * M_PI * 997.0 * double(t) / 48000.0);
                block[2 * i] = block[2 * i + 1] = static_cast<float>(x);
            }
            meter.add(block.data(), kBlock);
            if (n % 19 == 0) (void)meter.read();
        }
    };
    feed(1.0);
    test::arm_rt_counter();
    feed(40.0);
    const test::RtViolations counted = test::disarm_rt_counter();
    EXPECT_EQ(counted.allocations, 0u);
    EXPECT_EQ(counted.frees, 0u);
    EXPECT_EQ(counted.locks, 0u);
    EXPECT_GT(meter.read().range_lu, 10.0) << "the steps were measured";
}

} // namespace
} // namespace sy::dsp
