// Each server runs its own Plan (graph/domain_split.hpp): a path from a
// PipeWire input through a bus to a PipeWire output stays in PipeWire's
// cycle and crosses no bridge while JACK runs too, as the budget says and a
// measured round trip shows.
#include <gtest/gtest.h>

#include <chrono>

#include "graph/reported_latency.hpp"
#include "jack_probe.hpp"
#include "live_faults_support.hpp"
#include "presets/preset_reader.hpp"
#include "router/jack/side.hpp"
#include "router/session/live_session.hpp"
#include "test_servers.hpp"

namespace sy::test {
namespace {

using namespace std::chrono_literals;

class LiveDomains : public ServersTest {};

const graph::PathBudget* path_of(const std::vector<graph::PathBudget>& budgets, const std::vector<std::string>& hops) {
    for (const auto& b : budgets) {
        if (b.hops == hops) return &b;
    }
    ADD_FAILURE() << "no path " << hops.front() << " -> " << hops.back();
    return nullptr;
}

int bridge_parts(const graph::PathBudget* b) {
    int n = 0;
    if (b) {
        for (const auto& p : b->parts) n += p.kind == "bridge";
    }
    return n;
}

// The demo preset as `switchyard demo` runs it, with JACK as the hub:
// desktop sound reaches the speakers in PipeWire's cycle, and the DAW
// crosses once.
TEST_F(LiveDomains, TheDemoDesktopPathCrossesNoBridgeWithJackAsTheHub) {
    const auto read = presets::read_preset_file(std::string(SY_SOURCE_DIR) + "/presets/examples/demo.json");
    ASSERT_TRUE(read.model) << read.problems.front().message;
    router::LiveSession session(*read.model);
    ASSERT_EQ(session.start(), "");
    ASSERT_TRUE(session.jack_is_hub());
    const StallWatch watch;
    ASSERT_GE(until_locked(watch, session), 0.0) << session.status_line();
    const auto budgets = session.budgets();
    const graph::PathBudget* desktop = path_of(budgets, {"desktop", "mix", "speakers"});
    const graph::PathBudget* daw = path_of(budgets, {"daw", "mix", "speakers"});
    const graph::PathBudget* monitor = path_of(budgets, {"daw", "monitor"});
    ASSERT_TRUE(desktop && daw && monitor);
    std::cout << "[ figures  ] demo at JACK period " << session.jack().period() << ": desktop -> mix -> speakers "
              << desktop->total_ms << " ms, daw -> mix -> speakers " << daw->total_ms << " ms\n";
    EXPECT_EQ(bridge_parts(desktop), 0) << "desktop sound crossed into JACK and back";
    EXPECT_EQ(bridge_parts(daw), 1) << "the DAW should cross once, into PipeWire's cycle";
    EXPECT_EQ(bridge_parts(monitor), 0) << "a JACK path crossed a bridge";
    // One bridge: the DAW's raw signal into PipeWire, where the mix runs
    // (it feeds PipeWire outputs only); the JACK monitor hears the DAW at home.
    const auto reports = session.bridge_reports();
    ASSERT_EQ(reports.size(), 1u) << session.status_line();
    EXPECT_EQ(reports.front().id, "daw");
    session.stop();
}

// Clicks from a JACK client cross into PipeWire (send -> a), come back from
// test-sink-a's monitor through a bus to test-sink-b in PipeWire's cycle
// (mid -> mix -> b), and cross back to JACK from test-sink-b's monitor
// (ret -> back). The round trip holds two crossings, not four: less the
// budgets of the two crossing paths, what is left is the bus path's cost
// plus one PipeWire cycle. That cycle is the graph's, not ours: our node
// feeds test-sink-a and reads its monitor, a loop PipeWire runs a cycle
// late, and this trip passes through our node once more than
// LiveLatency's round trip, whose one such pass the crossing budgets match.
// One more crossing would cost two periods and a margin on top.
TEST_F(LiveDomains, APipewireBusPathIsMeasuredWithNoCrossing) {
    constexpr int kClickEvery = 24000;
    JackProbe probe("probe-dom", 2, -kClickEvery, 0.5, 4.0);
    ASSERT_TRUE(probe.ok());
    const auto read = presets::parse_preset(R"({ "switchyard": 1, "name": "live-dom", )" + engine_latency_member() + R"(
      "inputs": [ { "id": "send", "channels": 2, "jack": { "connect": [")" + probe.port("out", 1) + R"(", ")" + probe.port("out", 2) + R"("] } },
                  { "id": "mid", "channels": 2, "pipewire": { "target": "test-sink-a" } },
                  { "id": "ret", "channels": 2, "pipewire": { "target": "test-sink-b" } } ],
      "buses": [ { "id": "mix", "channels": 2 } ],
      "outputs": [ { "id": "a", "channels": 2, "pipewire": { "target": "test-sink-a" } },
                   { "id": "b", "channels": 2, "pipewire": { "target": "test-sink-b" } },
                   { "id": "back", "channels": 2, "jack": { "connect": [")" + probe.port("in", 1) + R"(", ")" + probe.port("in", 2) + R"("] } } ],
      "routes": [ { "from": "send", "to": "a" }, { "from": "mid", "to": "mix" }, { "from": "mix", "to": "b" },
                  { "from": "ret", "to": "back" } ] })");
    ASSERT_TRUE(read.model) << read.problems.front().message;

    router::LiveSession session(*read.model);
    ASSERT_EQ(session.start(), "");
    ASSERT_TRUE(session.jack_is_hub());
    const StallWatch watch;
    ASSERT_GE(until_locked(watch, session), 0.0) << "the bridges did not lock: " << session.status_line();
    EXPECT_EQ(session.bridge_reports().size(), 2u) << session.status_line();
    const auto [sent, got] = take_clicks(watch, session, probe);
    const auto budgets = session.budgets();
    const graph::PathBudget* out = path_of(budgets, {"send", "a"});
    const graph::PathBudget* bus = path_of(budgets, {"mid", "mix", "b"});
    const graph::PathBudget* back = path_of(budgets, {"ret", "back"});
    const int period = session.jack().period();
    const int quantum = session.pipewire().quantum();
    session.stop();
    ASSERT_TRUE(out && bus && back);
    EXPECT_EQ(bridge_parts(out), 1);
    EXPECT_EQ(bridge_parts(bus), 0) << "PipeWire -> bus -> PipeWire crossed a bridge";
    EXPECT_EQ(bridge_parts(back), 1);

    const Lag lag = cross_correlation_lag(sent, got, kClickEvery / 2);
    const double ms = 1000.0 / probe.rate();
    const double bus_path = lag.frames - out->total_frames - back->total_frames - quantum;
    std::cout << "[ figures  ] round trip at period " << period << ", quantum " << quantum << ": measured "
              << lag.frames * ms << " ms; mid -> mix -> b measured " << bus_path * ms
              << " ms (the round trip less the two crossing paths' budgets and the graph's cycle), budget "
              << bus->total_ms << " ms\n";
    EXPECT_GT(lag.correlation, 0.5) << "the clicks did not come back recognisably";
    EXPECT_NEAR(bus_path, bus->total_frames, period) << "the PipeWire bus path cost more than its budget by a period";
}

} // namespace
} // namespace sy::test
