// The arithmetic of inserts and loudness, without a display: how a LUFS
// figure stands against the target and where the target is kept, fresh
// insert ids and short plugin names, the plugin search, and the slider
// scale of a logarithmic control.
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "gui/control_editor.hpp"
#include "gui/loudness_readout.hpp"
#include "gui/loudness_target.hpp"
#include "gui/plugin_catalog.hpp"

namespace sy::gui {
namespace {

TEST(GuiLoudness, AFigureWithinOneLuOfTheTargetIsOnIt) {
    EXPECT_EQ(loudness_zone(std::nullopt, -14.0), LoudnessZone::none);
    EXPECT_EQ(loudness_zone(-14.6, -14.0), LoudnessZone::on_target);
    EXPECT_EQ(loudness_zone(-12.5, -14.0), LoudnessZone::over);
    EXPECT_EQ(loudness_zone(-23.0, -14.0), LoudnessZone::under);
    EXPECT_EQ(loudness_zone(-23.0, -23.0), LoudnessZone::on_target);
    const auto f = read_loudness(nlohmann::json::parse(
        R"({"momentary_lufs": -20.5, "short_term_lufs": null, "integrated_lufs": -18.25, "true_peak_dbtp": -0.4})"));
    EXPECT_FALSE(f.short_term) << "null is no figure yet";
    EXPECT_EQ(lufs_text(f.integrated), "-18.2");
    EXPECT_EQ(lufs_text(f.short_term), "--");
    EXPECT_DOUBLE_EQ(*f.true_peak_dbtp, -0.4);
}

TEST(GuiLoudness, TheTargetIsKeptAndAStrayFigureIsIgnored) {
    const auto dir = std::filesystem::temp_directory_path() / ("sy-target-" + std::to_string(::getpid()));
    const std::string file = (dir / "state" / "target").string();
    EXPECT_EQ(read_loudness_target(file), kDefaultLoudnessTarget) << "no file yet";
    EXPECT_EQ(write_loudness_target(file, -23.0), "");
    EXPECT_EQ(read_loudness_target(file), -23.0);
    std::ofstream(file) << "-3\n";
    EXPECT_EQ(read_loudness_target(file), kDefaultLoudnessTarget) << "-3 LUFS is not one of the targets";
    std::filesystem::remove_all(dir);
}

TEST(GuiInserts, AFreshIdNamesThePluginAndNeverRepeats) {
    const std::string eq = "http://lsp-plug.in/plugins/lv2/para_equalizer_x16_stereo";
    EXPECT_EQ(fresh_insert_id(eq, {}), "eq");
    EXPECT_EQ(fresh_insert_id(eq, {"eq"}), "eq-2");
    EXPECT_EQ(fresh_insert_id(eq, {"eq", "eq-2"}), "eq-3");
    EXPECT_EQ(fresh_insert_id("http://lsp-plug.in/plugins/lv2/compressor_stereo", {"eq"}), "comp");
    EXPECT_EQ(fresh_insert_id("denoise", {}), "denoise");
    EXPECT_EQ(fresh_insert_id("http://gareus.org/oss/lv2/meters#EBUr128", {}), "ebur128");
    EXPECT_EQ(plugin_short_name("LSP Parametric Equalizer x16 Stereo"), "Parametric Equalizer x16 Stereo");
    EXPECT_EQ(plugin_short_name("BBC Meter (Mono)"), "Meter (Mono)");
    EXPECT_EQ(plugin_short_name("Bit Meter"), "Bit Meter");
}

TEST(GuiInserts, ThePluginSearchMatchesNameKindOrUriInAnyCase) {
    const auto plugins = read_plugins(nlohmann::json::parse(R"({"plugins": [
        {"uri": "http://lsp-plug.in/plugins/lv2/compressor_stereo", "name": "LSP Compressor Stereo", "category": "Compressor Plugin"},
        {"uri": "http://lsp-plug.in/plugins/lv2/gate_stereo", "name": "LSP Gate Stereo", "category": "Gate Plugin"}]})"));
    ASSERT_EQ(plugins.size(), 2u);
    EXPECT_EQ(filter_plugins(plugins, "").size(), 2u);
    EXPECT_EQ(filter_plugins(plugins, "gate").size(), 1u);
    EXPECT_EQ(filter_plugins(plugins, "COMPRESSOR_ST").size(), 1u);
    EXPECT_EQ(filter_plugins(plugins, "stereo").size(), 2u);
    EXPECT_EQ(filter_plugins(plugins, "reverb").size(), 0u);
}

TEST(GuiInserts, ALogarithmicSliderSpreadsDecadesEvenlyAndALinearOneDoesNot) {
    const auto log = ControlScale::of(nlohmann::json::parse(R"({"min": 10, "max": 20000, "logarithmic": true})"));
    EXPECT_TRUE(log.logarithmic);
    EXPECT_NEAR(log.to_value(0.0), 10.0, 1e-9);
    EXPECT_NEAR(log.to_value(1.0), 20000.0, 1e-6);
    EXPECT_NEAR(log.to_value(log.to_position(1000.0)), 1000.0, 1e-6);
    EXPECT_NEAR(log.to_position(std::sqrt(10.0 * 20000.0)), 0.5, 1e-9);
    const auto zero = ControlScale::of(nlohmann::json::parse(R"({"min": 0, "max": 1000, "logarithmic": true})"));
    EXPECT_FALSE(zero.logarithmic) << "a log scale cannot reach 0: linear";
    EXPECT_NEAR(zero.to_value(0.5), 500.0, 1e-9);
}

} // namespace
} // namespace sy::gui
