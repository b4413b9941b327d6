// The GUI's arithmetic, without a display: meter ballistics, latency part
// kinds and where a part came from, which ports a route joins, the recent
// presets list.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "gui/engine_view.hpp"
#include "gui/latency_parts.hpp"
#include "gui/meter_ballistics.hpp"
#include "gui/recent_presets.hpp"
#include "gui/route_curve.hpp"

namespace sy::gui {
namespace {

TEST(GuiMeterBallistics, APeakHoldsThenFallsAndAClipLatches) {
    MeterBallistics m;
    const std::vector<double> loud{0.5}, quiet{0.01};
    m.feed(loud, loud, 0.0);
    EXPECT_NEAR(m.channels()[0].peak_db, -6.02, 0.01);
    m.feed(quiet, quiet, 0.1); // the bar falls 2.6 dB in 0.1 s, not to -40 at once
    EXPECT_NEAR(m.channels()[0].peak_db, -6.02 - 2.6, 0.01);
    EXPECT_NEAR(m.channels()[0].hold_db, -6.02, 0.01) << "the hold stays for 1.5 s";
    m.feed(quiet, quiet, 2.0);
    EXPECT_LT(m.channels()[0].hold_db, -6.02 - 10.0) << "and falls after";
    EXPECT_FALSE(m.clipped());
    const std::vector<double> full{1.0};
    m.feed(full, loud, 2.1);
    m.feed(quiet, quiet, 2.2);
    EXPECT_TRUE(m.clipped()) << "a full-scale sample latches the clip light";
    m.reset_clip();
    EXPECT_FALSE(m.clipped());
}

TEST(GuiLatencyParts, TheEnginesKindTagsAreTheBarsKinds) {
    EXPECT_EQ(latency_kind_from_tag("device"), LatencyKind::device);
    EXPECT_EQ(latency_kind_from_tag("period"), LatencyKind::period);
    EXPECT_EQ(latency_kind_from_tag("bridge"), LatencyKind::bridge);
    EXPECT_EQ(latency_kind_from_tag("resampler"), LatencyKind::resampler);
    EXPECT_EQ(latency_kind_from_tag("quantum"), LatencyKind::quantum);
    EXPECT_EQ(latency_kind_from_tag("network"), LatencyKind::other);
    EXPECT_EQ(latency_kind_from_tag(""), LatencyKind::other);
}

TEST(GuiLatencyParts, ABridgePartKeepsWhereItsMarginCameFrom) {
    const auto paths = read_paths(nlohmann::json::parse(R"json([{"hops": ["daw", "speakers"], "total_ms": 12.0,
        "parts": [{"name": "bridge margin (speakers)", "kind": "bridge", "frames": 100, "ms": 2.08,
                   "why": "low: p99.9 lateness 0.42 ms + loop 0.25 ms"},
                  {"name": "jack period (bridge speakers)", "kind": "period", "frames": 256, "ms": 5.33}]}])json"));
    ASSERT_EQ(paths.size(), 1u);
    ASSERT_EQ(paths[0].parts.size(), 2u);
    EXPECT_EQ(paths[0].parts[0].why, "low: p99.9 lateness 0.42 ms + loop 0.25 ms");
    EXPECT_EQ(paths[0].parts[1].why, "") << "a fixed part says nothing of where it came from";
}

TEST(GuiRouteCurve, ARouteJoinsThePortsTheEngineMaps) {
    using Pairs = std::vector<std::pair<int, int>>;
    EXPECT_EQ(route_port_pairs(2, 2, std::nullopt), (Pairs{{0, 0}, {1, 1}}));
    EXPECT_EQ(route_port_pairs(1, 2, std::nullopt), (Pairs{{0, 0}, {0, 1}}));
    EXPECT_EQ(route_port_pairs(2, 1, std::nullopt), (Pairs{{0, 0}, {1, 0}}));
    EXPECT_EQ(route_port_pairs(4, 2, std::nullopt), Pairs{});
    EXPECT_EQ(route_port_pairs(2, 2, Pairs{{1, 0}}), (Pairs{{1, 0}}));
    const RouteCurve c({0, 0}, {100, 50});
    EXPECT_NEAR(c.at(0.5).x, 50, 1e-9);
    EXPECT_NEAR(c.at(0.5).y, 25, 1e-9);
    EXPECT_LT(c.distance_to({50, 25}), 0.5);
    EXPECT_GT(c.distance_to({50, 60}), 20);
}

TEST(GuiRecentPresets, NewestFirstWithoutRepeatsKeptBetweenRuns) {
    const auto dir = std::filesystem::temp_directory_path() / ("sy-recent-" + std::to_string(::getpid()));
    const std::string file = (dir / "state" / "recent").string();
    {
        RecentPresets r(file);
        EXPECT_EQ(r.push("streaming"), "");
        EXPECT_EQ(r.push("podcast"), "");
        EXPECT_EQ(r.push("streaming"), "");
        for (int i = 0; i < 10; ++i) r.push("p" + std::to_string(i));
        EXPECT_EQ(r.names().size(), RecentPresets::kMax);
    }
    RecentPresets again(file);
    ASSERT_EQ(again.names().size(), RecentPresets::kMax);
    EXPECT_EQ(again.names().front(), "p9");
    std::filesystem::remove_all(dir);
}

} // namespace
} // namespace sy::gui
