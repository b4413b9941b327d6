// How a model splits into one Model per clock domain, and what crosses:
// every path crosses a bridge once when its input and output live on
// different servers, and never otherwise.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "graph/compiler.hpp"
#include "graph/domain_split.hpp"
#include "graph/latency_budget.hpp"
#include "graph/route_gain.hpp"
#include "graph/validate.hpp"
#include "tests/support/model_builder.hpp"

namespace sy::graph {
namespace {

using test::bus;
using test::input;
using test::output;
using test::route;

Endpoint on_jack(Endpoint e) {
    e.jack = JackSpec{};
    return e;
}
Endpoint on_pipewire(Endpoint e) {
    e.pipewire = PipewireSpec{};
    return e;
}

// presets/examples/demo.json, built in code so the graph tests need no
// preset reader: daw on JACK, desktop on PipeWire, bus mix -> speakers,
// phones, stream on PipeWire, daw -> monitor on JACK.
Model demo() {
    Model m;
    m.name = "demo";
    m.engine.period = 256;
    m.inputs = {on_jack(input("daw")), on_pipewire(input("desktop"))};
    m.buses = {bus("mix")};
    m.outputs = {on_pipewire(output("speakers")), on_pipewire(output("phones")), on_pipewire(output("stream")),
                 on_jack(output("monitor"))};
    m.routes = {route("daw", "mix", -6.0), route("desktop", "mix"),   route("mix", "speakers"),
                route("mix", "phones"),     route("mix", "stream"),    route("daw", "monitor")};
    return m;
}

// presets/examples/streaming.json: a stream bus fed by a JACK DAW and
// PipeWire desktop sound and mic, heard by OBS on PipeWire.
Model streaming() {
    Model m;
    m.name = "streaming";
    m.inputs = {on_jack(input("daw")), on_pipewire(input("desktop")), on_pipewire(input("mic", 1))};
    m.buses = {bus("stream")};
    m.outputs = {on_pipewire(output("obs")), on_pipewire(output("phones")), on_jack(output("monitor"))};
    m.routes = {route("daw", "stream", -3.0), route("desktop", "stream", -12.0), route("mic", "stream"),
                route("stream", "obs"),        route("daw", "phones"),             route("daw", "monitor")};
    return m;
}

std::vector<std::string> ids(const std::vector<Endpoint>& list) {
    std::vector<std::string> out;
    for (const auto& e : list) out.push_back(e.id);
    return out;
}

std::vector<std::string> routes_of(const Model& m) {
    std::vector<std::string> out;
    for (const auto& r : m.routes) out.push_back(r.from + "->" + r.to);
    return out;
}

using Ids = std::vector<std::string>;

// How many bridges a path crosses today, with one hub running everything:
// its input's and its output's, each when not on the hub.
int crossings_through_hub(const Model& m, const std::vector<std::string>& hops, const HomeDomain& home,
                          Domain hub) {
    return (home(*m.find(hops.front())) != hub ? 1 : 0) + (home(*m.find(hops.back())) != hub ? 1 : 0);
}

std::vector<std::vector<std::string>> paths_of(const Model& m) {
    std::vector<std::vector<std::string>> out;
    for (auto& b : path_budgets(m, [](double, double, Quality) { return 0.0; })) out.push_back(b.hops);
    return out;
}

std::string joined(const std::vector<std::string>& hops) {
    std::string s;
    for (const auto& h : hops) s += (s.empty() ? "" : " -> ") + h;
    return s;
}

// Every path crosses exactly once when its input's and output's homes
// differ and never otherwise; and each domain's routes have both ends in it.
void expect_each_path_crosses_at_most_once(const Model& m, const HomeDomain& home) {
    const DomainSplit split = split_by_domain(m, home);
    const auto paths = paths_of(m);
    ASSERT_FALSE(paths.empty());
    for (const auto& hops : paths) {
        const bool apart = home(*m.find(hops.front())) != home(*m.find(hops.back()));
        EXPECT_EQ(path_crossings(split, hops), std::optional<int>(apart ? 1 : 0)) << m.name << ": " << joined(hops);
    }
    for (Domain d : kDomains) {
        const Model& part = split.model(d);
        for (const auto& r : part.routes) {
            EXPECT_TRUE(part.find(r.from) && part.find(r.to)) << to_string(d) << ": " << r.from << "->" << r.to;
        }
    }
}

TEST(DomainSplit, DemoRunsDawToMonitorInJackAndTheMixInPipewire) {
    const DomainSplit s = split_by_domain(demo(), home_by_server(Domain::Jack));
    EXPECT_EQ(ids(s.jack.inputs), (Ids{"daw"}));
    EXPECT_EQ(ids(s.jack.buses), Ids{});
    EXPECT_EQ(ids(s.jack.outputs), (Ids{"monitor"}));
    EXPECT_EQ(routes_of(s.jack), (Ids{"daw->monitor"}));

    EXPECT_EQ(ids(s.pipewire.inputs), (Ids{"daw", "desktop"})) << "daw runs here as a replica";
    EXPECT_EQ(ids(s.pipewire.buses), (Ids{"mix"}));
    EXPECT_EQ(ids(s.pipewire.outputs), (Ids{"speakers", "phones", "stream"}));
    EXPECT_EQ(routes_of(s.pipewire),
              (Ids{"daw->mix", "desktop->mix", "mix->speakers", "mix->phones", "mix->stream"}));
}

TEST(DomainSplit, DemoCrossesOnceCarryingTheDawIntoPipewire) {
    const DomainSplit s = split_by_domain(demo(), home_by_server(Domain::Jack));
    ASSERT_EQ(s.crossings.size(), 1u);
    EXPECT_EQ(s.crossings[0], (Crossing{"daw", Domain::Jack, Domain::Pipewire, 2}));
    EXPECT_EQ(path_crossings(s, {"daw", "mix", "speakers"}), 1);
    EXPECT_EQ(path_crossings(s, {"daw", "monitor"}), 0);
}

TEST(DomainSplit, DesktopToSpeakersCrossesTwiceThroughAJackHubAndNeverWhenSplit) {
    const Model m = demo();
    const HomeDomain home = home_by_server(Domain::Jack);
    const std::vector<std::string> hops{"desktop", "mix", "speakers"};
    EXPECT_EQ(crossings_through_hub(m, hops, home, Domain::Jack), 2) << "today, JACK as the hub";
    EXPECT_EQ(path_crossings(split_by_domain(m, home), hops), 0);
}

TEST(DomainSplit, EveryPathCrossesOnceExactlyWhenItsInputAndOutputLiveApart) {
    expect_each_path_crosses_at_most_once(demo(), home_by_server(Domain::Jack));
    expect_each_path_crosses_at_most_once(streaming(), home_by_server(Domain::Jack));
    expect_each_path_crosses_at_most_once(test::small_model(), home_by_server(Domain::Pipewire));
}

TEST(DomainSplit, ReplicasKeepIdsStripsChannelsAndEveryOtherField) {
    Model m = demo();
    m.engine.rate = 44100;
    m.engine.latency = LatencyMode::Low;
    Endpoint& daw = m.inputs[0];
    daw.channels = 4;
    daw.gain_db = -3.5;
    daw.mute = true;
    daw.solo = true;
    daw.quality = Quality::Best;
    daw.jack->connect = {"system:capture_1"};
    m.buses[0].gain_db = 2.0;
    m.routes[0].map = std::vector<ChannelPair>{{0, 0}, {1, 1}};
    m.routes[0].solo = true;

    const DomainSplit s = split_by_domain(m, home_by_server(Domain::Jack));
    for (Domain d : kDomains) {
        const Model& part = s.model(d);
        EXPECT_EQ(part.name, "demo") << to_string(d);
        EXPECT_EQ(part.engine, m.engine) << to_string(d);
        const Endpoint* replica = part.find("daw");
        ASSERT_TRUE(replica) << to_string(d);
        EXPECT_EQ(replica->channels, 4);
        EXPECT_EQ(replica->gain_db, -3.5);
        EXPECT_TRUE(replica->mute && replica->solo) << to_string(d);
        EXPECT_EQ(replica->quality, Quality::Best);
        EXPECT_EQ(replica->jack, daw.jack);
    }
    EXPECT_EQ(s.pipewire.find("mix")->gain_db, 2.0);
    const Route& r = s.pipewire.routes.at(0);
    EXPECT_EQ(r.from + "->" + r.to, "daw->mix");
    EXPECT_EQ(r.gain_db, -6.0);
    EXPECT_TRUE(r.solo);
    EXPECT_EQ(r.map, m.routes[0].map);
    EXPECT_EQ(s.crossings.at(0).channels, 4) << "a crossing carries every channel of its input";
}

TEST(DomainSplit, StreamingBusFedFromBothServersRunsInPipewireOnly) {
    const DomainSplit s = split_by_domain(streaming(), home_by_server(Domain::Jack));
    EXPECT_EQ(ids(s.jack.buses), Ids{});
    EXPECT_EQ(ids(s.pipewire.buses), (Ids{"stream"}));
    EXPECT_EQ(ids(s.jack.inputs), (Ids{"daw"}));
    EXPECT_EQ(routes_of(s.jack), (Ids{"daw->monitor"}));
    EXPECT_EQ(ids(s.pipewire.inputs), (Ids{"daw", "desktop", "mic"}));
    EXPECT_EQ(routes_of(s.pipewire),
              (Ids{"daw->stream", "desktop->stream", "mic->stream", "stream->obs", "daw->phones"}));
    ASSERT_EQ(s.crossings.size(), 1u);
    EXPECT_EQ(s.crossings[0], (Crossing{"daw", Domain::Jack, Domain::Pipewire, 2}));
    EXPECT_EQ(path_crossings(s, {"desktop", "stream", "obs"}), 0);
    EXPECT_EQ(path_crossings(s, {"mic", "stream", "obs"}), 0);
}

// desktop (PipeWire) and daw (JACK) -> mix -> speakers (PipeWire) and
// monitor (JACK).
Model bus_heard_on_both() {
    Model m;
    m.name = "both";
    m.inputs = {on_pipewire(input("desktop")), on_jack(input("daw"))};
    m.buses = {bus("mix")};
    m.outputs = {on_pipewire(output("speakers")), on_jack(output("monitor"))};
    m.routes = {route("desktop", "mix"), route("daw", "mix"), route("mix", "speakers"), route("mix", "monitor")};
    m.buses[0].gain_db = -4.0;
    m.buses[0].solo = true;
    return m;
}

TEST(DomainSplit, BusHeardOnBothServersRunsAsTwoReplicas) {
    const Model m = bus_heard_on_both();
    const DomainSplit s = split_by_domain(m, home_by_server(Domain::Jack));
    for (Domain d : kDomains) {
        const Model& part = s.model(d);
        ASSERT_EQ(ids(part.buses), (Ids{"mix"})) << to_string(d);
        EXPECT_EQ(part.buses[0].gain_db, -4.0) << to_string(d) << ": the same strip in both";
        EXPECT_TRUE(part.buses[0].solo) << to_string(d);
        EXPECT_EQ(ids(part.inputs), (Ids{"desktop", "daw"})) << to_string(d);
    }
    EXPECT_EQ(routes_of(s.jack), (Ids{"desktop->mix", "daw->mix", "mix->monitor"}));
    EXPECT_EQ(routes_of(s.pipewire), (Ids{"desktop->mix", "daw->mix", "mix->speakers"}));
    EXPECT_EQ(s.crossings, (std::vector<Crossing>{{"desktop", Domain::Pipewire, Domain::Jack, 2},
                                                  {"daw", Domain::Jack, Domain::Pipewire, 2}}));
    expect_each_path_crosses_at_most_once(m, home_by_server(Domain::Jack));
}

TEST(DomainSplit, BusChainsRunWhereTheirOutputsAre) {
    // in (PipeWire) -> a -> b -> c -> far (JACK); a -> near (PipeWire).
    Model m;
    m.name = "chain";
    m.inputs = {on_pipewire(input("in"))};
    m.buses = {bus("c"), bus("b"), bus("a")}; // consumers first: order is the model's, not the mix's
    m.outputs = {on_jack(output("far")), on_pipewire(output("near"))};
    m.routes = {route("in", "a"), route("a", "b"), route("b", "c"), route("c", "far"), route("a", "near")};
    const DomainSplit s = split_by_domain(m, home_by_server(Domain::Pipewire));
    EXPECT_EQ(ids(s.jack.buses), (Ids{"c", "b", "a"}));
    EXPECT_EQ(routes_of(s.jack), (Ids{"in->a", "a->b", "b->c", "c->far"}));
    EXPECT_EQ(ids(s.pipewire.buses), (Ids{"a"}));
    EXPECT_EQ(routes_of(s.pipewire), (Ids{"in->a", "a->near"}));
    EXPECT_EQ(s.crossings, (std::vector<Crossing>{{"in", Domain::Pipewire, Domain::Jack, 2}}));
    EXPECT_EQ(path_crossings(s, {"in", "a", "b", "c", "far"}), 1);
    EXPECT_EQ(path_crossings(s, {"in", "a", "near"}), 0);
    expect_each_path_crosses_at_most_once(m, home_by_server(Domain::Pipewire));
}

TEST(DomainSplit, InputOrBusThatReachesNoOutputIsInNoModelAndNeverCrosses) {
    Model m = demo();
    m.inputs.push_back(on_jack(input("spare")));
    m.inputs.push_back(on_pipewire(input("idle")));
    m.buses.push_back(bus("dead_end"));
    m.routes.push_back(route("idle", "dead_end"));
    m.routes.push_back(route("mix", "dead_end"));
    const DomainSplit s = split_by_domain(m, home_by_server(Domain::Jack));
    for (Domain d : kDomains) {
        for (const char* id : {"spare", "idle", "dead_end"}) {
            EXPECT_FALSE(s.model(d).find(id)) << id << " in " << to_string(d);
        }
        for (const auto& r : s.model(d).routes) EXPECT_NE(r.to, "dead_end") << to_string(d);
    }
    EXPECT_EQ(s.crossings.size(), 1u) << "only daw's";
}

TEST(DomainSplit, DomainWithoutOutputsGetsAnEmptyModel) {
    Model m = demo();
    m.outputs.pop_back(); // monitor, the one JACK output
    m.routes.pop_back();  // daw -> monitor
    const DomainSplit s = split_by_domain(m, home_by_server(Domain::Jack));
    EXPECT_TRUE(s.jack.inputs.empty() && s.jack.buses.empty() && s.jack.outputs.empty() && s.jack.routes.empty())
        << ids(s.jack.inputs).size() << " inputs, " << s.jack.routes.size() << " routes";
    EXPECT_EQ(s.jack.engine, m.engine);
    EXPECT_EQ(routes_of(s.pipewire).size(), 5u);
    EXPECT_EQ(s.crossings, (std::vector<Crossing>{{"daw", Domain::Jack, Domain::Pipewire, 2}}));
}

TEST(DomainSplit, PlainEndpointsLiveWhereTheCallerSays) {
    const Model m = test::small_model(); // in -> mix -> out, in -> direct; none on a server
    for (Domain plain : kDomains) {
        const DomainSplit s = split_by_domain(m, home_by_server(plain));
        EXPECT_EQ(routes_of(s.model(plain)).size(), 3u) << to_string(plain);
        EXPECT_TRUE(s.crossings.empty()) << to_string(plain);
    }
    // The caller may also put each endpoint where it likes.
    const DomainSplit s = split_by_domain(m, [](const Endpoint& e) {
        return e.id == "direct" ? Domain::Jack : Domain::Pipewire;
    });
    EXPECT_EQ(routes_of(s.jack), (Ids{"in->direct"}));
    EXPECT_EQ(routes_of(s.pipewire), (Ids{"in->mix", "mix->out"}));
    EXPECT_EQ(s.crossings, (std::vector<Crossing>{{"in", Domain::Pipewire, Domain::Jack, 2}}));
}

TEST(DomainSplit, SplitModelsValidateAndCompile) {
    for (const Model& m : {demo(), streaming(), bus_heard_on_both()}) {
        ASSERT_TRUE(validate(m).empty()) << m.name;
        const DomainSplit s = split_by_domain(m, home_by_server(Domain::Jack));
        for (Domain d : kDomains) {
            const Model& part = s.model(d);
            const Problems problems = validate(part);
            EXPECT_TRUE(problems.empty()) << m.name << " " << to_string(d) << ": " << problems.size()
                                          << " problems, first " << (problems.empty() ? "" : problems[0].message);
            const Compiled c = compile(part, sequential_slots(part), {});
            EXPECT_TRUE(c.plan) << m.name << " " << to_string(d);
            EXPECT_FALSE(part.routes.empty()) << m.name << " " << to_string(d) << ": each has outputs on both";
        }
    }
}

// Per route key, the target gain route_target_gains gives it in a model.
std::map<std::string, float> gains_by_route(const Model& m) {
    const std::vector<float> gains = route_target_gains(m);
    std::map<std::string, float> out;
    for (std::size_t i = 0; i < m.routes.size(); ++i) out[m.routes[i].from + "->" + m.routes[i].to] = gains[i];
    return out;
}

void expect_same_gains_when_split(const Model& m, const std::string& what) {
    const auto whole = gains_by_route(m);
    const DomainSplit s = split_by_domain(m, home_by_server(Domain::Jack));
    std::map<std::string, int> seen;
    for (Domain d : kDomains) {
        for (const auto& [key, gain] : gains_by_route(s.model(d))) {
            ++seen[key];
            EXPECT_EQ(gain, whole.at(key)) << what << ": " << key << " in " << to_string(d) << " plays at " << gain
                                           << ", in the whole model at " << whole.at(key);
        }
    }
    // Every route here reaches an output, so each runs somewhere.
    for (const auto& [key, gain] : whole) EXPECT_GE(seen[key], 1) << what << ": " << key << " runs nowhere";
}

TEST(DomainSplit, SoloMeansTheSameInEveryDomain) {
    Model m = demo();
    m.routes[1].solo = true; // desktop -> mix: silences daw -> mix
    expect_same_gains_when_split(m, "route solo");
    m = demo();
    m.inputs[0].solo = true; // daw: its routes into mix and monitor are soloed
    m.inputs[0].gain_db = -2.0;
    m.outputs[0].mute = true;
    expect_same_gains_when_split(m, "input solo, muted output");
    m = bus_heard_on_both(); // mix soloed, a replica in both domains
    m.routes[0].solo = true;
    m.routes[3].gain_db = -10.0;
    expect_same_gains_when_split(m, "bus in both");
    // The figures the whole model gives must show solo doing something.
    EXPECT_GT(gains_by_route(demo()).at("daw->mix"), 0.0f);
    Model soloed = demo();
    soloed.routes[1].solo = true;
    EXPECT_EQ(gains_by_route(soloed).at("daw->mix"), 0.0f) << "solo on desktop -> mix silences daw -> mix";
}

TEST(DomainSplit, BusDomainsSayWhereEachBusRuns) {
    Model m = bus_heard_on_both();
    m.buses.push_back(bus("dead_end"));
    m.buses.push_back(bus("pw_only"));
    m.routes.push_back(route("mix", "dead_end"));
    m.routes.push_back(route("desktop", "pw_only"));
    m.routes.push_back(route("pw_only", "speakers"));
    const DomainSplit s = split_by_domain(m, home_by_server(Domain::Jack));
    const std::vector<BusDomains> where = bus_domains(m, s);
    ASSERT_EQ(where.size(), 3u);
    EXPECT_EQ(where[0].bus, "mix");
    EXPECT_EQ(where[0].domains, (std::vector<Domain>{Domain::Jack, Domain::Pipewire}));
    EXPECT_EQ(where[1].bus, "dead_end");
    EXPECT_TRUE(where[1].domains.empty()) << where[1].domains.size() << " domains";
    EXPECT_EQ(where[2].bus, "pw_only");
    EXPECT_EQ(where[2].domains, (std::vector<Domain>{Domain::Pipewire}));
}

TEST(DomainSplit, PathCrossingsIsEmptyForAPathNoModelCarries) {
    const DomainSplit s = split_by_domain(demo(), home_by_server(Domain::Jack));
    EXPECT_FALSE(path_crossings(s, {"desktop", "mix", "nowhere"}));
    EXPECT_FALSE(path_crossings(s, {"desktop", "monitor"})) << "no route desktop -> monitor";
    EXPECT_FALSE(path_crossings(s, {}));
}

} // namespace
} // namespace sy::graph
