// A bridge's two sides on two real threads, as JACK's and PipeWire's
// callbacks would be, with a third reading its statistics: under TSan this
// finds any data shared without an atomic. About a second of wall time.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <thread>
#include <vector>

#include "router/bridge/bridge.hpp"

namespace sy::router {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

TEST(BridgeThreads, WriterAndReaderOnTheirOwnThreadsShareOnlyAtomicsAndTheRing) {
    BridgeConfig config;
    config.channels = 2;
    config.writer_rate = 44100;
    config.reader_rate = 48000;
    config.writer_period = 441; // 10 ms callbacks: sleeps are coarse on a busy machine
    config.reader_period = 480;
    Bridge bridge(config);
    ASSERT_EQ(bridge.error(), "");

    constexpr int kCycles = 100; // about a second on each side
    const auto start = Clock::now();
    std::atomic<bool> garbage{false};
    std::atomic<int> reads{0};

    std::thread writer([&] {
        std::vector<float> left(441), right(441);
        float* ch[] = {left.data(), right.data()};
        std::uint64_t t = 0;
        for (int k = 1; k <= kCycles; ++k) {
            std::this_thread::sleep_until(start + std::chrono::microseconds(10000 * k));
            for (std::size_t i = 0; i < left.size(); ++i, ++t) {
                left[i] = 0.5f * static_cast<float>(std::sin(2 * M_PI * 440.0 * double(t) / 44100.0));
                right[i] = -left[i];
            }
            bridge.write(ch, 441, seconds_since(start));
        }
    });
    std::thread reader([&] {
        std::vector<float> left(480), right(480);
        float* ch[] = {left.data(), right.data()};
        for (int j = 0; j < kCycles; ++j) {
            std::this_thread::sleep_until(start + std::chrono::microseconds(10000 * j + 3000));
            bridge.read(ch, 480, seconds_since(start));
            for (std::size_t i = 0; i < left.size(); ++i) {
                // A resampled 0.5 sine stays well inside +-1; silence is 0.
                if (!std::isfinite(left[i]) || std::fabs(left[i]) > 1.0f || std::fabs(left[i] + right[i]) > 1e-3f) {
                    garbage = true;
                }
            }
            reads.fetch_add(1, std::memory_order_relaxed);
        }
    });
    BridgeStats last;
    while (reads.load(std::memory_order_relaxed) < kCycles) {
        last = bridge.stats();
        EXPECT_TRUE(std::isfinite(last.fill));
        EXPECT_GE(last.ratio_factor, 0.95);
        EXPECT_LE(last.ratio_factor, 1.05);
        std::this_thread::sleep_for(std::chrono::milliseconds(7));
    }
    writer.join();
    reader.join();
    last = bridge.stats();
    std::printf("[ figures  ] two threads, 1 s: fill %.0f of %.0f frames, %llu underruns, %llu overruns, "
                "%llu resyncs, locked %d\n",
                last.fill, last.target_fill, static_cast<unsigned long long>(last.underruns),
                static_cast<unsigned long long>(last.overruns), static_cast<unsigned long long>(last.resyncs),
                int(last.locked()));
    EXPECT_FALSE(garbage.load()) << "a read gave a sample that is neither silence nor the signal";
    EXPECT_EQ(reads.load(), kCycles);
}

} // namespace
} // namespace sy::router
