#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <thread>

#include "fx/lv2_plugin.hpp"
#include "plugins.hpp"
#include "strip_rig.hpp"

namespace sy::test {
namespace {

using graph::ControlValue;

graph::Insert bell_1k(double gain) {
    return lv2_insert("eq", kLspEqStereo, {{"ft_0", 1.0}, {"f_0", 1000.0}, {"g_0", gain}, {"q_0", 1.0}});
}

// The change in level a tone at `hz` meets through the strip, in dB.
double gain_at(StripRig& rig, double hz) {
    const auto heard = rig.play(hz, 0.1, 0.5);
    return tail_db(heard, 0.25) - sine_db(0.1);
}

TEST(InsertsInEngine, AnEqBandGivesItsGainAtItsFrequencyAndLeavesOthersAlone) {
    StripRig rig;
    ASSERT_TRUE(rig.engine.apply(strip_model(2, {bell_1k(3.981)})).empty());
    rig.wire();
    EXPECT_NEAR(gain_at(rig, 1000.0), 12.0, 0.2) << "g_0 3.981 is +12 dB";
    EXPECT_NEAR(gain_at(rig, 50.0), 0.0, 0.2);
    EXPECT_NEAR(gain_at(rig, 15000.0), 0.0, 0.2);
}

TEST(InsertsInEngine, AMonoPluginRunsOncePerChannelOfAStereoStrip) {
    StripRig rig;
    auto eq = lv2_insert("eq", kLspEqMono, {{"ft_0", 1.0}, {"f_0", 1000.0}, {"g_0", 3.981}, {"q_0", 1.0}});
    ASSERT_TRUE(rig.engine.apply(strip_model(2, {eq})).empty());
    rig.wire();
    const auto left = rig.play(1000.0, 0.1, 0.5);
    EXPECT_NEAR(tail_db(left, 0.25) - sine_db(0.1), 12.0, 0.2);
    EXPECT_NEAR(tail_db(rig.out_r, 256.0 / StripRig::kRate) - sine_db(0.1), 12.0, 0.5) << "the right channel too";
}

TEST(InsertsInEngine, AStereoPluginOnAMonoStripKeepsItsFirstOutput) {
    StripRig rig;
    ASSERT_TRUE(rig.engine.apply(strip_model(1, {bell_1k(3.981)})).empty());
    rig.wire();
    const auto heard = rig.play(1000.0, 0.1, 0.5);
    // A mono input reaches both output channels at its own level.
    EXPECT_NEAR(tail_db(heard, 0.25) - sine_db(0.1), 12.0, 0.2);
}

TEST(InsertsInEngine, ACompressorReducesALoudToneByItsRatio) {
    StripRig rig;
    // Threshold -40 dB, ratio 4, a hard knee, RMS detection: above the
    // threshold, 10 dB more in gives 2.5 dB more out.
    auto comp = lv2_insert("comp", kLspCompressorStereo, {{"al", 0.01}, {"cr", 4.0}, {"kn", 1.0}, {"at", 5.0}, {"rt", 50.0}});
    ASSERT_TRUE(rig.engine.apply(strip_model(2, {comp})).empty());
    rig.wire();
    const double loud = tail_db(rig.play(1000.0, 0.5, 1.0), 0.25);
    const double quieter = tail_db(rig.play(1000.0, 0.5 / std::sqrt(10.0), 1.0), 0.25);
    EXPECT_NEAR(loud - quieter, 10.0 / 4.0, 0.3);
    EXPECT_LT(loud - sine_db(0.5), -15.0) << "a tone 31 dB over the threshold loses about 23 dB";
}

TEST(InsertsInEngine, AControlChangeReachesThePluginWithoutANewPlan) {
    StripRig rig;
    ASSERT_TRUE(rig.engine.apply(strip_model(2, {bell_1k(3.981)})).empty());
    rig.wire();
    const auto generation = rig.engine.plan_generation();
    ASSERT_TRUE(rig.engine.apply(strip_model(2, {bell_1k(0.5012)})).empty()); // -6 dB
    EXPECT_EQ(rig.engine.plan_generation(), generation);
    EXPECT_NEAR(gain_at(rig, 1000.0), -6.0, 0.2);
}

TEST(InsertsInEngine, AControlNoLongerNamedReturnsToItsDefault) {
    StripRig rig;
    ASSERT_TRUE(rig.engine.apply(strip_model(2, {bell_1k(3.981)})).empty());
    rig.wire();
    ASSERT_TRUE(rig.engine.apply(strip_model(2, {lv2_insert("eq", kLspEqStereo)})).empty());
    EXPECT_NEAR(gain_at(rig, 1000.0), 0.0, 0.2) << "band 0 is off by default";
}

TEST(InsertsInEngine, BypassPassesTheStripThroughUntouched) {
    StripRig rig;
    auto eq = bell_1k(3.981);
    eq.bypass = true;
    ASSERT_TRUE(rig.engine.apply(strip_model(2, {eq})).empty());
    rig.wire();
    const auto first = rig.play(1000.0, 0.1, 256.0 / StripRig::kRate);
    for (std::size_t i = 0; i < first.size(); ++i) {
        ASSERT_EQ(first[i], rig.in_l[i]) << "dry from its first sample, at " << i;
    }
    EXPECT_NEAR(gain_at(rig, 1000.0), 0.0, 1e-4);
}

TEST(InsertsInEngine, BypassWhileAudioRunsCrossfadesWithoutAJump) {
    StripRig rig;
    ASSERT_TRUE(rig.engine.apply(strip_model(2, {bell_1k(3.981)})).empty());
    rig.wire();
    rig.play(1000.0, 0.1, 0.25);
    auto eq = bell_1k(3.981);
    eq.bypass = true;
    ASSERT_TRUE(rig.engine.apply(strip_model(2, {eq})).empty());
    const auto heard = rig.play(1000.0, 0.1, 0.1);
    // A 1 kHz sine of peak 0.4 moves at most 0.4 * 2 pi * 1000 / 48000 per
    // sample; a switch with no fade would jump by up to 0.3.
    float jump = 0.0f;
    for (std::size_t i = 1; i < heard.size(); ++i) jump = std::max(jump, std::fabs(heard[i] - heard[i - 1]));
    EXPECT_LT(jump, 0.4f * 2.0f * 3.1416f * 1000.0f / 48000.0f * 1.05f);
    EXPECT_NEAR(tail_db(heard, 0.05) - sine_db(0.1), 0.0, 1e-3);
}

TEST(InsertsInEngine, AnEditElsewhereKeepsTheRunningPlugin) {
    StripRig rig;
    auto model = strip_model(2, {bell_1k(3.981)});
    ASSERT_TRUE(rig.engine.apply(model).empty());
    const auto before = rig.engine.inserts().slot("mic", "eq");
    graph::Endpoint bus;
    bus.id = "extra";
    bus.kind = graph::EndpointKind::Bus;
    model.buses.push_back(bus);
    ASSERT_TRUE(rig.engine.apply(model).empty());
    EXPECT_EQ(rig.engine.inserts().slot("mic", "eq"), before);
}

TEST(InsertsInEngine, ABadControlLeavesTheEngineAsItWas) {
    StripRig rig;
    ASSERT_TRUE(rig.engine.apply(strip_model(2, {bell_1k(3.981)})).empty());
    rig.wire();
    const auto problems = rig.engine.apply(strip_model(2, {bell_1k(400.0)}));
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].field, "inputs[0].inserts[0].controls.g_0");
    EXPECT_NEAR(gain_at(rig, 1000.0), 12.0, 0.2);
}

