// A witness for the machine itself: on every CPU a thread pinned to it, at
// the lowest real-time priority (SCHED_FIFO 1, below jackd's, PipeWire's
// and Switchyard's threads), wakes every millisecond and notes when it woke
// late. Late by 3 ms means no real-time thread could be sure of that CPU for
// 3 ms: the host stalled it (a hypervisor took the virtual CPU, the kernel ran
// a long non-preemptible path), or real-time threads above it held it that
// long, which no audio thread here does (Switchyard's callback takes a
// fraction of a millisecond, 3 to 7 % of a 5.3 ms period). An xrun at such a
// moment says nothing about Switchyard.
//
// Why the lowest priority and not the highest: at SCHED_FIFO 99 the
// witnesses themselves broke the audio. Two of them, waking 1000 times a
// second above everything, gave jackd 4 to 18 xruns in 10 s on an idle
// 2-core VM, and LiveSession's bridged tones failed in 6 runs of 6; without
// them, or at priority 1, 11 of 12 were clean.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "sink_capture.hpp"

namespace sy::test {

class StallWatch {
public:
    // Late by more than `threshold` counts as a stall.
    explicit StallWatch(std::chrono::microseconds threshold = std::chrono::microseconds(3000));
    ~StallWatch();
    StallWatch(const StallWatch&) = delete;
    StallWatch& operator=(const StallWatch&) = delete;

    // False when the system refuses SCHED_FIFO or pinning: then there is
    // no witness, and nothing can be put down to the host.
    bool real_time() const { return real_time_; }
    // A stall on any CPU that ended within `window` of `at` (steady clock)?
    bool stalled_near(std::chrono::steady_clock::time_point at, std::chrono::milliseconds window) const;
    // How many stalls on all CPUs, and the longest lateness seen, in microseconds.
    std::size_t stalls() const;
    long long worst_us() const;

private:
    struct Lane {
        static constexpr std::size_t kMaxStalls = 4096;
        // Written by its thread only, slot first and count after, so a
        // reader sees only whole entries (nanoseconds of the steady clock).
        std::array<std::atomic<long long>, kMaxStalls> ends{};
        std::atomic<std::size_t> count{0};
        std::atomic<long long> worst_us{0};
        std::thread thread;
    };
    void run(Lane& lane);

    std::chrono::microseconds threshold_;
    std::vector<std::unique_ptr<Lane>> lanes_;
    std::atomic<bool> stop_{false};
    bool real_time_ = false;
};

// Runs `take` (a recording) again while the host stalled during it, while
// a server missed a cycle (`misses` counts them: JACK's xruns, PipeWire's
// cycles run without us), or while the recorder lost one (recorder_gaps()):
// a machine that stopped every real-time thread mid-take, or a cycle that
// never ran, leaves a gap no bridge can fill, and says nothing about the
// signal path. Takes go on for up to
// kTakeBudget; the take that ends after it counts whatever happens. A count
// of takes was too few on a noisy VM: eight 0.9 s takes in a row were seen to
// stall (one stall 141 ms long), about one stall a second for minutes.
//
// Before taking again, `settle` waits for what the stall set off to end: a
// bridge that a stall pushed off its target steers back by bending its
// ratio, and a take during that hears the bend (a tone's SNR fell to 38 and
// 57 dB in takes that came right after a stalled one, 67 to 111 dB once the
// bridges had locked again).
//
// Under AddressSanitizer every callback runs two to three times longer and
// the host's noise weighs more: the fault suite's ASan run saw 14 and 26
// takes in a row stall (worst 77 ms) and the minute run out, where the same
// tests took 1 to 10 takes in the release run just before. It has two.
#if defined(__SANITIZE_ADDRESS__)
constexpr std::chrono::seconds kTakeBudget{120};
#else
constexpr std::chrono::seconds kTakeBudget{60};
#endif

template <class Misses, class Take, class Settle>
auto take_clean(const StallWatch& watch, Misses misses, Take take, Settle settle) {
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 1;; ++i) {
        // The witness's window is the take alone: asking a server for its
        // misses may take a while, and a stall then says nothing of the take.
        const auto missed = misses();
        const std::size_t stalls = watch.stalls();
        const std::uint64_t recorder_lost = recorder_gaps();
        auto got = take();
        const bool stalled = watch.stalls() != stalls;
        const bool server_missed = misses() != missed;
        const bool recorder_missed = recorder_gaps() != recorder_lost;
        if ((!stalled && !server_missed && !recorder_missed) || std::chrono::steady_clock::now() - t0 > kTakeBudget)
            return got;
        if (stalled) {
            std::cout << "[ note     ] the host stalled during take " << i << " (" << watch.worst_us()
                      << " us late at worst so far); taking it again\n";
        } else if (server_missed) {
            std::cout << "[ note     ] a server missed a cycle during take " << i << "; taking it again\n";
        } else {
            std::cout << "[ note     ] the recorder lost a cycle of the sink's audio during take " << i
                      << "; taking it again\n";
        }
        settle();
    }
}

template <class Misses, class Take>
auto take_clean(const StallWatch& watch, Misses misses, Take take) {
    return take_clean(watch, misses, take, [] {});
}

} // namespace sy::test
