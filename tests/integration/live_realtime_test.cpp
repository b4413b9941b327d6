// The real-time rule on real servers: no audio callback of a running session
// (JACK's process thread and PipeWire's data thread, bridges included)
// allocates, frees or takes a lock, while Plans are being swapped.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "dsp/denormals.hpp"
#include "jack_probe.hpp"
#include "presets/preset_reader.hpp"
#include "router/jack/side.hpp"
#include "router/session/live_session.hpp"
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
    std::atomic<std::uint64_t> denormals_kept{0}; // cycles that ran with denormal floats allowed
};

void observe(void* user, router::LiveSession::Server, bool begin) {
    if (begin) {
        // The session sets flush-to-zero before it calls the observer.
        if (!dsp::denormals_are_off()) static_cast<Counts*>(user)->denormals_kept.fetch_add(1, std::memory_order_relaxed);
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
        ASSERT_TRUE(session.apply(next).empty());
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
    EXPECT_EQ(counts.denormals_kept.load(), 0u) << "audio callbacks ran without flush-to-zero and denormals-are-zero";
}

// The same while endpoints come and go on both servers (JACK ports, PipeWire
// ports, virtual devices and bridges published afresh each time).
TEST_F(LiveRealTime, NoCallbackAllocatesOrLocksWhileEndpointsComeAndGo) {
    if (!rt_hooks_installed()) GTEST_SKIP() << "sanitizer build: the allocator hooks are not installed";
    JackProbe probe("probe-rt2", 2, 440.0, 0.2);
    ASSERT_TRUE(probe.ok());
    const auto read = presets::parse_preset(R"({ "switchyard": 1, "name": "live-rt2",
      "inputs": [ { "id": "daw", "channels": 2, "jack": { "connect": [")" + probe.port("out", 1) + R"(", ")" + probe.port("out", 2) + R"("] } } ],
      "outputs": [ { "id": "a", "channels": 2, "pipewire": { "target": "test-sink-a" } } ],
      "routes": [ { "from": "daw", "to": "a" } ] })");
    ASSERT_TRUE(read.model) << read.problems.front().message;

    Counts counts;
    router::LiveSession session(*read.model);
    session.set_cycle_observer(&observe, &counts);
    ASSERT_EQ(session.start(), "");
    ASSERT_TRUE(session.jack_is_hub());
    const graph::Model base = session.model();
    int changes = 0;
    const auto until = std::chrono::steady_clock::now() + 4s;
    for (int i = 0; std::chrono::steady_clock::now() < until; ++i) {
        graph::Model next = base;
        if (i % 2 == 0) {
            graph::Endpoint jack_in;
            jack_in.id = "mic";
            jack_in.kind = graph::EndpointKind::Input;
            jack_in.channels = 1;
            jack_in.jack = graph::JackSpec{{probe.port("out", 1)}};
            graph::Endpoint sink;
            sink.id = "desktop";
            sink.kind = graph::EndpointKind::Input;
            sink.pipewire = graph::PipewireSpec{"", "sink", "RT Churn"};
            graph::Endpoint out;
            out.id = "b";
            out.kind = graph::EndpointKind::Output;
            out.pipewire = graph::PipewireSpec{"test-sink-b", "", ""};
            next.inputs.push_back(jack_in);
            next.inputs.push_back(sink);
            next.outputs.push_back(out);
            for (auto [from, to] : {std::pair{"mic", "b"}, std::pair{"desktop", "a"}}) {
                graph::Route r;
                r.from = from;
                r.to = to;
                next.routes.push_back(r);
            }
        }
        ASSERT_TRUE(session.apply(next).empty());
        ++changes;
        session.poll();
        std::this_thread::sleep_for(100ms);
    }
    session.stop();
    std::cout << "[ figures  ] " << changes << " models applied, " << counts.cycles.load() << " callbacks: "
              << counts.allocations.load() << " allocations, " << counts.frees.load() << " frees, "
              << counts.locks.load() << " locks\n";
    EXPECT_GE(changes, 4);
    EXPECT_EQ(counts.allocations.load(), 0u);
    EXPECT_EQ(counts.frees.load(), 0u);
    EXPECT_EQ(counts.locks.load(), 0u);
}

} // namespace
} // namespace sy::test
