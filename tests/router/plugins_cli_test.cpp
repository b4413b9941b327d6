// `switchyard plugins` and `switchyard check` on a preset with inserts, as a
// person runs them.
#include <gtest/gtest.h>

#include <map>

#include <nlohmann/json.hpp>

#include "cli_runner.hpp"

namespace sy::router {
namespace {

using test::run_switchyard;
using test::ScratchDir;

TEST(PluginsCli, SearchesTheInstalledPluginsAsJson) {
    const auto r = run_switchyard("plugins gate --json");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto list = nlohmann::json::parse(r.output);
    bool found = false;
    for (const auto& p : list) {
        found = found || p["uri"] == "http://lsp-plug.in/plugins/lv2/gate_stereo";
        EXPECT_NE(p["name"].get<std::string>() + p["category"].get<std::string>() + p["uri"].get<std::string>(), "");
    }
    EXPECT_TRUE(found) << r.output;
}

TEST(PluginsCli, DescribesOnePluginsControls) {
    const auto r = run_switchyard("plugins --uri http://lsp-plug.in/plugins/lv2/compressor_mono");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("  cr  Ratio: 1 .. 100, default 4"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("(0 Peak, 1 RMS, 2 LPF, 3 SMA)"), std::string::npos) << r.output;
}

TEST(PluginsCli, AnUnknownPluginIsAnError) {
    const auto r = run_switchyard("plugins --uri http://example.org/none");
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.output.find("no LV2 plugin http://example.org/none is installed"), std::string::npos) << r.output;
}

TEST(CheckCli, AnInsertsProblemsAreLocatedAgainstThePluginsInstalled) {
    ScratchDir dir;
    const std::string file = dir.write("fx.json", R"({"switchyard": 1, "name": "fx",
      "inputs": [{"id": "mic", "channels": 1, "inserts": [
        {"id": "comp", "lv2": "http://lsp-plug.in/plugins/lv2/compressor_mono", "controls": {"cr": 400, "ratio": 2}},
        {"id": "eq", "lv2": "http://lsp-plug.in/plugins/lv2/no_such_eq"}]}],
      "outputs": [{"id": "out", "channels": 2}], "routes": [{"from": "mic", "to": "out"}]})");
    const auto r = run_switchyard("check " + file);
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.output.find("inputs[0].inserts[0].controls.cr: LSP Compressor Mono control \"cr\": 400 is outside 1 .. 100"),
              std::string::npos) << r.output;
    EXPECT_NE(r.output.find("inputs[0].inserts[0].controls.ratio: LSP Compressor Mono has no control \"ratio\""),
              std::string::npos) << r.output;
    EXPECT_NE(r.output.find("inputs[0].inserts[1].lv2: no LV2 plugin"), std::string::npos) << r.output;
}

} // namespace
} // namespace sy::router

namespace sy::router {
namespace {

// Each insert along a path that is not bypassed is a part of its budget,
// with the latency its plugin reports for the controls it is set to.
TEST(PathsCli, InsertsAlongAPathArePartsOfItsBudget) {
    ScratchDir dir;
    const std::string file = dir.write("fx.json", R"({"switchyard": 1, "name": "fx",
      "engine": {"rate": 48000, "period": 128},
      "inputs": [{"id": "mic", "channels": 1, "inserts": [
        {"id": "nr", "builtin": "denoise"},
        {"id": "comp", "lv2": "http://lsp-plug.in/plugins/lv2/compressor_mono", "controls": {"sla": 5}},
        {"id": "eq", "lv2": "http://lsp-plug.in/plugins/lv2/para_equalizer_x16_mono", "bypass": true}]}],
      "buses": [{"id": "mix", "channels": 2, "inserts": [
        {"id": "limit", "lv2": "http://lsp-plug.in/plugins/lv2/limiter_stereo"}]}],
      "outputs": [{"id": "out", "channels": 2}],
      "routes": [{"from": "mic", "to": "mix"}, {"from": "mix", "to": "out"}]})");
    const auto r = run_switchyard("paths --json " + file);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto paths = nlohmann::json::parse(r.output);
    ASSERT_EQ(paths.size(), 1u);
    std::map<std::string, double> inserts;
    for (const auto& part : paths[0]["parts"]) {
        if (part["kind"] == "insert") inserts[part["name"]] = part["frames"].get<double>();
    }
    EXPECT_EQ(inserts.count("insert mic/eq"), 0u) << "a bypassed insert delays nothing";
    EXPECT_EQ(inserts["insert mic/comp"], 240.0) << "a 5 ms lookahead at 48 kHz" << r.output;
    EXPECT_GT(inserts["insert mic/nr"], 480.0) << "at least the denoiser's 10 ms frame" << r.output;
    EXPECT_GT(inserts["insert mix/limit"], 0.0) << "LSP's limiter looks ahead by default" << r.output;
}

} // namespace
} // namespace sy::router

namespace sy::router {
namespace {

// The same plugin set two ways reports two delays: each insert is asked for
// the controls it is set to.
TEST(PathsCli, TheSamePluginWithOtherControlsReportsItsOwnLatency) {
    ScratchDir dir;
    const std::string file = dir.write("two.json", R"({"switchyard": 1, "name": "two",
      "engine": {"rate": 48000, "period": 128},
      "inputs": [
        {"id": "a", "channels": 1, "inserts": [
          {"id": "comp", "lv2": "http://lsp-plug.in/plugins/lv2/compressor_mono", "controls": {"sla": 5}}]},
        {"id": "b", "channels": 1, "inserts": [
          {"id": "comp", "lv2": "http://lsp-plug.in/plugins/lv2/compressor_mono", "controls": {"sla": 10}}]}],
      "outputs": [{"id": "out", "channels": 2}],
      "routes": [{"from": "a", "to": "out"}, {"from": "b", "to": "out"}]})");
    const auto r = run_switchyard("paths --json " + file);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    std::map<std::string, double> inserts;
    for (const auto& p : nlohmann::json::parse(r.output)) {
        for (const auto& part : p["parts"]) {
            if (part["kind"] == "insert") inserts[part["name"]] = part["frames"].get<double>();
        }
    }
    EXPECT_EQ(inserts["insert a/comp"], 240.0) << r.output;
    EXPECT_EQ(inserts["insert b/comp"], 480.0) << r.output;
}

} // namespace
} // namespace sy::router
