// The window a bridge's margin is sized from: its p99.9 over the last minute
// is the distribution's, rounded up to a bin; what was late more than a
// minute ago drops out; a new maximum shows at once.
#include <gtest/gtest.h>

#include "dsp/lateness_window.hpp"

namespace sy::dsp {
namespace {

constexpr double kBin = LatenessWindow::kBinSeconds;
// Figures come out as a bin's upper edge: up to a bin above the truth, and
// a hair more where the division lands on the edge.
constexpr double kTol = 1.5 * kBin;

// 1000 callbacks a second for `seconds`, from `start`: every one `base` late
// except one in `every`, which is `spike` late.
double feed(LatenessWindow& w, double start, double seconds, double base, int every, double spike) {
    const int n = static_cast<int>(seconds * 1000.0);
    for (int i = 0; i < n; ++i) w.add(start + i * 1e-3, i % every == every - 1 ? spike : base);
    return start + n * 1e-3;
}

TEST(LatenessWindow, EmptyIsZero) {
    LatenessWindow w;
    EXPECT_EQ(w.quantile(), 0.0);
    EXPECT_EQ(w.max(), 0.0);
    EXPECT_EQ(w.samples(), 0u);
}

TEST(LatenessWindow, TheQuantileIsTheOneInAThousandRoundedUpToABin) {
    LatenessWindow w;
    // One in 500 is 1 ms late: more than one in a thousand, so p99.9 is 1 ms.
    feed(w, 0.0, 30.0, 0.1e-3, 500, 1e-3);
    EXPECT_GE(w.quantile(), 1e-3);
    EXPECT_LE(w.quantile(), 1e-3 + kTol);
    EXPECT_NEAR(w.max(), 1e-3, kTol);
    // One in 2000 late: p99.9 is the ordinary lateness.
    LatenessWindow rare;
    feed(rare, 0.0, 30.0, 0.1e-3, 2000, 1e-3);
    EXPECT_GE(rare.quantile(), 0.1e-3);
    EXPECT_LE(rare.quantile(), 0.1e-3 + kTol) << "one late callback in 2000 moved p99.9 to " << rare.quantile();
    EXPECT_NEAR(rare.max(), 1e-3, kTol);
}

TEST(LatenessWindow, FewerThanAThousandSamplesGiveTheLargest) {
    LatenessWindow w;
    feed(w, 0.0, 0.5, 0.1e-3, 400, 2e-3);
    EXPECT_NEAR(w.quantile(), 2e-3, kTol) << "500 samples say nothing of one in a thousand: the largest counts";
}

TEST(LatenessWindow, WhatWasLateAMinuteAgoDropsOut) {
    LatenessWindow w;
    double t = feed(w, 0.0, 20.0, 0.1e-3, 100, 3e-3);
    EXPECT_NEAR(w.quantile(), 3e-3, kTol);
    t = feed(w, t, 45.0, 0.1e-3, 1000000, 0.0);
    EXPECT_NEAR(w.quantile(), 3e-3, kTol) << "65 s on, the late spans are still in the minute";
    feed(w, t, 20.0, 0.1e-3, 1000000, 0.0);
    EXPECT_NEAR(w.quantile(), 0.1e-3, kTol) << "85 s on, they are not";
    EXPECT_NEAR(w.max(), 0.1e-3, kTol);
}

TEST(LatenessWindow, ANewMaximumIsPublishedAtOnce) {
    LatenessWindow w;
    double t = feed(w, 0.0, 10.0, 0.1e-3, 1000000, 0.0);
    w.add(t, 5e-3);
    EXPECT_NEAR(w.max(), 5e-3, kTol) << "a landing later than any before shows at the write that saw it";
}

TEST(LatenessWindow, EarlyLandingsCountAsNoneAndHugeOnesAsTheTop) {
    LatenessWindow w;
    for (int i = 0; i < 2000; ++i) w.add(i * 1e-3, -1e-3);
    EXPECT_NEAR(w.quantile(), kBin, 1e-12);
    w.add(2.0, 1.0);
    EXPECT_EQ(w.max(), LatenessWindow::kTopSeconds);
}

TEST(LatenessWindow, StampsThatGoBackStartTheWindowOver) {
    LatenessWindow w;
    feed(w, 100.0, 5.0, 2e-3, 1000000, 0.0);
    feed(w, 0.0, 5.0, 0.1e-3, 1000000, 0.0);
    EXPECT_NEAR(w.quantile(), 0.1e-3, kTol) << "a server that started its clock over starts the window over";
}

} // namespace
} // namespace sy::dsp
