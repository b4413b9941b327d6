#include <gtest/gtest.h>

#include "fx/insert_check.hpp"
#include "plugins.hpp"
#include "strip_rig.hpp"

namespace sy::fx {
namespace {

graph::Problems check_one(graph::Insert insert, int channels = 2) {
    return check_inserts(test::strip_model(channels, {std::move(insert)}));
}

TEST(InsertCheck, PassesTheContractsExample) {
    EXPECT_TRUE(check_one(test::lv2_insert("eq", test::kLspEqStereo,
                                           {{"ft_0", 1.0}, {"f_0", 1000.0}, {"g_0", 3.981}, {"q_0", 1.0}}))
                    .empty());
}

TEST(InsertCheck, AnUnknownUriIsLocatedAtTheInsert) {
    const auto problems = check_one(test::lv2_insert("eq", "http://example.org/nope"));
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].field, "inputs[0].inserts[0].lv2");
    EXPECT_NE(problems[0].message.find("no LV2 plugin http://example.org/nope is installed"), std::string::npos);
}

TEST(InsertCheck, AnUnknownControlSuggestsTheCloseOne) {
    const auto problems = check_one(test::lv2_insert("eq", test::kLspEqStereo, {{"g_00", 2.0}}));
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].field, "inputs[0].inserts[0].controls.g_00");
    EXPECT_NE(problems[0].message.find("has no control \"g_00\""), std::string::npos) << problems[0].message;
    EXPECT_NE(problems[0].message.find("did you mean"), std::string::npos) << problems[0].message;
}

TEST(InsertCheck, AValueOutOfRangeNamesTheRange) {
    const auto problems = check_one(test::lv2_insert("comp", test::kLspCompressorStereo, {{"cr", 500.0}}));
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].field, "inputs[0].inserts[0].controls.cr");
    EXPECT_NE(problems[0].message.find("500 is outside 1 .. 100"), std::string::npos) << problems[0].message;
}

TEST(InsertCheck, AnEnumerationTakesWholeNumbersAndListsItsChoices) {
    const auto problems = check_one(test::lv2_insert("eq", test::kLspEqStereo, {{"ft_0", 1.5}}));
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_NE(problems[0].message.find("1 (Bell)"), std::string::npos) << problems[0].message;
}

TEST(InsertCheck, AWordForAPluginControlIsRefused) {
    const auto problems = check_one(test::lv2_insert("eq", test::kLspEqStereo, {{"f_0", std::string("high")}}));
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_NE(problems[0].message.find("takes a number in Hz"), std::string::npos) << problems[0].message;
}

TEST(InsertCheck, AStereoPluginOnAThreeChannelStripIsRefused) {
    const auto problems = check_one(test::lv2_insert("eq", test::kLspEqStereo), 3);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_NE(problems[0].message.find("not of 3"), std::string::npos) << problems[0].message;
}

TEST(InsertCheck, MonoAndStereoPluginsFitMonoAndStereoStrips) {
    EXPECT_TRUE(check_one(test::lv2_insert("eq", test::kLspEqMono), 2).empty());
    EXPECT_TRUE(check_one(test::lv2_insert("eq", test::kLspEqStereo), 1).empty());
    EXPECT_TRUE(check_one(test::lv2_insert("eq", test::kLspEqMono), 6).empty());
}

} // namespace
} // namespace sy::fx

namespace sy::fx {
namespace {

graph::Insert builtin(const std::string& name, std::map<std::string, graph::ControlValue> controls = {}) {
    graph::Insert i;
    i.id = "nr";
    i.builtin = name;
    i.controls = std::move(controls);
    return i;
}

TEST(InsertCheck, TheDenoiserTakesItsLevelsByName) {
    EXPECT_TRUE(check_inserts(test::strip_model(1, {builtin("denoise", {{"level", std::string("very-high")}})})).empty());
    const auto problems = check_inserts(test::strip_model(1, {builtin("denoise", {{"level", 3.0}})}));
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].field, "inputs[0].inserts[0].controls.level");
}

TEST(InsertCheck, AnUnknownBuiltinIsLocated) {
    const auto problems = check_inserts(test::strip_model(1, {builtin("reverb")}));
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].field, "inputs[0].inserts[0].builtin");
    EXPECT_NE(problems[0].message.find("no built-in \"reverb\""), std::string::npos);
}

} // namespace
} // namespace sy::fx

namespace sy::fx {
namespace {

TEST(InsertCheck, APluginNeedingAFeatureThisHostDoesNotGiveIsRefused) {
    // x42's convolver needs the worker extension to load its impulse files.
    const auto problems = check_inserts(test::strip_model(1, {test::lv2_insert("ir", "http://gareus.org/oss/lv2/convoLV2#Mono")}));
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].field, "inputs[0].inserts[0].lv2");
    EXPECT_NE(problems[0].message.find("needs the feature http://lv2plug.in/ns/ext/worker#schedule"), std::string::npos)
        << problems[0].message;
}

} // namespace
} // namespace sy::fx
