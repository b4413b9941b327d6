// A witness for the machine itself: a thread at the highest real-time
// priority (SCHED_FIFO 99, above jackd's and PipeWire's threads) that wakes
// every millisecond and notes when it woke late. When it is late, every
// real-time thread on the machine was held up at that moment: the host
// stalled (a hypervisor took the CPUs, the kernel wrote back pages), and an
// xrun then says nothing about Switchyard. Nothing Switchyard does can make
// it late: its own threads run below it.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <iostream>
#include <string>
#include <thread>

namespace sy::test {

class StallWatch {
public:
    // Late by more than `threshold` counts as a stall.
    explicit StallWatch(std::chrono::microseconds threshold = std::chrono::microseconds(3000));
    ~StallWatch();
    StallWatch(const StallWatch&) = delete;
    StallWatch& operator=(const StallWatch&) = delete;

    // False when the system refuses SCHED_FIFO 99: then there is no witness,
    // and nothing can be put down to the host.
    bool real_time() const { return real_time_; }
    // A stall that ended within `window` of `at` (steady clock)?
    bool stalled_near(std::chrono::steady_clock::time_point at, std::chrono::milliseconds window) const;
    // How many stalls, and the longest lateness seen, in microseconds.
    std::size_t stalls() const { return count_.load(std::memory_order_acquire); }
    long long worst_us() const { return worst_us_.load(std::memory_order_relaxed); }

private:
    void run();

    static constexpr std::size_t kMaxStalls = 4096;
    std::chrono::microseconds threshold_;
    // Written by the watch thread only, slot first and count after, so a
    // reader sees only whole entries (nanoseconds of the steady clock).
    std::array<std::atomic<long long>, kMaxStalls> ends_{};
    std::atomic<std::size_t> count_{0};
    std::atomic<long long> worst_us_{0};
    std::atomic<bool> stop_{false};
    bool real_time_ = false;
    std::thread thread_;
};

// Runs `take` (a recording) again, up to three takes in all, while the host
// stalled during it: a machine that stopped every real-time thread mid-take
// says nothing about the signal path. The third take counts whatever happens.
template <class Take>
auto take_without_stall(const StallWatch& watch, Take take) {
    for (int i = 1;; ++i) {
        const std::size_t before = watch.stalls();
        auto got = take();
        if (watch.stalls() == before || i == 3) return got;
        std::cout << "[ note     ] the host stalled during take " << i << " (" << watch.worst_us()
                  << " us late at worst so far); taking it again\n";
    }
}

} // namespace sy::test
