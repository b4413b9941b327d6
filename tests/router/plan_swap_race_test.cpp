// One thread publishes new Plans in a tight loop while another runs process
// cycles. Run in the TSan build, where any data race fails the test; in every
// build the output must stay sane (finite, bounded) throughout.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <thread>
#include <vector>

#include "router/engine/engine.hpp"
#include "test_models.hpp"

namespace sy::router {
namespace {

TEST(PlanSwap, PublishingInATightLoopWhileProcessingIsRaceFree) {
    constexpr int kFrames = 64;
    Engine engine(EngineOptions{kFrames, 2.0});
    ASSERT_TRUE(engine.apply(test::two_in_one_bus(0.0)).empty());
    engine.set_audio_running(true);

    std::vector<float> in_a(kFrames, 0.5f), in_b(kFrames, -0.25f), out_l(kFrames), out_r(kFrames);
    IoTable io;
    auto slot = [&](const char* id) { return static_cast<std::size_t>(engine.endpoint_slot(id)); };
    io.channel[slot("a")][0] = in_a.data();
    io.channel[slot("b")][0] = in_b.data();
    io.channel[slot("out")][0] = out_l.data();
    io.channel[slot("out")][1] = out_r.data();

    std::atomic<bool> stop{false};
    std::atomic<long> cycles{0};
    std::atomic<long> insane{0};
    std::thread audio([&] {
        while (!stop.load(std::memory_order_relaxed)) {
            engine.process(kFrames, io);
            for (int i = 0; i < kFrames; ++i) {
                // |a| + |b| at most +6 dB each stays well under 2.
                if (!std::isfinite(out_l[static_cast<std::size_t>(i)]) || std::fabs(out_l[static_cast<std::size_t>(i)]) > 2.0f) {
                    insane.fetch_add(1, std::memory_order_relaxed);
                }
            }
            cycles.fetch_add(1, std::memory_order_relaxed);
        }
    });

    int published = 0;
    for (; published < 2000; ++published) {
        // Gains that change every time; every fourth model drops route b.
        graph::Model m = test::two_in_one_bus(-0.01 * published);
        if (published % 4 == 3) m.routes.erase(m.routes.begin() + 1);
        ASSERT_TRUE(engine.apply(m).empty());
        engine.reclaim();
    }
    stop = true;
    audio.join();
    engine.set_audio_running(false);
    std::cout << "[ figures  ] " << published << " plans published during " << cycles.load() << " cycles\n";
    EXPECT_EQ(insane.load(), 0) << "samples that were not finite or out of range";
    EXPECT_GT(cycles.load(), 0);
}

} // namespace
} // namespace sy::router
