// The real-time rule for bridges, proven: write() and read() make no heap
// allocation and take no lock, through a start, a run, a stall and a resync.
#include <gtest/gtest.h>

#include <vector>

#include "alloc_counter.hpp"
#include "router/bridge/bridge.hpp"

namespace sy::router {
namespace {

TEST(RealTime, BridgeWriteAndReadNeverAllocateOrLock) {
    for (const auto lib : {dsp::ResamplerLib::Zita, dsp::ResamplerLib::Libsamplerate}) {
        BridgeConfig config;
        config.writer_rate = 44100;
        config.reader_rate = 48000;
        config.lib = lib;
        Bridge bridge(config);
        ASSERT_EQ(bridge.error(), "");
        std::vector<float> a(1024, 0.25f), b(1024, -0.25f);
        float* ch[] = {a.data(), b.data()};

        test::RtViolations total;
        double writer_time = 0;
        double reader_time = 0;
        for (int cycle = 0; cycle < 4000; ++cycle) {
            // A writer stall from cycle 2000 to 2100, and reads larger than
            // the configured period now and then.
            test::arm_rt_counter();
            while (writer_time <= reader_time && !(cycle >= 2000 && cycle < 2100)) {
                writer_time += 256 / 44100.0;
                bridge.write(ch, 256, writer_time);
            }
            const int frames = cycle % 50 == 0 ? 1000 : 256;
            bridge.read(ch, frames, reader_time);
            reader_time += frames / 48000.0;
            const test::RtViolations v = test::disarm_rt_counter();
            total.allocations += v.allocations;
            total.frees += v.frees;
            total.locks += v.locks;
            std::fill(a.begin(), a.end(), 0.25f);
            std::fill(b.begin(), b.end(), -0.25f);
            if (cycle >= 2000 && cycle < 2100) writer_time = reader_time;
        }
        EXPECT_GT(bridge.stats().underruns, 0u) << "the stall did not happen";
        EXPECT_EQ(total.allocations, 0u);
        EXPECT_EQ(total.frees, 0u);
        EXPECT_EQ(total.locks, 0u);
    }
}

} // namespace
} // namespace sy::router
