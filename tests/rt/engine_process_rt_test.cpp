// The real-time rule, proven: the audio thread's process() makes no heap
// allocation and takes no lock, for thousands of cycles, including cycles
// during which the control thread changes gains (per-route atomic targets,
// no Plan) and publishes new Plans (routes added and faded out).
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#include "alloc_counter.hpp"
#include "rt_cycles.hpp"
#include "graph/model.hpp"
#include "router/engine/engine.hpp"
#include "tests/support/model_builder.hpp"

namespace sy::router {
namespace {

// A streaming-shaped graph: three inputs, two buses, three outputs.
graph::Model streaming(double gain_db, bool with_extra_route) {
    using test::bus;
    using test::input;
    using test::output;
    using test::route;
    graph::Model m;
    m.engine.period = 128;
    m.inputs = {input("daw"), input("desktop"), input("mic", 1)};
    m.buses = {bus("stream"), bus("monitor-mix")};
    m.outputs = {output("obs"), output("phones"), output("rec", 1)};
    m.routes = {route("daw", "stream", gain_db), route("desktop", "stream", -12), route("mic", "stream"),
                route("stream", "obs"), route("daw", "monitor-mix"), route("monitor-mix", "phones"),
                route("stream", "rec")};
    if (with_extra_route) m.routes.push_back(route("mic", "phones", -3));
    return m;
}

struct Driver {
    std::vector<std::vector<float>> buffers;
    IoTable io;

    explicit Driver(Engine& engine, int frames) {
        buffers.reserve(16);
        for (const auto& e : engine.plan()->endpoints) {
            if (e.kind == graph::EndpointKind::Bus) continue;
            for (int c = 0; c < e.channels; ++c) {
                buffers.emplace_back(static_cast<std::size_t>(frames), 0.25f);
                io.channel[static_cast<std::size_t>(e.slot)][static_cast<std::size_t>(c)] = buffers.back().data();
            }
        }
    }
};

TEST(RealTime, ProcessNeverAllocatesOrLocksWhilePlansAreSwapped) {
    if (!test::rt_hooks_installed()) GTEST_SKIP() << "sanitizer build: the allocator hooks are not installed";
    constexpr int kFrames = 128;
    constexpr int kCycles = 20000;
    Engine engine(EngineOptions{kFrames, 5.0});
    ASSERT_TRUE(engine.apply(streaming(0, false)).empty());
    engine.set_audio_running(true);
    // Every endpoint stays in every model below, so the driver's table holds.
    Driver driver(engine, kFrames);

    std::atomic<bool> done{false};
    std::atomic<int> edits{0};
    std::atomic<std::uint64_t> published{0};
    std::thread control([&] {
        const std::uint64_t first = engine.plan_generation();
        int i = 0;
        while (!done.load(std::memory_order_relaxed)) {
            // Gain changes, a route added and one removed (with its fade).
            engine.apply(streaming(-0.5 * (i % 20), i % 3 == 0));
            engine.reclaim();
            edits.fetch_add(1, std::memory_order_relaxed);
            published.store(engine.plan_generation() - first, std::memory_order_relaxed);
            ++i;
        }
    });

    const test::RtViolations total = test::process_counted(engine, kFrames, driver.io, kCycles);
    done = true;
    control.join();
    engine.set_audio_running(false);

    std::cout << "[ figures  ] " << kCycles << " cycles, " << edits.load() << " edits, " << published.load()
              << " plans published, "
              << total.allocations << " allocations, " << total.frees << " frees, " << total.locks << " locks\n";
    EXPECT_GT(published.load(), 10u) << "too few plans published to prove anything";
    EXPECT_GT(edits.load() - static_cast<int>(published.load()), 10) << "too few gain-only edits to prove anything";
    EXPECT_EQ(total.allocations, 0u);
    EXPECT_EQ(total.frees, 0u);
    EXPECT_EQ(total.locks, 0u);
}

TEST(RealTime, TheCounterCatchesAnAllocation) {
    // The counter itself must be able to fail, or the test above proves nothing.
    if (!test::rt_hooks_installed()) GTEST_SKIP() << "sanitizer build";
    test::arm_rt_counter();
    {
        std::vector<int> v(100, 1);
        // Keep the allocation observable: compilers may elide new/delete pairs.
        asm volatile("" : : "r"(v.data()) : "memory");
    }
    std::mutex m;
    m.lock();
    m.unlock();
    const test::RtViolations counted = test::disarm_rt_counter();
    EXPECT_GE(counted.allocations, 1u);
    EXPECT_GE(counted.frees, 1u);
    EXPECT_EQ(counted.locks, 1u);
}

} // namespace
} // namespace sy::router
