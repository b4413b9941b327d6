#include <gtest/gtest.h>

#include <cmath>
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "router/engine/engine.hpp"
#include "test_models.hpp"

namespace sy::router {
namespace {

struct Rig {
    static constexpr int kFrames = 64;
    Engine engine{EngineOptions{kFrames, 1.0}}; // 48-frame ramps at 48 kHz
    std::vector<float> a = std::vector<float>(kFrames, 1.0f);
    std::vector<float> b = std::vector<float>(kFrames, 0.0f);
    std::vector<float> l = std::vector<float>(kFrames), r = std::vector<float>(kFrames);
    IoTable io;

    void wire() {
        io.clear();
        auto put = [&](const char* id, int c, float* p) {
            const int s = engine.endpoint_slot(id);
            if (s >= 0) io.channel[static_cast<std::size_t>(s)][static_cast<std::size_t>(c)] = p;
        };
        put("a", 0, a.data());
        put("b", 0, b.data());
        put("out", 0, l.data());
        put("out", 1, r.data());
    }
    std::vector<float> run(int cycles) {
        std::vector<float> heard;
        for (int i = 0; i < cycles; ++i) {
            engine.process(kFrames, io);
            heard.insert(heard.end(), l.begin(), l.end());
        }
        return heard;
    }
};

float largest_jump(const std::vector<float>& x) {
    float j = 0;
    for (std::size_t i = 1; i < x.size(); ++i) j = std::max(j, std::fabs(x[i] - x[i - 1]));
    return j;
}

TEST(Engine, BeforeAudioRunsRoutesStartAtTheirGain) {
    Rig rig;
    ASSERT_TRUE(rig.engine.apply(test::two_in_one_bus(-6.0206)).empty());
    rig.wire();
    const auto heard = rig.run(1);
    EXPECT_NEAR(heard[0], 0.5f, 1e-6f) << "no fade-in before audio has started";
}

TEST(Engine, GainChangeWhileRunningRampsWithoutAJump) {
    Rig rig;
    ASSERT_TRUE(rig.engine.apply(test::two_in_one_bus(0)).empty());
    rig.wire();
    rig.engine.set_audio_running(true);
    rig.run(2);
    ASSERT_TRUE(rig.engine.apply(test::two_in_one_bus(graph::kSilenceDb)).empty());
    const auto heard = rig.run(3);
    EXPECT_EQ(heard.back(), 0.0f);
    EXPECT_LE(largest_jump(heard), 1.0f / 48 + 1e-6f) << "largest jump " << largest_jump(heard);
}

TEST(Engine, RemovedRouteFadesOutBeforeItGoes) {
    Rig rig;
    ASSERT_TRUE(rig.engine.apply(test::two_in_one_bus(0)).empty());
    rig.wire();
    rig.engine.set_audio_running(true);
    std::atomic<bool> stop{false};
    std::vector<float> heard;
    std::atomic<bool> audio_done{false};
    // apply() waits for the fade, so audio has to run meanwhile.
    std::thread audio([&] {
        while (!stop) {
            rig.engine.process(Rig::kFrames, rig.io);
            heard.insert(heard.end(), rig.l.begin(), rig.l.end());
            std::this_thread::sleep_for(std::chrono::microseconds(200));
        }
        audio_done = true;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    graph::Model without_a = test::two_in_one_bus(0);
    without_a.routes.erase(without_a.routes.begin());
    ASSERT_TRUE(rig.engine.apply(without_a).empty());
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    stop = true;
    audio.join();
    ASSERT_FALSE(heard.empty());
    EXPECT_EQ(heard.front(), 1.0f);
    EXPECT_EQ(heard.back(), 0.0f);
    EXPECT_LE(largest_jump(heard), 1.0f / 48 + 1e-6f) << "largest jump " << largest_jump(heard);
}

TEST(Engine, NewRouteFadesIn) {
    Rig rig;
    graph::Model m = test::two_in_one_bus(0);
    m.routes.erase(m.routes.begin());
    ASSERT_TRUE(rig.engine.apply(m).empty());
    rig.wire();
    rig.engine.set_audio_running(true);
    rig.run(1);
    ASSERT_TRUE(rig.engine.apply(test::two_in_one_bus(0)).empty());
    const auto heard = rig.run(3);
    EXPECT_GT(heard[0], 0.0f);
    EXPECT_LT(heard[0], 0.1f) << "starts from silence";
    EXPECT_EQ(heard.back(), 1.0f);
    EXPECT_LE(largest_jump(heard), 1.0f / 48 + 1e-6f);
}

TEST(Engine, InvalidModelChangesNothing) {
    Rig rig;
    ASSERT_TRUE(rig.engine.apply(test::two_in_one_bus(-6.0206)).empty());
    const auto* before = rig.engine.plan();
    graph::Model bad = test::two_in_one_bus(0);
    bad.routes.push_back(test::route("mix", "nowhere"));
    const auto problems = rig.engine.apply(bad);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].field, "routes[3].to");
    EXPECT_EQ(rig.engine.plan(), before);
    rig.wire();
    EXPECT_NEAR(rig.run(1)[0], 0.5f, 1e-6f);
}

TEST(Engine, OversizeBlockPlaysSilenceNotGarbage) {
    Rig rig;
    ASSERT_TRUE(rig.engine.apply(test::two_in_one_bus(0)).empty());
    std::vector<float> big(256, 1.0f), out(256, 7.0f);
    IoTable io;
    io.channel[static_cast<std::size_t>(rig.engine.endpoint_slot("a"))][0] = big.data();
    io.channel[static_cast<std::size_t>(rig.engine.endpoint_slot("out"))][0] = out.data();
    rig.engine.process(256, io);
    EXPECT_EQ(out[0], 0.0f);
    EXPECT_EQ(out[255], 0.0f);
    EXPECT_EQ(rig.engine.oversize_cycles(), 1u);
}

TEST(Engine, MetersSeeThePeakOfEachEndpoint) {
    Rig rig;
    ASSERT_TRUE(rig.engine.apply(test::two_in_one_bus(-6.0206)).empty());
    rig.wire();
    rig.a[10] = -0.9f;
    rig.run(1);
    EXPECT_NEAR(rig.engine.take_meter(rig.engine.endpoint_slot("a"), 0).peak, 1.0f, 1e-6f);
    EXPECT_NEAR(rig.engine.take_meter(rig.engine.endpoint_slot("out"), 1).peak, 0.5f, 1e-6f);
}

// The RMS meter averages over 300 ms of audio whatever the cycle size: a
// Plan is built for the largest block a server may ask for (8192 frames
// live), but servers run much smaller cycles.
TEST(Engine, RmsMeterTimeConstantIs300MsAtAnyCycleSize) {
    constexpr int kMax = 8192;
    for (const int frames : {64, 256, 1024}) {
        Engine engine{EngineOptions{kMax, 5.0}};
        graph::Model m;
        m.inputs = {test::input("a", 1)};
        m.outputs = {test::output("out", 1)};
        m.routes = {test::route("a", "out")};
        ASSERT_TRUE(engine.apply(m).empty());
        std::vector<float> in(static_cast<std::size_t>(kMax), 1.0f);
        std::vector<float> out(static_cast<std::size_t>(kMax), 0.0f);
        IoTable io;
        io.clear();
        io.channel[static_cast<std::size_t>(engine.endpoint_slot("a"))][0] = in.data();
        io.channel[static_cast<std::size_t>(engine.endpoint_slot("out"))][0] = out.data();
        const int slot = engine.endpoint_slot("out");
        // Two seconds of full scale settle the average at 1.
        for (int done = 0; done < 2 * 48000; done += frames) engine.process(frames, io);
        std::fill(in.begin(), in.end(), 0.0f);
        // Then about 300 ms of silence: the mean square falls to 1/e, the RMS to e^-1/2.
        int silent = 0;
        for (; silent + frames <= 14400; silent += frames) engine.process(frames, io);
        const float rms = engine.take_meter(slot, 0).rms;
        EXPECT_NEAR(rms, std::exp(-0.5f * static_cast<float>(silent) / 14400.0f), 0.005f) << "RMS after 300 ms of silence in cycles of " << frames
                                                  << " frames: " << rms;
    }
}

TEST(Engine, RetiredPlansAreFreedOnceAudioMovesOn) {
    Rig rig;
    rig.engine.set_audio_running(true);
    ASSERT_TRUE(rig.engine.apply(test::two_in_one_bus(0)).empty());
    rig.wire();
    // Five changes of topology (a mixer change publishes no Plan): an
    // output comes and goes.
    for (int i = 1; i <= 5; ++i) {
        graph::Model m = test::two_in_one_bus(0);
        if (i % 2) m.outputs.push_back(test::output("extra"));
        ASSERT_TRUE(rig.engine.apply(m).empty());
    }
    rig.engine.reclaim();
    EXPECT_GE(rig.engine.retired_plans(), 5u) << "audio has not run: every old Plan may still be in use";
    rig.run(1);
    rig.engine.reclaim();
    // Audio has loaded the newest Plan: nothing older can be in use.
    EXPECT_EQ(rig.engine.plan_generation(), 6u);
    EXPECT_EQ(rig.engine.retired_plans(), 0u);
}

TEST(Engine, AMixerChangeRampsWithNoNewPlan) {
    Rig rig;
    ASSERT_TRUE(rig.engine.apply(test::two_in_one_bus(0)).empty());
    rig.wire();
    rig.engine.set_audio_running(true);
    rig.run(2);
    const graph::Plan* plan = rig.engine.plan();
    const std::uint64_t generation = rig.engine.plan_generation();
    graph::Model m = test::two_in_one_bus(-6.0206); // a route's gain
    m.inputs[1].mute = true;                         // an input's mute
    m.buses[0].gain_db = -1.0;                       // a bus's fader
    ASSERT_TRUE(rig.engine.apply(m).empty());
    m.buses[0].gain_db = 0.0;
    ASSERT_TRUE(rig.engine.apply(m).empty());
    EXPECT_EQ(rig.engine.plan(), plan) << "the same Plan runs on";
    EXPECT_EQ(rig.engine.plan_generation(), generation);
    EXPECT_EQ(rig.engine.retired_plans(), 0u);
    const auto heard = rig.run(4);
    EXPECT_NEAR(heard.back(), 0.5f, 1e-6f) << "the ramp reached the new gain";
    EXPECT_LE(largest_jump(heard), 0.5f / 48 + 1e-6f) << "largest jump " << largest_jump(heard);
    m.routes.pop_back(); // a change of topology does publish
    ASSERT_TRUE(rig.engine.apply(m).empty());
    EXPECT_GT(rig.engine.plan_generation(), generation);
}

} // namespace
} // namespace sy::router
