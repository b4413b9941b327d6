#include <gtest/gtest.h>

#include <cstdint>
#include <thread>
#include <vector>

#include "dsp/spsc_ring.hpp"

namespace sy::dsp {
namespace {

TEST(SpscRing, CapacityRoundsUpToAPowerOfTwo) {
    SpscRing<float> r(1000);
    EXPECT_EQ(r.capacity(), 1024u);
    EXPECT_EQ(r.writable(), 1024u);
}

TEST(SpscRing, WrapsAroundKeepingOrder) {
    SpscRing<int> r(8);
    std::vector<int> out(8);
    int next_in = 0, next_out = 0;
    for (int round = 0; round < 100; ++round) {
        std::vector<int> in(5);
        for (auto& v : in) v = next_in++;
        ASSERT_EQ(r.write(in.data(), in.size()), 5u);
        ASSERT_EQ(r.read(out.data(), 5), 5u);
        for (int i = 0; i < 5; ++i) ASSERT_EQ(out[static_cast<std::size_t>(i)], next_out++);
    }
}

TEST(SpscRing, WriteStopsWhenFullReadWhenEmpty) {
    SpscRing<float> r(4);
    std::vector<float> in(10, 1.0f), out(10);
    EXPECT_EQ(r.write(in.data(), 10), 4u);
    EXPECT_EQ(r.write(in.data(), 1), 0u);
    EXPECT_EQ(r.read(out.data(), 10), 4u);
    EXPECT_EQ(r.read(out.data(), 1), 0u);
    EXPECT_EQ(r.skip(3), 0u);
}

// The stress test the CI runs under TSan: a producer and a consumer with
// uneven block sizes; every item arrives once, in order.
TEST(SpscRing, TwoThreadsMoveAMillionItemsInOrder) {
    constexpr std::uint32_t kItems = 1'000'000;
    SpscRing<std::uint32_t> r(1024);
    std::thread producer([&] {
        std::uint32_t next = 0;
        std::vector<std::uint32_t> block(97);
        while (next < kItems) {
            std::size_t n = std::min<std::size_t>(block.size(), kItems - next);
            for (std::size_t i = 0; i < n; ++i) block[i] = next + static_cast<std::uint32_t>(i);
            const std::size_t w = r.write(block.data(), n);
            next += static_cast<std::uint32_t>(w);
            if (w == 0) std::this_thread::yield();
        }
    });
    std::uint32_t expected = 0;
    std::uint32_t errors = 0;
    std::vector<std::uint32_t> block(61);
    while (expected < kItems) {
        const std::size_t n = r.read(block.data(), block.size());
        for (std::size_t i = 0; i < n; ++i) errors += block[i] != expected++;
        if (n == 0) std::this_thread::yield();
    }
    producer.join();
    EXPECT_EQ(errors, 0u) << errors << " items out of order or corrupted";
}

} // namespace
} // namespace sy::dsp
