// What gain a route really plays at: its own gain and mute, the faders,
// mutes and solos of the mixer strips, and solo per destination.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "dsp/gain_ramp.hpp"
#include "graph/route_gain.hpp"
#include "tests/support/model_builder.hpp"

namespace sy::graph {
namespace {

using test::bus;
using test::input;
using test::output;
using test::route;

// a, b -> mix -> out; a, b -> direct.
Model two_inputs_mixed() {
    Model m;
    m.inputs = {input("a"), input("b")};
    m.buses = {bus("mix")};
    m.outputs = {output("out"), output("direct")};
    m.routes = {route("a", "mix"), route("b", "mix"), route("mix", "out"), route("a", "direct"),
                route("b", "direct")};
    return m;
}

Endpoint& strip(Model& m, const std::string& id) {
    for (auto* list : {&m.inputs, &m.buses, &m.outputs}) {
        for (auto& e : *list) {
            if (e.id == id) return e;
        }
    }
    throw std::runtime_error("no endpoint " + id);
}

Route& route_of(Model& m, const std::string& from, const std::string& to) {
    for (auto& r : m.routes) {
        if (r.from == from && r.to == to) return r;
    }
    throw std::runtime_error("no route " + from + " -> " + to);
}

// The target gain of the route from -> to.
float gain(const Model& m, const std::string& from, const std::string& to) {
    const std::vector<float> gains = route_target_gains(m);
    EXPECT_EQ(gains.size(), m.routes.size()) << "one gain per route";
    for (std::size_t i = 0; i < m.routes.size(); ++i) {
        if (m.routes[i].from == from && m.routes[i].to == to) return gains.at(i);
    }
    ADD_FAILURE() << "no route " << from << " -> " << to;
    return -1.0f;
}

std::string in_db(float g) { return std::to_string(g) + " (" + std::to_string(20.0 * std::log10(g)) + " dB)"; }

TEST(RouteGain, EverythingAtItsDefaultPlaysAtExactlyOne) {
    const Model m = two_inputs_mixed();
    const std::vector<float> gains = route_target_gains(m);
    ASSERT_EQ(gains.size(), 5u);
    for (std::size_t i = 0; i < gains.size(); ++i) {
        // Exactly 1.0f, not nearly: a 0 dB path must stay bit-perfect.
        EXPECT_EQ(gains[i], 1.0f) << m.routes[i].from << " -> " << m.routes[i].to << ": " << std::hexfloat
                                  << gains[i];
    }
}

TEST(RouteGain, SilenceIsExactlyZero) {
    Model m = two_inputs_mixed();
    route_of(m, "a", "mix").gain_db = kSilenceDb;
    strip(m, "b").gain_db = kSilenceDb;
    strip(m, "direct").gain_db = kSilenceDb;
    route_of(m, "mix", "out").gain_db = 24.0; // +24 on a silent fader is still silence
    strip(m, "mix").gain_db = kSilenceDb;
    const std::vector<std::pair<std::string, std::string>> silent = {
        {"a", "mix"}, {"b", "mix"}, {"b", "direct"}, {"a", "direct"}, {"mix", "out"}};
    for (const auto& [from, to] : silent) {
        EXPECT_EQ(gain(m, from, to), 0.0f) << from << " -> " << to << ": " << gain(m, from, to);
    }
}

TEST(RouteGain, InputFaderAddsToTheRouteGain) {
    Model m = two_inputs_mixed();
    strip(m, "a").gain_db = -6.0;
    route_of(m, "a", "mix").gain_db = -6.0;
    const float g = gain(m, "a", "mix");
    EXPECT_FLOAT_EQ(g, dsp::db_to_gain(-12.0)) << "input -6 dB + route -6 dB gave " << in_db(g) << ", want -12 dB";
    EXPECT_NEAR(g, 0.2512f, 1e-4f) << in_db(g);
    EXPECT_FLOAT_EQ(gain(m, "a", "direct"), dsp::db_to_gain(-6.0)) << "the fader is on every route from a";
    EXPECT_EQ(gain(m, "b", "mix"), 1.0f) << "b has its own fader";
}

TEST(RouteGain, BusFaderCountsOnceOnTheWayOut) {
    Model m = two_inputs_mixed();
    strip(m, "mix").gain_db = -6.0;
    EXPECT_EQ(gain(m, "a", "mix"), 1.0f) << "into the bus: " << in_db(gain(m, "a", "mix")) << ", want 0 dB";
    EXPECT_EQ(gain(m, "b", "mix"), 1.0f) << "into the bus: " << in_db(gain(m, "b", "mix")) << ", want 0 dB";
    const float out = gain(m, "mix", "out");
    EXPECT_FLOAT_EQ(out, dsp::db_to_gain(-6.0)) << "out of the bus: " << in_db(out) << ", want -6 dB";
}

TEST(RouteGain, OutputFaderAppliesToEveryRouteIntoIt) {
    Model m = two_inputs_mixed();
    strip(m, "direct").gain_db = -3.0;
    strip(m, "a").gain_db = -1.5;
    route_of(m, "b", "direct").gain_db = 2.0;
    const float a = gain(m, "a", "direct");
    const float b = gain(m, "b", "direct");
    EXPECT_FLOAT_EQ(a, dsp::db_to_gain(-4.5)) << "input -1.5 + output -3: " << in_db(a) << ", want -4.5 dB";
    EXPECT_FLOAT_EQ(b, dsp::db_to_gain(-1.0)) << "route +2 + output -3: " << in_db(b) << ", want -1 dB";
    EXPECT_EQ(gain(m, "a", "mix"), dsp::db_to_gain(-1.5)) << "a bus is not an output: no output fader into it";
}

TEST(RouteGain, FadersOfABusPathAddUp) {
    Model m = two_inputs_mixed();
    strip(m, "mix").gain_db = -2.0;
    strip(m, "out").gain_db = -3.0;
    route_of(m, "mix", "out").gain_db = -1.0;
    const float g = gain(m, "mix", "out");
    EXPECT_FLOAT_EQ(g, dsp::db_to_gain(-6.0)) << "route -1 + bus -2 + output -3: " << in_db(g) << ", want -6 dB";
}

TEST(RouteGain, MutedInputSilencesEveryRouteFromIt) {
    Model m = two_inputs_mixed();
    strip(m, "a").mute = true;
    EXPECT_EQ(gain(m, "a", "mix"), 0.0f) << gain(m, "a", "mix");
    EXPECT_EQ(gain(m, "a", "direct"), 0.0f) << gain(m, "a", "direct");
    EXPECT_EQ(gain(m, "b", "mix"), 1.0f) << gain(m, "b", "mix");
    EXPECT_EQ(gain(m, "mix", "out"), 1.0f) << gain(m, "mix", "out");
}

TEST(RouteGain, MutedBusSilencesTheRoutesOutOfItNotIntoIt) {
    Model m = two_inputs_mixed();
    strip(m, "mix").mute = true;
    EXPECT_EQ(gain(m, "mix", "out"), 0.0f) << gain(m, "mix", "out");
    EXPECT_EQ(gain(m, "a", "mix"), 1.0f) << gain(m, "a", "mix");
}

TEST(RouteGain, MutedOutputSilencesEveryRouteIntoIt) {
    Model m = two_inputs_mixed();
    strip(m, "direct").mute = true;
    EXPECT_EQ(gain(m, "a", "direct"), 0.0f) << gain(m, "a", "direct");
    EXPECT_EQ(gain(m, "b", "direct"), 0.0f) << gain(m, "b", "direct");
    EXPECT_EQ(gain(m, "a", "mix"), 1.0f) << gain(m, "a", "mix");
}

TEST(RouteGain, MutedRouteIsSilentWhateverItsFaders) {
    Model m = two_inputs_mixed();
    route_of(m, "a", "mix").mute = true;
    strip(m, "a").gain_db = 12.0;
    EXPECT_EQ(gain(m, "a", "mix"), 0.0f) << gain(m, "a", "mix");
}

TEST(RouteGain, SoloedInputSilencesTheOtherInputsIntoTheSameBus) {
    Model m = two_inputs_mixed();
    strip(m, "a").solo = true;
    EXPECT_EQ(gain(m, "a", "mix"), 1.0f) << "the soloed input: " << gain(m, "a", "mix");
    EXPECT_EQ(gain(m, "b", "mix"), 0.0f) << "the other input into the bus: " << gain(m, "b", "mix");
}

TEST(RouteGain, SoloLeavesOtherDestinationsAlone) {
    Model m = two_inputs_mixed();
    m.routes.pop_back(); // b -> direct: a is soloed into direct too, which would silence b there
    m.outputs.push_back(output("phones"));
    m.routes.push_back(route("b", "phones"));
    strip(m, "a").solo = true;
    EXPECT_EQ(gain(m, "b", "phones"), 1.0f) << "no soloed route into phones: " << gain(m, "b", "phones");
    EXPECT_EQ(gain(m, "mix", "out"), 1.0f) << "no soloed route into out: " << gain(m, "mix", "out");
}

TEST(RouteGain, SoloedRouteAloneSilencesItsNeighboursNotItsSourcesOtherRoutes) {
    Model m = two_inputs_mixed();
    route_of(m, "a", "direct").solo = true;
    EXPECT_EQ(gain(m, "a", "direct"), 1.0f) << gain(m, "a", "direct");
    EXPECT_EQ(gain(m, "b", "direct"), 0.0f) << gain(m, "b", "direct");
    EXPECT_EQ(gain(m, "a", "mix"), 1.0f) << "a's other route is not soloed, nor is any into mix: "
                                         << gain(m, "a", "mix");
    EXPECT_EQ(gain(m, "b", "mix"), 1.0f) << gain(m, "b", "mix");
}

TEST(RouteGain, SoloOnABusRouteOutSilencesTheDirectRoutesIntoTheSameOutput) {
    Model m = two_inputs_mixed();
    m.routes.push_back(route("a", "out")); // a direct route next to the bus into out
    route_of(m, "mix", "out").solo = true;
    EXPECT_EQ(gain(m, "mix", "out"), 1.0f) << gain(m, "mix", "out");
    EXPECT_EQ(gain(m, "a", "out"), 0.0f) << gain(m, "a", "out");
    EXPECT_EQ(gain(m, "a", "mix"), 1.0f) << "what feeds the bus still plays: " << gain(m, "a", "mix");
}

TEST(RouteGain, SoloedBusSolosEveryRouteOutOfIt) {
    Model m = two_inputs_mixed();
    m.routes.push_back(route("a", "out"));
    strip(m, "mix").solo = true;
    EXPECT_EQ(gain(m, "mix", "out"), 1.0f) << gain(m, "mix", "out");
    EXPECT_EQ(gain(m, "a", "out"), 0.0f) << gain(m, "a", "out");
}

TEST(RouteGain, TwoSoloedInputsBothPlay) {
    Model m = two_inputs_mixed();
    strip(m, "a").solo = true;
    route_of(m, "b", "mix").solo = true;
    EXPECT_EQ(gain(m, "a", "mix"), 1.0f) << gain(m, "a", "mix");
    EXPECT_EQ(gain(m, "b", "mix"), 1.0f) << gain(m, "b", "mix");
}

TEST(RouteGain, MutingASoloedRouteKeepsTheOthersSilent) {
    Model m = two_inputs_mixed();
    auto& soloed = route_of(m, "a", "mix");
    soloed.solo = true;
    soloed.mute = true;
    EXPECT_EQ(gain(m, "a", "mix"), 0.0f) << "muted: " << gain(m, "a", "mix");
    EXPECT_EQ(gain(m, "b", "mix"), 0.0f) << "still not soloed: " << gain(m, "b", "mix");
}

} // namespace
} // namespace sy::graph
