// The latency budget told against a measurement: clicks from a JACK client
// go JACK -> Switchyard -> a PipeWire null sink -> its monitor -> Switchyard
// -> back to the JACK client, whose recording is correlated with what it
// sent. The delay must match the two paths' budgets within one period.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <thread>

#include "jack_probe.hpp"
#include "live_faults_support.hpp"
#include "graph/reported_latency.hpp"
#include "presets/preset_reader.hpp"
#include "router/jack/side.hpp"
#include "router/session/live_session.hpp"
#include "test_servers.hpp"

namespace sy::test {
namespace {

using namespace std::chrono_literals;

class LiveLatency : public ServersTest {};

const graph::PathBudget* find_budget(const std::vector<graph::PathBudget>& budgets, const std::string& from,
                                     const std::string& to) {
    for (const auto& b : budgets) {
        if (b.hops.front() == from && b.hops.back() == to) return &b;
    }
    ADD_FAILURE() << "no path " << from << " -> " << to;
    return nullptr;
}

double budget_frames(const router::LiveSession& s, const std::string& from, const std::string& to) {
    const auto budgets = s.budgets();
    const graph::PathBudget* b = find_budget(budgets, from, to);
    return b ? b->total_frames : 0.0;
}

// What a path's crossing costs in the budget (the periods, the margin and
// the resampler of its bridge: every part that is not a device's), and its
// margin alone, in frames.
struct CrossingBudget {
    double frames = 0.0;
    double margin = 0.0;
};
CrossingBudget crossing_budget(const router::LiveSession& s, const std::string& from, const std::string& to) {
    const auto budgets = s.budgets();
    CrossingBudget c;
    if (const graph::PathBudget* b = find_budget(budgets, from, to)) {
        c.frames = graph::own_frames(*b);
        for (const auto& p : b->parts) {
            if (p.kind == "bridge") c.margin += p.frames;
        }
    }
    return c;
}

TEST_F(LiveLatency, RoundTripThroughPipewireMatchesTheBudget) {
    constexpr int kClickEvery = 24000; // half a second: far longer than any delay here
    JackProbe probe("probe-lat", 2, -kClickEvery, 0.5, 4.0);
    ASSERT_TRUE(probe.ok());
    const auto read = presets::parse_preset(R"({ "switchyard": 1, "name": "live-lat", )" + engine_latency_member() + R"(
      "inputs": [ { "id": "send", "channels": 2, "jack": { "connect": [")" + probe.port("out", 1) + R"(", ")" + probe.port("out", 2) + R"("] } },
                  { "id": "ret", "channels": 2, "pipewire": { "target": "test-sink-a" } } ],
      "outputs": [ { "id": "loop", "channels": 2, "pipewire": { "target": "test-sink-a" } },
                   { "id": "back", "channels": 2, "jack": { "connect": [")" + probe.port("in", 1) + R"(", ")" + probe.port("in", 2) + R"("] } } ],
      "routes": [ { "from": "send", "to": "loop" }, { "from": "ret", "to": "back" } ] })");
    ASSERT_TRUE(read.model) << read.problems.front().message;

    router::LiveSession session(*read.model);
    ASSERT_EQ(session.start(), "");
    // Measured once the bridges have locked, so that their fill is at its target.
    const StallWatch watch;
    ASSERT_GE(until_locked(watch, session), 0.0) << "the bridges did not lock: " << session.status_line();
    const auto [sent, got] = take_clicks(watch, session, probe);
    const int period = session.jack().period();
    const double budget = budget_frames(session, "send", "loop") + budget_frames(session, "ret", "back");
    const CrossingBudget out = crossing_budget(session, "send", "loop");
    const CrossingBudget back = crossing_budget(session, "ret", "back");
    session.stop();

    const Lag lag = cross_correlation_lag(sent, got, kClickEvery / 2);
    std::cout << "[ figures  ] round trip at period " << period << ": measured " << lag.frames << " frames ("
              << lag.frames * 1000.0 / probe.rate() << " ms), budget " << budget << " frames (" << budget * 1000.0 / probe.rate()
              << " ms), correlation " << lag.correlation << "\n";
    // One crossing, measured: the round trip less what the budget gives the
    // devices (the null sink's own latency), over the two crossings.
    const double ms = 1000.0 / probe.rate();
    const double devices = budget - out.frames - back.frames;
    std::cout << "[ figures  ] one crossing at period " << period << ": measured "
              << (lag.frames - devices) / 2.0 * ms << " ms (the round trip less the devices' budget, halved), budget "
              << out.frames * ms << " ms JACK -> PipeWire (margin " << out.margin * ms << " ms) and " << back.frames * ms
              << " ms PipeWire -> JACK (margin " << back.margin * ms << " ms)\n";
    EXPECT_GT(lag.correlation, 0.5) << "the clicks did not come back recognisably";
    EXPECT_NEAR(static_cast<double>(lag.frames), budget, period) << "the budget is off by more than one period";
}

} // namespace
} // namespace sy::test
