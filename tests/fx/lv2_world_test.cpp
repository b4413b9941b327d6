#include <gtest/gtest.h>

#include <algorithm>

#include "fx/lv2_world.hpp"
#include "plugins.hpp"

namespace sy::fx {
namespace {

TEST(Lv2World, DescribesAnInstalledEqualiserWithItsControlsRangesAndScalePoints) {
    auto info = Lv2World::get().describe(test::kLspEqStereo);
    ASSERT_TRUE(info) << "lsp-plugins-lv2 is not installed (scripts/install-deps.sh installs it)";
    EXPECT_EQ(info->audio_in.size(), 2u);
    EXPECT_EQ(info->audio_out.size(), 2u);
    EXPECT_TRUE(info->unsupported.empty()) << info->unsupported;
    const ControlPort* type = info->control("ft_0");
    ASSERT_TRUE(type);
    EXPECT_TRUE(type->enumeration);
    const bool has_bell = std::any_of(type->scale_points.begin(), type->scale_points.end(),
                                      [](const ScalePoint& p) { return p.label == "Bell" && p.value == 1.0; });
    EXPECT_TRUE(has_bell);
    const ControlPort* freq = info->control("f_0");
    ASSERT_TRUE(freq);
    EXPECT_EQ(freq->unit, "Hz");
    EXPECT_LT(freq->min, 1000.0);
    EXPECT_GT(freq->max, 1000.0);
    EXPECT_GE(info->latency_port, 0) << "LSP plugins report latency on a control output";
}

TEST(Lv2World, SaysWhenAPluginIsNotInstalled) {
    EXPECT_FALSE(Lv2World::get().describe("http://example.org/no-such-plugin"));
}

TEST(Lv2World, ListsTheDefaultVoiceChainFromBothPluginSets) {
    const auto list = Lv2World::get().list();
    auto has = [&](const std::string& uri) {
        return std::any_of(list.begin(), list.end(), [&](const PluginSummary& p) { return p.uri == uri; });
    };
    EXPECT_TRUE(has(test::kLspGateStereo));
    EXPECT_TRUE(has(test::kLspCompressorStereo));
    EXPECT_TRUE(has(test::kLspEqStereo));
    EXPECT_TRUE(has(test::kLspLimiterStereo));
    EXPECT_TRUE(has("http://gareus.org/oss/lv2/fil4#stereo")) << "x42-plugins is not installed";
}

} // namespace
} // namespace sy::fx
