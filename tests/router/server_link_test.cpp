#include <gtest/gtest.h>

#include "router/session/server_link.hpp"

namespace sy::router {
namespace {

using namespace std::chrono_literals;

TEST(ServerLink, ALateServerGoesFromAbsentThroughConnectingToRunning) {
    ServerLink link("jack");
    const auto t0 = ServerLink::Clock::now();
    auto t = link.observe(true, false, false, t0);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->to, ServerState::Absent);
    EXPECT_FALSE(link.observe(true, false, false, t0 + 1s)) << "no transition while nothing changes";
    t = link.observe(true, true, false, t0 + 2s);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->from, ServerState::Absent);
    EXPECT_EQ(t->to, ServerState::Connecting);
    EXPECT_EQ(t->gone_seconds, 0.0) << "a server never seen was not lost";
    t = link.observe(true, true, true, t0 + 2s);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->to, ServerState::Running);
    EXPECT_EQ(link.losses(), 0u);
}

TEST(ServerLink, AServerThatGoesIsLostUntilItIsBackAndTheGapIsTold) {
    ServerLink link("pipewire");
    const auto t0 = ServerLink::Clock::now();
    link.observe(true, true, true, t0);
    auto t = link.observe(true, false, false, t0 + 1s);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->to, ServerState::Lost);
    EXPECT_EQ(link.losses(), 1u);
    t = link.observe(true, true, true, t0 + 3500ms);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->from, ServerState::Lost);
    EXPECT_EQ(t->to, ServerState::Running);
    EXPECT_NEAR(t->gone_seconds, 2.5, 1e-9);
}

TEST(ServerLink, NotWantedIsOffAndForgetsItWasSeen) {
    ServerLink link("jack");
    link.observe(true, true, true);
    auto t = link.observe(false, false, false);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->to, ServerState::Off);
    t = link.observe(true, false, false);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->to, ServerState::Absent);
}

TEST(ServerLink, FreewheelingIsConnectedButNotRunning) {
    ServerLink link("jack");
    link.observe(true, true, true);
    auto t = link.observe(true, true, false);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->to, ServerState::Connecting);
    EXPECT_TRUE(link.connected());
    EXPECT_FALSE(link.running());
}

} // namespace
} // namespace sy::router
