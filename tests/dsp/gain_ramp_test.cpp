#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "dsp/gain_ramp.hpp"
#include "dsp/mix.hpp"

namespace sy::dsp {
namespace {

TEST(GainRamp, ReachesTheTargetExactlyAfterTheRamp) {
    GainRamp g;
    g.jump_to(0.0f);
    g.set_target(0.7f, 240);
    int frames = 0;
    while (g.ramping()) {
        g.advance(64);
        frames += 64;
    }
    EXPECT_EQ(frames, 256); // 240 rounded up to whole blocks of 64
    EXPECT_EQ(g.current(), 0.7f);
}

TEST(GainRamp, RampIsAStraightLineWithoutJumps) {
    // Unity DC through a ramp from 1 to 0 over 240 frames: each step 1/240.
    std::vector<float> src(512, 1.0f), dst(512, 0.0f);
    GainRamp g;
    g.jump_to(1.0f);
    g.set_target(0.0f, 240);
    for (std::size_t pos = 0; pos < 512; pos += 128) {
        mix_assign(dst.data() + pos, src.data() + pos, 128, g.span(128), 1.0f);
        g.advance(128);
    }
    float largest = 0.0f;
    for (std::size_t i = 1; i < dst.size(); ++i) largest = std::max(largest, std::fabs(dst[i] - dst[i - 1]));
    EXPECT_LE(largest, 1.0f / 240 + 1e-6f) << "largest step between samples " << largest;
    EXPECT_NEAR(dst[0], 1.0f - 1.0f / 240, 1e-6f);
    EXPECT_EQ(dst[239], 0.0f);
    EXPECT_EQ(dst[511], 0.0f);
}

TEST(GainRamp, RetargetMidRampStartsFromWhereItIs) {
    GainRamp g;
    g.jump_to(0.0f);
    g.set_target(1.0f, 100);
    g.advance(50);
    EXPECT_NEAR(g.current(), 0.5f, 1e-6f);
    g.set_target(0.0f, 100);
    const GainSpan s = g.span(10);
    EXPECT_NEAR(s.start, 0.5f, 1e-6f);
    EXPECT_NEAR(s.step, -0.005f, 1e-7f);
}

TEST(Mix, UnityGainIsBitExact) {
    std::vector<float> src{0.1f, -0.0f, 1e-30f, -1.0f, 0.333333f, 3.0f};
    std::vector<float> dst(src.size(), 42.0f);
    mix_assign(dst.data(), src.data(), src.size(), GainSpan{}, 1.0f);
    for (std::size_t i = 0; i < src.size(); ++i) {
        EXPECT_EQ(std::memcmp(&dst[i], &src[i], sizeof(float)), 0) << "sample " << i;
    }
}

TEST(Mix, AddSumsWithGainAndWeight) {
    std::vector<float> src{1.0f, 2.0f, -4.0f}, dst{1.0f, 1.0f, 1.0f};
    GainSpan half{0.5f, 0.0f, 0, 0.5f};
    mix_add(dst.data(), src.data(), 3, half, 0.5f);
    EXPECT_FLOAT_EQ(dst[0], 1.25f);
    EXPECT_FLOAT_EQ(dst[1], 1.5f);
    EXPECT_FLOAT_EQ(dst[2], 0.0f);
}

TEST(Gain, DecibelsToLinear) {
    EXPECT_EQ(db_to_gain(0.0), 1.0f);
    EXPECT_NEAR(db_to_gain(-6.0206), 0.5f, 1e-6f);
    EXPECT_NEAR(db_to_gain(24.0), 15.8489f, 1e-3f);
    EXPECT_EQ(db_to_gain(-INFINITY), 0.0f);
}

} // namespace
} // namespace sy::dsp
