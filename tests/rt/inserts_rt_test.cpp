// The real-time rule with plugins in the Plan: a voice chain of LSP plugins
// (gate, compressor, 16-band EQ, limiter) on a microphone and a limiter on
// a bus, and the built-in denoiser, run for thousands of cycles with no allocation and no lock on the
// audio thread, while the control thread moves their controls (no Plan),
// bypasses them (a crossfade) and adds and removes an insert (a new Plan,
// the removed plugin faded out first and freed on the control thread).
#include <gtest/gtest.h>

#include <atomic>
#include <iostream>
#include <thread>
#include <vector>

#include "alloc_counter.hpp"
#include "rt_cycles.hpp"
#include "router/engine/engine.hpp"
#include "tests/support/model_builder.hpp"

namespace sy::router {
namespace {

constexpr const char* kLsp = "http://lsp-plug.in/plugins/lv2/";

graph::Insert plugin(const std::string& id, const std::string& name, std::map<std::string, graph::ControlValue> c = {},
                     bool bypass = false) {
    graph::Insert i;
    i.id = id;
    i.lv2 = std::string(kLsp) + name;
    i.controls = std::move(c);
    i.bypass = bypass;
    return i;
}

graph::Model voice(int i) {
    using test::bus;
    using test::input;
    using test::output;
    using test::route;
    graph::Model m;
    m.engine.period = 128;
    m.inputs = {input("daw"), input("mic", 1)};
    m.buses = {bus("stream")};
    m.outputs = {output("obs")};
    m.routes = {route("daw", "stream"), route("mic", "stream"), route("stream", "obs")};
    m.inputs[1].inserts = {plugin("gate", "gate_mono"),
                           plugin("comp", "compressor_mono", {{"cr", 2.0 + i % 5}}),
                           plugin("eq", "para_equalizer_x16_mono", {{"ft_0", 1.0}, {"g_0", 1.0 + 0.1 * (i % 10)}},
                                  i % 7 == 0),
                           plugin("limit", "limiter_mono")};
    graph::Insert nr;
    nr.id = "nr";
    nr.builtin = "denoise";
    nr.controls = {{"level", std::string(i % 3 == 0 ? "high" : "moderate")}};
    m.inputs[1].inserts.insert(m.inputs[1].inserts.begin(), nr);
    m.buses[0].inserts = {plugin("limit", "limiter_stereo")};
    if (i % 4 == 0) m.buses[0].inserts.push_back(plugin("eq", "para_equalizer_x16_stereo"));
    return m;
}

TEST(RealTime, ProcessWithLspPluginsInThePlanNeverAllocatesOrLocks) {
    if (!test::rt_hooks_installed()) GTEST_SKIP() << "sanitizer build: the allocator hooks are not installed";
    constexpr int kFrames = 128;
    constexpr int kCycles = 6000;
    Engine engine(EngineOptions{kFrames, 5.0});
    ASSERT_TRUE(engine.apply(voice(1)).empty());
    engine.set_audio_running(true);
    std::vector<std::vector<float>> buffers;
    IoTable io;
    buffers.reserve(8);
    for (const auto& e : engine.plan()->endpoints) {
        if (e.kind == graph::EndpointKind::Bus) continue;
        for (int c = 0; c < e.channels; ++c) {
            buffers.emplace_back(static_cast<std::size_t>(kFrames), 0.25f);
            io.channel[static_cast<std::size_t>(e.slot)][static_cast<std::size_t>(c)] = buffers.back().data();
        }
    }

    std::atomic<bool> done{false};
    std::atomic<int> edits{0};
    std::atomic<std::uint64_t> published{0};
    std::thread control([&] {
        const std::uint64_t first = engine.plan_generation();
        for (int i = 2; !done.load(std::memory_order_relaxed); ++i) {
            EXPECT_TRUE(engine.apply(voice(i)).empty());
            engine.reclaim();
            edits.fetch_add(1, std::memory_order_relaxed);
            published.store(engine.plan_generation() - first, std::memory_order_relaxed);
        }
    });
    const test::RtViolations total = test::process_counted(engine, kFrames, io, kCycles);
    done = true;
    control.join();
    engine.set_audio_running(false);

    std::cout << "[ figures  ] " << kCycles << " cycles with 6 plugins and the denoiser, " << edits.load() << " edits, "
              << published.load() << " plans published, " << total.allocations << " allocations, " << total.frees
              << " frees, " << total.locks << " locks\n";
    EXPECT_GT(published.load(), 5u) << "too few inserts added and removed to prove anything";
    EXPECT_GT(edits.load() - static_cast<int>(published.load()), 5) << "too few control-only edits to prove anything";
    EXPECT_EQ(total.allocations, 0u);
    EXPECT_EQ(total.frees, 0u);
    EXPECT_EQ(total.locks, 0u);
}

} // namespace
} // namespace sy::router