TEST(InsertsInEngine, AnInsertOnABusAndOnAnOutputRunsWhereItsStripIsComplete) {
    StripRig rig;
    auto model = strip_model(2, {});
    graph::Endpoint bus;
    bus.id = "mix";
    bus.kind = graph::EndpointKind::Bus;
    bus.inserts = {bell_1k(3.981)};
    model.buses.push_back(bus);
    model.outputs[0].inserts = {lv2_insert("eq2", kLspEqStereo, {{"ft_0", 1.0}, {"f_0", 1000.0}, {"g_0", 0.5012}, {"q_0", 1.0}})};
    model.routes.clear();
    for (const auto& [from, to] : {std::pair{"mic", "mix"}, std::pair{"mix", "out"}}) {
        graph::Route r;
        r.from = from;
        r.to = to;
        model.routes.push_back(r);
    }
    ASSERT_TRUE(rig.engine.apply(model).empty());
    rig.wire();
    EXPECT_NEAR(gain_at(rig, 1000.0), 12.0 - 6.0, 0.3);
}

} // namespace
} // namespace sy::test

namespace sy::test {
namespace {

// An audio thread plays a 1 kHz tone through the strip while the control
// thread adds an insert and later removes it: both are faded, so the output
// never jumps by more than a fade's step on top of the tone's own slope.
TEST(InsertsInEngine, AddingAndRemovingAnInsertWhileAudioRunsIsGlitchFree) {
    StripRig rig;
    ASSERT_TRUE(rig.engine.apply(strip_model(2, {})).empty());
    rig.wire();
    rig.engine.set_audio_running(true);
    std::atomic<bool> done{false};
    std::vector<float> heard;
    heard.reserve(48000 * 10);
    std::thread audio([&] {
        while (!done.load()) {
            const auto block = rig.play(1000.0, 0.1, 256.0 / StripRig::kRate);
            heard.insert(heard.end(), block.begin(), block.end());
            std::this_thread::sleep_for(std::chrono::microseconds(500));
        }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_TRUE(rig.engine.apply(strip_model(2, {bell_1k(3.981)})).empty());
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_TRUE(rig.engine.apply(strip_model(2, {})).empty());
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    done = true;
    audio.join();
    rig.engine.set_audio_running(false);
    rig.engine.reclaim();

    // The tone's own largest step is 0.1 * 2 pi * 1000 / 48000 = 0.013; at
    // +12 dB 0.052. A switch with no fade would jump by up to 0.3.
    float jump = 0.0f;
    for (std::size_t i = 1; i < heard.size(); ++i) jump = std::max(jump, std::fabs(heard[i] - heard[i - 1]));
    EXPECT_LT(jump, 0.06f);
    float loudest = 0.0f;
    for (float x : heard) loudest = std::max(loudest, std::fabs(x));
    EXPECT_GT(loudest, 0.35f) << "the EQ was heard between the two edits";
    EXPECT_LT(std::fabs(heard.back()), 0.11f) << "and gone after the second";
}

} // namespace
} // namespace sy::test

namespace sy::test {
namespace {

// An insert that cannot start (here the denoiser at a rate that is no
// whole number of 10 ms frames) is refused before anything changes: the
// running Plan and its plugins play on.
TEST(InsertsInEngine, AnInsertThatCannotStartLeavesTheEngineAsItWas) {
    StripRig rig;
    auto model = strip_model(2, {bell_1k(3.981)});
    model.engine.rate = 22050;
    ASSERT_TRUE(rig.engine.apply(model).empty());
    const auto generation = rig.engine.plan_generation();
    graph::Insert nr;
    nr.id = "nr";
    nr.builtin = "denoise";
    model.inputs[0].inserts.push_back(nr);
    const auto problems = rig.engine.apply(model);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].field, "inputs[0].inserts[1]");
    EXPECT_NE(problems[0].message.find("\"mic\" insert \"nr\": the denoiser works in 10 ms frames"), std::string::npos)
        << problems[0].message;
    EXPECT_EQ(rig.engine.plan_generation(), generation);
    EXPECT_EQ(rig.engine.model().inputs[0].inserts.size(), 1u);
    EXPECT_TRUE(rig.engine.inserts().slot("mic", "eq"));
}

} // namespace
} // namespace sy::test
