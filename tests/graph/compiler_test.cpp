#include <gtest/gtest.h>

#include "graph/compiler.hpp"
#include "graph/route_gain.hpp"
#include "graph/signature.hpp"
#include "graph/topology.hpp"
#include "tests/support/model_builder.hpp"

namespace sy::graph {
namespace {

using test::bus;
using test::input;
using test::output;
using test::route;

int index_of(const Plan& plan, const std::string& id) {
    for (std::size_t i = 0; i < plan.endpoints.size(); ++i) {
        if (plan.endpoints[i].id == id) return static_cast<int>(i);
    }
    return -1;
}

TEST(Compiler, BusesComeAfterTheBusesThatFeedThem) {
    Model m;
    m.inputs = {input("in")};
    // Listed consumer first, so list order alone would be wrong.
    m.buses = {bus("c"), bus("b"), bus("a")};
    m.outputs = {output("out")};
    m.routes = {route("in", "a"), route("a", "b"), route("b", "c"), route("c", "out")};
    Compiled c = compile(m, sequential_slots(m), {});
    ASSERT_TRUE(c.plan) << c.problems.size();
    EXPECT_LT(index_of(*c.plan, "a"), index_of(*c.plan, "b"));
    EXPECT_LT(index_of(*c.plan, "b"), index_of(*c.plan, "c"));
    // Every step reads a source whose own steps came earlier.
    std::vector<bool> complete(c.plan->endpoints.size(), false);
    for (std::size_t i = 0; i < c.plan->endpoints.size(); ++i) {
        complete[i] = c.plan->endpoints[i].kind == EndpointKind::Input;
    }
    int last_dst = -1;
    for (const auto& s : c.plan->steps) {
        if (s.dst != last_dst && last_dst >= 0) complete[static_cast<std::size_t>(last_dst)] = true;
        last_dst = s.dst;
        EXPECT_TRUE(complete[static_cast<std::size_t>(s.src)]) << "step reads " << c.plan->endpoints[static_cast<std::size_t>(s.src)].id << " before it is mixed";
    }
}

TEST(Compiler, FirstWriterAssignsLaterOnesAdd) {
    Model m;
    m.inputs = {input("a"), input("b")};
    m.outputs = {output("out")};
    m.routes = {route("a", "out"), route("b", "out")};
    Compiled c = compile(m, sequential_slots(m), {});
    ASSERT_TRUE(c.plan);
    ASSERT_EQ(c.plan->steps.size(), 2u);
    for (const auto& t : c.plan->steps[0].taps) EXPECT_TRUE(t.assign);
    for (const auto& t : c.plan->steps[1].taps) EXPECT_FALSE(t.assign);
    EXPECT_TRUE(c.plan->silences.empty());
}

TEST(Compiler, UnwrittenChannelsAreSilenced) {
    Model m;
    m.inputs = {input("mic", 1)};
    m.outputs = {output("out", 2), output("idle", 2)};
    Route r = route("mic", "out");
    r.map = std::vector<ChannelPair>{{0, 1}};
    m.routes = {r};
    Compiled c = compile(m, sequential_slots(m), {});
    ASSERT_TRUE(c.plan);
    // out:0 and both channels of idle get zeros every cycle.
    EXPECT_EQ(c.plan->silences.size(), 3u);
}

TEST(Compiler, DefaultMapsMonoUpAndStereoDownWithWeights) {
    Model m;
    m.inputs = {input("mic", 1), input("st", 2)};
    m.outputs = {output("wide", 2), output("mono", 1)};
    m.routes = {route("mic", "wide"), route("st", "mono")};
    Compiled c = compile(m, sequential_slots(m), {});
    ASSERT_TRUE(c.plan);
    ASSERT_EQ(c.plan->steps.size(), 2u);
    ASSERT_EQ(c.plan->steps[0].taps.size(), 2u);
    EXPECT_EQ(c.plan->steps[0].taps[1].from, 0);
    EXPECT_EQ(c.plan->steps[0].taps[1].to, 1);
    ASSERT_EQ(c.plan->steps[1].taps.size(), 2u);
    EXPECT_FLOAT_EQ(c.plan->steps[1].taps[0].weight, 0.5f);
}

// The mixer is not compiled into the Plan (the engine sets each route's
// target gain from route_target_gains() without a new Plan): a change of
// it alone leaves the topology, and so the Plan, as it was.
TEST(Compiler, GainAndMuteBecomeTargetGains) {
    Model m;
    m.inputs = {input("a"), input("b"), input("c")};
    m.outputs = {output("out")};
    m.routes = {route("a", "out", -6.0206), route("b", "out", kSilenceDb), route("c", "out", 6)};
    m.routes[2].mute = true;
    Compiled c = compile(m, sequential_slots(m), {});
    ASSERT_TRUE(c.plan);
    const std::vector<float> g = route_target_gains(m);
    EXPECT_NEAR(g[0], 0.5f, 1e-6);
    EXPECT_EQ(g[1], 0.0f);
    EXPECT_EQ(g[2], 0.0f);
}

TEST(Compiler, MixerStripsReachTheTargetGains) {
    Model m;
    m.inputs = {input("a"), input("b"), input("c")};
    m.outputs = {output("out")};
    m.routes = {route("a", "out", -6.0), route("b", "out"), route("c", "out")};
    m.inputs[0].gain_db = -6.0;
    m.inputs[1].mute = true;
    Compiled c = compile(m, sequential_slots(m), {});
    ASSERT_TRUE(c.plan);
    ASSERT_EQ(c.plan->steps.size(), 3u);
    const std::vector<float> g = route_target_gains(m);
    EXPECT_NEAR(g[0], 0.2512f, 1e-4f) << "input fader -6 + route -6 = -12 dB, got " << g[0];
    EXPECT_EQ(g[1], 0.0f) << "muted input: " << g[1];
    EXPECT_EQ(g[2], 1.0f) << "defaults: " << g[2];
}

TEST(Compiler, TheMixerAloneIsNotTopology) {
    Model m;
    m.inputs = {input("a"), input("b")};
    m.buses = {bus("mix")};
    m.outputs = {output("out")};
    m.routes = {route("a", "mix"), route("b", "mix"), route("mix", "out")};
    Model mixed = m;
    mixed.name = "renamed";
    mixed.inputs[0].gain_db = -12.0;
    mixed.inputs[1].mute = true;
    mixed.buses[0].solo = true;
    mixed.routes[2].gain_db = kSilenceDb;
    mixed.routes[0].solo = true;
    EXPECT_TRUE(same_topology(m, mixed));
    for (auto change : std::vector<void (*)(Model&)>{
             [](Model& x) { x.routes.pop_back(); },
             [](Model& x) { x.routes[0].map = std::vector<ChannelPair>{{0, 1}}; },
             [](Model& x) { x.inputs[0].channels = 1; },
             [](Model& x) { x.buses.push_back(bus("other")); },
             [](Model& x) { x.engine.period = 256; },
             [](Model& x) { x.inputs[1].quality = Quality::Best; },
             [](Model& x) { x.outputs[0].rate = 44100; },
             [](Model& x) { x.outputs[0].pipewire = PipewireSpec{"test-sink-a", "", ""}; },
             [](Model& x) { x.routes[1].to = "out"; },
         }) {
        Model t = mixed;
        change(t);
        EXPECT_FALSE(same_topology(m, t));
    }
}

TEST(Compiler, BuffersAreDistinctAndSized) {
    Model m = test::small_model();
    CompileOptions o;
    o.max_frames = 256;
    Compiled c = compile(m, sequential_slots(m), o);
    ASSERT_TRUE(c.plan);
    for (std::size_t i = 1; i < c.plan->endpoints.size(); ++i) {
        const auto& prev = c.plan->endpoints[i - 1];
        EXPECT_EQ(c.plan->endpoints[i].data, prev.data + prev.channels * 256);
    }
    EXPECT_EQ(c.plan->ramp_frames, 240); // 5 ms at 48 kHz
}

TEST(Compiler, InvalidModelGivesProblemsAndNoPlan) {
    Model m = test::small_model();
    m.routes.push_back(route("mix", "nowhere"));
    Compiled c = compile(m, sequential_slots(m), {});
    EXPECT_FALSE(c.plan);
    EXPECT_EQ(c.problems.size(), 1u);
}

TEST(Topology, ReportsTheCycle) {
    Model m;
    m.buses = {bus("x"), bus("y")};
    m.routes = {route("x", "y"), route("y", "x")};
    const BusOrder o = order_buses(m);
    EXPECT_TRUE(o.order.empty());
    EXPECT_EQ(o.cycle, (std::vector<std::string>{"x", "y", "x"}));
}

} // namespace
} // namespace sy::graph
