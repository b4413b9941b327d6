// The timing of Switchyard's PipeWire side on the real PipeWire of the test
// servers: the process callback keeps the real-time rule, a pass-through
// adds no quantum of its own, and a requested quantum is the node's.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "pipewire_side_support.hpp"
#include "test_servers.hpp"
#include "tests/rt/alloc_counter.hpp"

namespace sy::test {
namespace {

// ---- the real-time rule ----------------------------------------------------

TEST_F(PipewireSideTest, TheProcessCallbackNeitherAllocatesNorLocks) {
    if (!rt_hooks_installed())
        GTEST_SKIP() << "the allocator hooks are not in this program (sanitizer build, or "
                        "tests/rt/alloc_counter.cpp not linked into integration_tests)";
    probe.tone_rows[probe.tone_count++] = 0;
    probe.tone_rows[probe.tone_count++] = 2;
    probe.measure_row = 1;
    start("rt", {target_output("out", 0, "test-sink-a"), virtual_sink("desktop", 1, "Switchyard Desktop"),
                 virtual_source("obs", 2, "Switchyard Stream Mix"), plain("aux", true, 2, 3)});
    ASSERT_TRUE(wait_ready(side, "out")) << describe(side);
    ASSERT_TRUE(wait_ready(side, "desktop")) << describe(side);
    ASSERT_TRUE(wait_ready(side, "obs")) << describe(side);
    // Counting starts once the graph is settled; the window spans everything
    // the data thread does from the end of one callback to the start of the
    // next, PipewireNode's part of the cycle included.
    std::this_thread::sleep_for(200ms);
    probe.count_rt = true;
    const auto deadline = std::chrono::steady_clock::now() + 2s;
    while (std::chrono::steady_clock::now() < deadline) {
        (void)side.status(); // the control thread keeps asking meanwhile
        (void)side.device_latency_frames("out");
        std::this_thread::sleep_for(20ms);
    }
    probe.count_rt = false;
    std::this_thread::sleep_for(100ms);
    const auto cycles = probe.rt_cycles.load();
    std::printf("[ figure   ] %llu cycles counted\n", static_cast<unsigned long long>(cycles));
    EXPECT_GT(cycles, 50u) << "too few cycles were watched";
    EXPECT_EQ(probe.allocations.load(), 0u) << "allocations over " << cycles << " cycles";
    EXPECT_EQ(probe.frees.load(), 0u) << "frees over " << cycles << " cycles";
    EXPECT_EQ(probe.locks.load(), 0u) << "mutex locks over " << cycles << " cycles";

    // The counter does see PipeWire's data thread: one deliberate allocation
    // in the callback is counted.
    probe.count_rt = true;
    std::this_thread::sleep_for(100ms);
    probe.allocate_once = true;
    ASSERT_TRUE(wait_until([&] { return !probe.allocate_once.load(); }, 2s));
    std::this_thread::sleep_for(100ms);
    probe.count_rt = false;
    EXPECT_EQ(probe.allocations.load(), 1u) << "the self-check allocation was not counted";
    EXPECT_EQ(probe.frees.load(), 1u) << "the self-check free was not counted";
}

// ---- latency: a pass-through adds no quantum of its own ---------------------

// Round trip that jack_iodelay (on PipeWire through pw-jack) measures, in
// frames, with its out and in ports linked by `links`; -1 when it found none.
double iodelay_frames(const std::vector<PortLink>& links) {
    const std::string log = temp_path(".txt");
    BackgroundProcess iodelay =
        BackgroundProcess::shell("stdbuf -oL pw-jack jack_iodelay > " + shell_quote(log) + " 2>&1");
    const auto appeared = [] {
        const auto ports = pipewire_output_ports();
        return std::find(ports.begin(), ports.end(), "jack_delay:out") != ports.end();
    };
    if (!wait_until(appeared, 5s)) {
        ADD_FAILURE() << "pw-jack jack_iodelay did not appear";
        return -1;
    }
    for (const auto& l : links) {
        const auto r = run_command("pw-link " + shell_quote(l.output) + " " + shell_quote(l.input));
        if (r.exit_code != 0) ADD_FAILURE() << "pw-link " << l.output << " " << l.input << ": " << r.output;
    }
    double frames = -1;
    wait_until(
        [&] {
            std::ifstream in(log);
            std::string line;
            int found = 0;
            while (std::getline(in, line)) {
                double f = 0;
                if (std::sscanf(line.c_str(), " %lf frames", &f) == 1 &&
                    line.find("total roundtrip") != std::string::npos) {
                    frames = f;
                    ++found;
                }
            }
            return found >= 3; // a few stable reports
        },
        6s, 100ms);
    iodelay.stop();
    std::filesystem::remove(log);
    return frames;
}

TEST_F(PipewireSideTest, APassThroughAddsNoQuantumOfItsOwn) {
    probe.copy_from = 0;
    probe.copy_to = 1;
    start("loop", {plain("in", true, 2, 0), plain("out", false, 2, 1)});
    ASSERT_TRUE(wait_ready(side, "in"));
    ASSERT_TRUE(wait_ready(side, "out"));
    const std::string me = side.node_name();

    // Without Switchyard: jack_iodelay -> test-sink-a -> its monitor -> jack_iodelay.
    const double direct =
        iodelay_frames({{"jack_delay:out", "test-sink-a:playback_FL"}, {"test-sink-a:monitor_FL", "jack_delay:in"}});
    // Through Switchyard's own ports, copied in the callback.
    const double through = iodelay_frames({{"jack_delay:out", me + ":in_FL"}, {me + ":out_FL", "jack_delay:in"}});
    const int quantum = side.quantum();
    std::printf("[ figure   ] quantum %d: direct loop %.1f frames, through Switchyard's ports %.1f frames\n", quantum,
                direct, through);
    RecordProperty("direct_frames", static_cast<int>(direct));
    RecordProperty("through_frames", static_cast<int>(through));
    ASSERT_GT(direct, 0) << "jack_iodelay measured nothing without Switchyard";
    ASSERT_GT(through, 0) << "jack_iodelay measured nothing through Switchyard";
    EXPECT_NEAR(through, direct, 1.0) << "frames; quantum " << quantum;
    EXPECT_NEAR(direct, quantum, 1.0) << "the direct loop is one quantum";
}

// Into the virtual sink, through the callback, out of the virtual source.
// The null sink behind a virtual sink drives its own graph when nothing
// else does, and a driving sink hands its monitor on one cycle late: any
// node reading a driving sink's monitor, a pw-jack pass-through client as
// much as Switchyard, measures one quantum more than a client reading it
// directly (PipeWire 0.3.65). The bound is that quantum, no more.
TEST_F(PipewireSideTest, TheVirtualSinkToSourcePathCostsAtMostTheMonitorsQuantum) {
    probe.copy_from = 0;
    probe.copy_to = 1;
    start("vloop",
          {virtual_sink("desktop", 0, "Switchyard Desktop"), virtual_source("obs", 1, "Switchyard Stream Mix")});
    ASSERT_TRUE(wait_ready(side, "desktop")) << describe(side);
    ASSERT_TRUE(wait_ready(side, "obs")) << describe(side);
    const std::string me = side.node_name();
    const double direct =
        iodelay_frames({{"jack_delay:out", "test-sink-a:playback_FL"}, {"test-sink-a:monitor_FL", "jack_delay:in"}});
    const double virtual_path =
        iodelay_frames({{"jack_delay:out", me + ".desktop:playback_FL"}, {me + ".obs:capture_FL", "jack_delay:in"}});
    const int quantum = side.quantum();
    std::printf(
        "[ figure   ] quantum %d: direct loop %.1f frames, virtual sink -> Switchyard -> virtual source %.1f frames\n",
        quantum, direct, virtual_path);
    RecordProperty("virtual_path_frames", static_cast<int>(virtual_path));
    ASSERT_GT(direct, 0);
    ASSERT_GT(virtual_path, 0) << "jack_iodelay measured nothing through the virtual devices";
    EXPECT_LE(virtual_path, direct + quantum + 1.0) << "frames; quantum " << quantum;
}

// ---- the quantum -----------------------------------------------------------

TEST_F(PipewireSideTest, ARequestedQuantumIsWhatTheNodeRunsAt) {
    side.request_quantum(256, 48000);
    start("quantum", {plain("in", true, 2, 0)});
    EXPECT_TRUE(wait_until([&] { return side.quantum() == 256; }, 3s))
        << "quantum " << side.quantum() << " after asking for 256/48000";
    EXPECT_EQ(side.rate(), 48000);
}

} // namespace
} // namespace sy::test
