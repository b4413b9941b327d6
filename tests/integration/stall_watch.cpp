#include "stall_watch.hpp"

#include <pthread.h>
#include <sched.h>
#include <time.h>

#include <algorithm>
#include <future>

namespace sy::test {
namespace {

long long now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

} // namespace

StallWatch::StallWatch(std::chrono::microseconds threshold) : threshold_(threshold) {
    std::promise<bool> granted;
    auto answer = granted.get_future();
    thread_ = std::thread([this, &granted] {
        sched_param p{};
        p.sched_priority = 99;
        granted.set_value(pthread_setschedparam(pthread_self(), SCHED_FIFO, &p) == 0);
        run();
    });
    real_time_ = answer.get();
}

StallWatch::~StallWatch() {
    stop_.store(true, std::memory_order_relaxed);
    thread_.join();
}

void StallWatch::run() {
    // std::chrono::steady_clock is CLOCK_MONOTONIC on Linux, so the deadlines
    // below and the times readers compare against are on one clock.
    constexpr long long kTick = 1'000'000; // 1 ms
    long long next = now_ns() + kTick;
    while (!stop_.load(std::memory_order_relaxed)) {
        timespec at{static_cast<time_t>(next / 1'000'000'000), static_cast<long>(next % 1'000'000'000)};
        while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at, nullptr) != 0) {
        }
        const long long woke = now_ns();
        const long long late = woke - next;
        if (late > threshold_.count() * 1000) {
            const std::size_t n = count_.load(std::memory_order_relaxed);
            if (n < kMaxStalls) {
                ends_[n].store(woke, std::memory_order_relaxed);
                count_.store(n + 1, std::memory_order_release);
            }
            worst_us_.store(std::max(worst_us_.load(std::memory_order_relaxed), late / 1000), std::memory_order_relaxed);
        }
        // After a stall, start again from now rather than catching up in a burst.
        next = std::max(next + kTick, woke + kTick / 2);
    }
}

bool StallWatch::stalled_near(std::chrono::steady_clock::time_point at, std::chrono::milliseconds window) const {
    const long long t = std::chrono::duration_cast<std::chrono::nanoseconds>(at.time_since_epoch()).count();
    const long long w = std::chrono::duration_cast<std::chrono::nanoseconds>(window).count();
    const std::size_t n = count_.load(std::memory_order_acquire);
    for (std::size_t i = 0; i < n; ++i) {
        const long long end = ends_[i].load(std::memory_order_relaxed);
        if (end > t - w && end < t + w) return true;
    }
    return false;
}

} // namespace sy::test
