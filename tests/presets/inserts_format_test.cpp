// The "inserts" list of a strip (shared PRESET.md): read, refused with its
// field path when malformed, and written back as it was read.
#include <gtest/gtest.h>

#include "presets/preset_reader.hpp"
#include "presets/preset_writer.hpp"
#include "problem_matchers.hpp"

namespace sy::presets {
namespace {

using test_support::listed;

std::string with_inserts(const std::string& inserts) {
    return R"({"switchyard": 1, "name": "t", "inputs": [{"id": "mic", "channels": 2, "inserts": )" + inserts +
           R"(}], "outputs": [{"id": "out", "channels": 2}], "routes": [{"from": "mic", "to": "out"}]})";
}

const char* kContractExample = R"([
  { "id": "eq", "lv2": "http://lsp-plug.in/plugins/lv2/para_equalizer_x16_stereo",
    "controls": { "ft_0": 1, "f_0": 1000, "g_0": 3.981, "q_0": 1 }, "bypass": false },
  { "id": "nr", "builtin": "denoise", "controls": { "level": "high" } }
])";

TEST(InsertsFormat, ReadsTheContractsExample) {
    const ReadResult r = parse_preset(with_inserts(kContractExample));
    ASSERT_TRUE(r.model) << listed(r.problems);
    const auto& inserts = r.model->inputs[0].inserts;
    ASSERT_EQ(inserts.size(), 2u);
    EXPECT_EQ(inserts[0].id, "eq");
    EXPECT_EQ(inserts[0].lv2, "http://lsp-plug.in/plugins/lv2/para_equalizer_x16_stereo");
    EXPECT_EQ(std::get<double>(inserts[0].controls.at("g_0")), 3.981);
    EXPECT_FALSE(inserts[0].bypass);
    EXPECT_EQ(inserts[1].builtin, "denoise");
    EXPECT_EQ(std::get<std::string>(inserts[1].controls.at("level")), "high");
}

TEST(InsertsFormat, WritesBackWhatItRead) {
    const ReadResult r = parse_preset(with_inserts(kContractExample));
    ASSERT_TRUE(r.model) << listed(r.problems);
    const ReadResult again = parse_preset(to_text(*r.model));
    ASSERT_TRUE(again.model) << listed(again.problems);
    EXPECT_EQ(again.model->inputs[0].inserts, r.model->inputs[0].inserts);
    EXPECT_NE(to_text(*r.model).find("\"g_0\": 3.981"), std::string::npos) << to_text(*r.model);
}

TEST(InsertsFormat, AnInsertNamingNoPluginIsLocated) {
    const ReadResult r = parse_preset(with_inserts(R"([{"id": "eq", "controls": {}}])"));
    ASSERT_EQ(r.problems.size(), 1u) << listed(r.problems);
    EXPECT_EQ(r.problems[0].field, "inputs[0].inserts[0]");
    EXPECT_NE(r.problems[0].message.find("names no plugin"), std::string::npos);
}

TEST(InsertsFormat, AControlThatIsNeitherANumberNorAWordIsLocated) {
    const ReadResult r = parse_preset(with_inserts(R"([{"id": "eq", "lv2": "urn:x", "controls": {"g_0": [1]}}])"));
    ASSERT_EQ(r.problems.size(), 1u) << listed(r.problems);
    EXPECT_EQ(r.problems[0].field, "inputs[0].inserts[0].controls.g_0");
}

TEST(InsertsFormat, TwoInsertsWithOneIdAreRefused) {
    const ReadResult r = parse_preset(with_inserts(R"([{"id": "eq", "lv2": "urn:x"}, {"id": "eq", "lv2": "urn:y"}])"));
    ASSERT_EQ(r.problems.size(), 1u) << listed(r.problems);
    EXPECT_EQ(r.problems[0].field, "inputs[0].inserts[1].id");
}

TEST(InsertsFormat, ATypoInAnInsertFieldIsCaught) {
    const ReadResult r = parse_preset(with_inserts(R"([{"id": "eq", "lv2": "urn:x", "bypas": true}])"));
    ASSERT_EQ(r.problems.size(), 1u) << listed(r.problems);
    EXPECT_EQ(r.problems[0].field, "inputs[0].inserts[0].bypas");
}

} // namespace
} // namespace sy::presets
