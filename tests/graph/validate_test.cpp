#include <gtest/gtest.h>

#include <cmath>

#include "graph/validate.hpp"
#include "tests/support/model_builder.hpp"

namespace sy::graph {
namespace {

using test::bus;
using test::input;
using test::output;
using test::route;
using test::small_model;

std::string dump(const Problems& problems) {
    std::string s;
    for (const auto& p : problems) s += "  " + p.field + ": " + p.message + "\n";
    return s;
}

// Exactly one problem, at `field`, whose message contains `words`.
void expect_one(const Model& m, const std::string& field, const std::string& words) {
    const Problems problems = validate(m);
    ASSERT_EQ(problems.size(), 1u) << dump(problems);
    EXPECT_EQ(problems[0].field, field) << dump(problems);
    EXPECT_NE(problems[0].message.find(words), std::string::npos) << "message: " << problems[0].message;
}

TEST(Validate, AcceptsAGoodModel) {
    const Problems problems = validate(small_model());
    EXPECT_TRUE(problems.empty()) << dump(problems);
}

TEST(Validate, UnknownRouteSource) {
    Model m = small_model();
    m.routes.push_back(route("nope", "out"));
    expect_one(m, "routes[3].from", "no endpoint \"nope\"");
}

TEST(Validate, UnknownRouteDestination) {
    Model m = small_model();
    m.routes.push_back(route("in", "obss"));
    expect_one(m, "routes[3].to", "no endpoint \"obss\"");
}

TEST(Validate, DuplicateIdAcrossLists) {
    Model m = small_model();
    m.outputs.push_back(output("mix"));
    expect_one(m, "outputs[2].id", "duplicate id \"mix\" (also buses[0].id)");
}

TEST(Validate, RouteFromAnOutput) {
    Model m = small_model();
    m.buses.push_back(bus("b2"));
    m.routes.push_back(route("out", "b2"));
    expect_one(m, "routes[3].from", "is an output");
}

TEST(Validate, RouteIntoAnInput) {
    Model m = small_model();
    m.routes.push_back(route("mix", "in"));
    expect_one(m, "routes[3].to", "is an input");
}

TEST(Validate, CycleThroughBuses) {
    Model m = small_model();
    m.buses.push_back(bus("b2"));
    m.buses.push_back(bus("b3"));
    m.routes.push_back(route("mix", "b2"));
    m.routes.push_back(route("b2", "b3"));
    m.routes.push_back(route("b3", "mix"));
    const Problems problems = validate(m);
    ASSERT_EQ(problems.size(), 1u) << dump(problems);
    EXPECT_NE(problems[0].message.find("cycle through buses"), std::string::npos) << problems[0].message;
    EXPECT_NE(problems[0].message.find("mix -> b2 -> b3 -> mix"), std::string::npos) << problems[0].message;
}

TEST(Validate, BusFeedingItselfIsACycle) {
    Model m = small_model();
    m.routes.push_back(route("mix", "mix"));
    expect_one(m, "routes[3]", "cycle through buses: mix -> mix");
}

TEST(Validate, ChannelCountsThatNeedAMap) {
    Model m = small_model();
    m.outputs.push_back(output("surround", 6));
    m.routes.push_back(route("mix", "surround"));
    expect_one(m, "routes[3]", "give a \"map\"");
}

TEST(Validate, MapNamingAMissingChannel) {
    Model m = small_model();
    m.routes[2].map = std::vector<ChannelPair>{{0, 0}, {2, 1}};
    expect_one(m, "routes[2]", "source channel 2 does not exist");
}

TEST(Validate, MapNamingAMissingDestinationChannel) {
    Model m = small_model();
    m.routes[2].map = std::vector<ChannelPair>{{0, 5}};
    expect_one(m, "routes[2]", "destination channel 5 does not exist");
}

TEST(Validate, GainAbovePlus24) {
    Model m = small_model();
    m.routes[0].gain_db = 24.5;
    expect_one(m, "routes[0].gain_db", "at most +24 dB");
}

TEST(Validate, SilenceIsAValidGain) {
    Model m = small_model();
    m.routes[0].gain_db = kSilenceDb;
    EXPECT_TRUE(validate(m).empty());
}

TEST(Validate, GainThatIsNotANumber) {
    Model m = small_model();
    m.routes[1].gain_db = std::nan("");
    expect_one(m, "routes[1].gain_db", "not a number");
}

TEST(Validate, EndpointFaderAbovePlus24) {
    Model m = small_model();
    m.inputs[0].gain_db = 24.5;
    expect_one(m, "inputs[0].gain_db", "gain 24.500000 dB: at most +24 dB");
}

TEST(Validate, EndpointFaderOfExactly24IsAllowed) {
    Model m = small_model();
    m.buses[0].gain_db = kMaxGainDb;
    EXPECT_TRUE(validate(m).empty()) << dump(validate(m));
}

TEST(Validate, EndpointFaderThatIsNotANumber) {
    Model m = small_model();
    m.outputs[1].gain_db = std::nan("");
    expect_one(m, "outputs[1].gain_db", "gain is not a number (NaN)");
}

TEST(Validate, SilenceIsAValidFader) {
    Model m = small_model();
    m.outputs[0].gain_db = kSilenceDb;
    m.inputs[0].mute = true;
    EXPECT_TRUE(validate(m).empty()) << dump(validate(m));
}

TEST(Validate, SoloOnAnOutput) {
    Model m = small_model();
    m.outputs[1].solo = true;
    expect_one(m, "outputs[1].solo", "solo is for inputs, buses and routes (mute an output instead)");
}

TEST(Validate, SoloOnInputsBusesAndRoutesIsAllowed) {
    Model m = small_model();
    m.inputs[0].solo = true;
    m.buses[0].solo = true;
    m.routes[2].solo = true;
    EXPECT_TRUE(validate(m).empty()) << dump(validate(m));
}

TEST(Validate, ChannelsOutOfRange) {
    Model m = small_model();
    m.inputs[0].channels = 65;
    const Problems problems = validate(m);
    ASSERT_FALSE(problems.empty());
    EXPECT_EQ(problems[0].field, "inputs[0].channels") << dump(problems);
}

TEST(Validate, BadIdCharacters) {
    Model m = small_model();
    m.outputs[1].id = "Direct Out";
    m.routes[2].to = "Direct Out";
    expect_one(m, "outputs[1].id", "a-z, 0-9");
}

TEST(Validate, TwoRoutesBetweenTheSameEnds) {
    Model m = small_model();
    m.routes.push_back(route("in", "mix", -6));
    expect_one(m, "routes[3]", "a second route");
}

TEST(Validate, VirtualSinkOnAnOutput) {
    Model m = small_model();
    m.outputs[0].pipewire = PipewireSpec{"", "sink", "Nope"};
    expect_one(m, "outputs[0].pipewire.virtual", "a virtual sink is an input");
}

TEST(Validate, ReportsEveryProblemNotJustTheFirst) {
    Model m = small_model();
    m.routes.push_back(route("a", "b"));
    m.routes.push_back(route("mix", "in"));
    m.engine.period = 3;
    EXPECT_EQ(validate(m).size(), 4u) << dump(validate(m));
}

} // namespace
} // namespace sy::graph
