// `switchyard check` and `switchyard paths` as a person runs them.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <utility>

#include <nlohmann/json.hpp>

#include "cli_runner.hpp"

namespace sy::router {
namespace {

using test::run_switchyard;
using test::ScratchDir;

const std::string kExamples = std::string(SY_SOURCE_DIR) + "/presets/examples/";

TEST(CheckCli, EveryShippedExampleIsValidWithOneSummaryLine) {
    for (const char* name : {"streaming.json", "podcast.json", "multi-output.json", "demo.json"}) {
        const auto r = run_switchyard("check " + kExamples + name);
        EXPECT_EQ(r.exit_code, 0) << name << ": " << r.output;
        EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
        EXPECT_NE(r.output.find(": ok: "), std::string::npos) << r.output;
    }
}

TEST(CheckCli, SyntaxErrorIsFileLineColumn) {
    ScratchDir dir;
    const std::string f = dir.write("bad.json", "{\n  \"switchyard\": 1,\n  \"name\": \"x\",\n  \"inputs\": [ { \"id\": \"a\" \"channels\": 2 } ]\n}\n");
    const auto r = run_switchyard("check " + f);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.output.rfind(f + ":4:", 0), 0u) << r.output;
}

TEST(CheckCli, EverySemanticProblemIsListedWithItsFieldPath) {
    ScratchDir dir;
    const std::string f = dir.write("bad.json", R"({ "switchyard": 1, "name": "x",
      "inputs": [ { "id": "mic", "channels": 1 } ],
      "buses": [ { "id": "a", "channels": 2 }, { "id": "b", "channels": 2 } ],
      "outputs": [ { "id": "obs", "channels": 2 } ],
      "routes": [ { "from": "mic", "to": "obss" }, { "from": "a", "to": "b" }, { "from": "b", "to": "a" } ] })");
    const auto r = run_switchyard("check " + f);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.output.find(f + ": routes[0].to: no endpoint \"obss\""), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("cycle through buses"), std::string::npos) << r.output;
    EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 2) << r.output;
}

TEST(CheckCli, MissingFileIsAnError) {
    const auto r = run_switchyard("check /nonexistent/preset.json");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.output.find("/nonexistent/preset.json"), std::string::npos) << r.output;
}

TEST(PathsCli, JsonListsEveryPathWithItsParts) {
    const auto r = run_switchyard("paths --json " + kExamples + "streaming.json");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto paths = nlohmann::json::parse(r.output);
    ASSERT_EQ(paths.size(), 5u) << r.output;
    bool saw_resampled = false;
    for (const auto& p : paths) {
        double sum = 0;
        for (const auto& part : p["parts"]) sum += part["ms"].get<double>();
        EXPECT_NEAR(sum, p["total_ms"].get<double>(), 1e-9) << p.dump();
        EXPECT_EQ(p["parts"][p["hops"][0] == "mic" ? 1 : 0]["name"], "engine period") << p.dump();
        if (p["hops"] == nlohmann::json{"daw", "phones"}) {
            saw_resampled = true;
            // 128 frames at 48 kHz plus the 48 -> 44.1 kHz converter's delay.
            EXPECT_GT(p["total_ms"].get<double>(), 128 / 48.0) << p.dump();
            EXPECT_LT(p["total_ms"].get<double>(), 128 / 48.0 + 5.0) << p.dump();
        }
    }
    EXPECT_TRUE(saw_resampled);
}

TEST(PathsCli, HumanOutputHasAHeaderAndOneLinePerPath) {
    const auto r = run_switchyard("paths " + kExamples + "streaming.json");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 6) << r.output;
    EXPECT_NE(r.output.find("mic -> stream -> obs"), std::string::npos) << r.output;
}

// What `paths` says of a path's line: the clock it will run in live and
// how many bridges it will cross (the two columns after the path).
std::pair<std::string, int> live_columns(const std::string& output, const std::string& path) {
    const auto at = output.find(path + " ");
    if (at == std::string::npos) return {"", -1};
    std::istringstream line(output.substr(at + path.size(), output.find('\n', at) - at - path.size()));
    std::string runs_in;
    int bridges = -1;
    line >> runs_in >> bridges;
    return {runs_in, bridges};
}

// The demo preset: desktop sound reaches the speakers through the mix in
// PipeWire's cycle, crossing nothing; the DAW crosses once into it, and
// its monitor stays in JACK's.
TEST(PathsCli, SaysWhereEachPathRunsAndHowManyBridgesItCrosses) {
    const auto r = run_switchyard("paths " + kExamples + "demo.json");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_EQ(live_columns(r.output, "desktop -> mix -> speakers"), std::make_pair(std::string("pipewire"), 0)) << r.output;
    EXPECT_EQ(live_columns(r.output, "daw -> mix -> speakers"), std::make_pair(std::string("pipewire"), 1)) << r.output;
    EXPECT_EQ(live_columns(r.output, "daw -> monitor"), std::make_pair(std::string("jack"), 0)) << r.output;
    const auto json = run_switchyard("paths --json " + kExamples + "demo.json");
    const auto paths = nlohmann::json::parse(json.output);
    for (const auto& p : paths) EXPECT_TRUE(p.contains("runs_in")) << p.dump();
}

} // namespace
} // namespace sy::router
