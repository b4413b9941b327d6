// `switchyard check` lines: FILE:LINE:COL for syntax, FILE: field: for
// fields, one summary line when all is well.
#include <gtest/gtest.h>

#include "graph/validate.hpp"
#include "presets/check.hpp"
#include "scratch_dir.hpp"

namespace sy::presets {
namespace {

using test_support::ScratchDir;
using test_support::write_text;

std::string all(const CheckReport& r) {
    std::string out = r.ok ? "ok, " : "not ok, ";
    out += std::to_string(r.lines.size()) + " line(s):";
    for (const auto& l : r.lines) out += "\n  " + l;
    return out;
}

graph::Problems no_problems(const graph::Model&) { return {}; }

TEST(CheckReportFormat, ValidFileIsOneSummaryLine) {
    const std::string path = std::string(SY_SOURCE_DIR) + "/presets/examples/streaming.json";
    const CheckReport r = check_preset_file(path, no_problems);
    EXPECT_TRUE(r.ok) << all(r);
    ASSERT_EQ(r.lines.size(), 1u) << all(r);
    EXPECT_EQ(r.lines[0],
              path + ": ok: \"streaming\", 3 inputs, 1 bus, 3 outputs, 6 routes, 48000 Hz, period 128");
}

TEST(CheckReportFormat, SingularAndPlural) {
    ScratchDir dir;
    const std::string path = dir.file("one.json");
    write_text(path, R"({"switchyard": 1, "name": "one", "engine": {"rate": 44100, "period": 256},
        "inputs": [{"id": "a", "channels": 1}], "buses": [{"id": "b", "channels": 1}, {"id": "c", "channels": 1}],
        "outputs": [{"id": "d", "channels": 1}], "routes": [{"from": "a", "to": "d"}]})");
    const CheckReport r = check_preset_file(path, no_problems);
    ASSERT_EQ(r.lines.size(), 1u) << all(r);
    EXPECT_EQ(r.lines[0], path + ": ok: \"one\", 1 input, 2 buses, 1 output, 1 route, 44100 Hz, period 256");
}

TEST(CheckReportFormat, SyntaxErrorIsFileLineColumn) {
    ScratchDir dir;
    const std::string path = dir.file("bad.json");
    write_text(path, "{\n  \"switchyard\": 1,\n  \"name\": \"x\"\n  \"engine\": {}\n}\n");
    bool validated = false;
    const CheckReport r = check_preset_file(path, [&](const graph::Model&) {
        validated = true;
        return graph::Problems{};
    });
    EXPECT_FALSE(r.ok);
    EXPECT_FALSE(validated) << "the validator must not run on a file the reader refused";
    ASSERT_EQ(r.lines.size(), 1u) << all(r);
    EXPECT_EQ(r.lines[0], path + ":4:3: expected ',' or '}', found \"engine\"");
}

TEST(CheckReportFormat, FieldProblemsAreFileFieldMessageEachOnItsLine) {
    ScratchDir dir;
    const std::string path = dir.file("fields.json");
    write_text(path, R"({"switchyard": 1, "inputs": [{"id": "mic", "chanels": 1}]})");
    bool validated = false;
    const CheckReport r = check_preset_file(path, [&](const graph::Model&) {
        validated = true;
        return graph::Problems{};
    });
    EXPECT_FALSE(r.ok);
    EXPECT_FALSE(validated);
    const std::vector<std::string> want = {
        path + ": name: missing (required: a string)",
        path + ": inputs[0].channels: missing (required: an integer from 1 to 64)",
        path + ": inputs[0].chanels: unknown field \"chanels\" (did you mean \"channels\"?)",
    };
    EXPECT_EQ(r.lines, want) << all(r);
}

TEST(CheckReportFormat, ValidatorProblemsAreReportedTheSameWay) {
    ScratchDir dir;
    const std::string path = dir.file("graph.json");
    write_text(path, R"({"switchyard": 1, "name": "g", "inputs": [{"id": "a", "channels": 2}],
        "routes": [{"from": "a", "to": "obss"}]})");
    int calls = 0;
    const CheckReport r = check_preset_file(path, [&](const graph::Model& m) {
        ++calls;
        EXPECT_EQ(m.routes.size(), 1u);
        return graph::Problems{{"routes[0].to", "no endpoint \"obss\"", 0, 0}};
    });
    EXPECT_EQ(calls, 1);
    EXPECT_FALSE(r.ok);
    ASSERT_EQ(r.lines.size(), 1u) << all(r);
    EXPECT_EQ(r.lines[0], path + ": routes[0].to: no endpoint \"obss\"");
}

TEST(CheckReportFormat, SoloOnAnOutputIsReadThenRefusedByValidation) {
    ScratchDir dir;
    const std::string path = dir.file("solo.json");
    write_text(path, R"({"switchyard": 1, "name": "s", "inputs": [{"id": "a", "channels": 2}],
        "outputs": [{"id": "out", "channels": 2, "solo": true}], "routes": [{"from": "a", "to": "out"}]})");
    const CheckReport r = check_preset_file(path, graph::validate);
    EXPECT_FALSE(r.ok);
    ASSERT_EQ(r.lines.size(), 1u) << all(r);
    EXPECT_EQ(r.lines[0], path + ": outputs[0].solo: solo is for inputs, buses and routes (mute an output instead)");
}

TEST(CheckReportFormat, UnreadableFileIsFileMessage) {
    const CheckReport r = check_preset_file("/nonexistent/x.json", no_problems);
    EXPECT_FALSE(r.ok);
    ASSERT_EQ(r.lines.size(), 1u) << all(r);
    EXPECT_EQ(r.lines[0], "/nonexistent/x.json: cannot read the file: No such file or directory");
}

TEST(CheckReportFormat, NoValidatorStillChecksTheFormat) {
    const std::string path = std::string(SY_SOURCE_DIR) + "/presets/examples/podcast.json";
    const CheckReport r = check_preset_file(path, nullptr);
    EXPECT_TRUE(r.ok) << all(r);
}

TEST(CheckReportFormat, ThrowingValidatorIsAnErrorLineNotAnException) {
    const std::string path = std::string(SY_SOURCE_DIR) + "/presets/examples/podcast.json";
    const CheckReport r = check_preset_file(path, [](const graph::Model&) -> graph::Problems {
        throw std::runtime_error("boom");
    });
    EXPECT_FALSE(r.ok);
    ASSERT_EQ(r.lines.size(), 1u) << all(r);
    EXPECT_EQ(r.lines[0], path + ": internal error while checking: boom");
}

} // namespace
} // namespace sy::presets
