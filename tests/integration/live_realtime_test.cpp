// The real-time rule on real servers: no audio callback of a running session
// (JACK's process thread and PipeWire's data thread, bridges included)
// allocates, frees or takes a lock, while Plans are being swapped.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "jack_probe.hpp"
#include "presets/preset_reader.hpp"
#include "router/live_session.hpp"
#include "test_servers.hpp"
#include "tests/rt/alloc_counter.hpp"

namespace sy::test {
namespace {

using namespace std::chrono_literals;

struct Counts {
    std::atomic<std::uint64_t> cycles{0};
    std::atomic<std::uint64_t> allocations{0};
    std::atomic<std::uint64_t> frees{0};
    std::atomic<std::uint64_t> locks{0};
};

void observe(void* user, bool begin) {
    if (begin) {
        arm_rt_counter();
        return;
    }
    const RtViolations v = disarm_rt_counter();
    auto* c = static_cast<Counts*>(user);
    c->cycles.fetch_add(1, std::memory_order_relaxed);
    c->allocations.fetch_add(v.allocations, std::memory_order_relaxed);
    c->frees.fetch_add(v.frees, std::memory_order_relaxed);
    c->locks.fetch_add(v.locks, std::memory_order_relaxed);
}

class LiveRealTime : public ServersTest {};

TEST_F(LiveRealTime, NoCallbackOnEitherServerAllocatesOrLocks) {
    if (!rt_hooks_installed()) GTEST_SKIP() << "sanitizer build: the allocator hooks are not installed";
    JackProbe probe("probe-rt", 2, 440.0, 0.2);
    ASSERT_TRUE(probe.ok());
    const auto read = presets::parse_preset(R"({ "switchyard": 1, "name": "live-rt",
      "inputs": [ { "id": "daw", "channels": 2, "jack": { "connect": [")" + probe.port("out", 1) + R"(", ")" + probe.port("out", 2) + R"("] } },
                  { "id": "desktop", "channels": 2, "pipewire": { "virtual": "sink", "description": "RT Desktop" } } ],
      "buses": [ { "id": "mix", "channels": 2 } ],
      "outputs": [ { "id": "a", "channels": 2, "pipewire": { "target": "test-sink-a" } },
                   { "id": "b", "channels": 2, "pipewire": { "target": "test-sink-b" } },
                   { "id": "back", "channels": 2, "jack": { "connect": [")" + probe.port("in", 1) + R"(", ")" + probe.port("in", 2) + R"("] } } ],
      "routes": [ { "from": "daw", "to": "mix" }, { "from": "desktop", "to": "mix" }, { "from": "mix", "to": "a" },
                  { "from": "mix", "to": "b" }, { "from": "mix", "to": "back" } ] })");
    ASSERT_TRUE(read.model) << read.problems.front().message;

    Counts counts;
    router::LiveSession session(*read.model);
    session.set_cycle_observer(&observe, &counts);
    ASSERT_EQ(session.start(), "");
    ASSERT_TRUE(session.jack_is_hub());
    // Plans swapped while both servers run: gain changes and a route removed and added back.
    graph::Model model = session.model();
    const auto until = std::chrono::steady_clock::now() + 3s;
    for (int i = 0; std::chrono::steady_clock::now() < until; ++i) {
        graph::Model next = model;
        next.routes[0].gain_db = -0.5 * (i % 12);
        if (i % 4 == 1) next.routes.erase(next.routes.begin() + 4);
        ASSERT_TRUE(session.engine().apply(next).empty());
        session.poll();
        std::this_thread::sleep_for(20ms);
    }
    const std::uint64_t jack_cycles = session.jack().cycles();
    const std::uint64_t pipewire_cycles = session.pipewire().cycles();
    session.stop();

    std::cout << "[ figures  ] " << counts.cycles.load() << " callbacks (JACK " << jack_cycles << ", PipeWire "
              << pipewire_cycles << "): " << counts.allocations.load() << " allocations, " << counts.frees.load()
              << " frees, " << counts.locks.load() << " locks\n";
    EXPECT_GT(jack_cycles, 200u);
    EXPECT_GT(pipewire_cycles, 200u);
    EXPECT_GE(counts.cycles.load(), jack_cycles + pipewire_cycles - 4) << "the observer missed callbacks";
    EXPECT_EQ(counts.allocations.load(), 0u);
    EXPECT_EQ(counts.frees.load(), 0u);
    EXPECT_EQ(counts.locks.load(), 0u);
}

} // namespace
} // namespace sy::test
