// The one publish/retire scheme: what is retired is freed, and what was
// left with it handed back, only once every running reader is past it.
#include "router/engine/rt_handoff.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

namespace sy::router {
namespace {

using Handoff = RtHandoff<int, 2, std::vector<int>>;

TEST(RtHandoff, ALeftoverComesBackOnlyOnceEveryRunningReaderIsPastItsObject) {
    Handoff h;
    h.publish(std::make_unique<int>(1));
    EXPECT_EQ(*h.acquire(0).value, 1);
    EXPECT_EQ(*h.acquire(1).value, 1);
    EXPECT_EQ(h.reclaim({true, true}).size(), 1u) << "the empty start, which both readers are past";
    h.publish(std::make_unique<int>(2), {7, 8}); // 7 and 8 were only the first object's
    EXPECT_TRUE(h.reclaim({true, true}).empty()) << "no reader has loaded the second object yet";
    h.acquire(0);
    EXPECT_FALSE(h.seen_by_all({true, true}));
    EXPECT_TRUE(h.reclaim({true, true}).empty()) << "reader 1 may still hold the first object";
    h.acquire(1);
    EXPECT_TRUE(h.seen_by_all({true, true}));
    const auto back = h.reclaim({true, true});
    ASSERT_EQ(back.size(), 1u);
    EXPECT_EQ(back[0], (std::vector<int>{7, 8}));
    EXPECT_EQ(h.retired_count(), 0u);
}

TEST(RtHandoff, AReaderThatIsNotRunningHoldsNothingBack) {
    Handoff h;
    h.publish(std::make_unique<int>(1));
    h.publish(std::make_unique<int>(2), {3});
    h.acquire(0);
    const auto back = h.reclaim({true, false});
    ASSERT_EQ(back.size(), 2u) << "the empty start and the first object";
    EXPECT_EQ(back[1], std::vector<int>{3});
}

TEST(RtHandoff, GenerationsGrowAndAcquireSaysWhenTheObjectIsNew) {
    Handoff h;
    EXPECT_EQ(h.acquire(0).value, nullptr);
    EXPECT_EQ(h.current_generation(), 0u);
    EXPECT_EQ(h.publish(std::make_unique<int>(5)), 1u);
    EXPECT_EQ(h.current_generation(), 1u);
    const auto a = h.acquire(0);
    EXPECT_EQ(h.acquire(0).generation, a.generation);
    h.publish(std::make_unique<int>(6));
    EXPECT_GT(h.acquire(0).generation, a.generation);
    EXPECT_EQ(*h.current(), 6);
}

} // namespace
} // namespace sy::router
