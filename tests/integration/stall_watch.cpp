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

bool pin_and_raise(unsigned cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (pthread_setaffinity_np(pthread_self(), sizeof set, &set) != 0) return false;
    sched_param p{};
    p.sched_priority = 1;
    return pthread_setschedparam(pthread_self(), SCHED_FIFO, &p) == 0;
}

} // namespace

StallWatch::StallWatch(std::chrono::microseconds threshold) : threshold_(threshold) {
    const unsigned cpus = std::max(1u, std::thread::hardware_concurrency());
    real_time_ = true;
    for (unsigned cpu = 0; cpu < cpus; ++cpu) {
        auto lane = std::make_unique<Lane>();
        std::promise<bool> granted;
        auto answer = granted.get_future();
        Lane& l = *lane;
        l.thread = std::thread([this, &l, &granted, cpu] {
            granted.set_value(pin_and_raise(cpu));
            run(l);
        });
        real_time_ = answer.get() && real_time_;
        lanes_.push_back(std::move(lane));
    }
}

StallWatch::~StallWatch() {
    stop_.store(true, std::memory_order_relaxed);
    for (auto& l : lanes_) l->thread.join();
}

void StallWatch::run(Lane& lane) {
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
            const std::size_t n = lane.count.load(std::memory_order_relaxed);
            if (n < Lane::kMaxStalls) {
                lane.ends[n].store(woke, std::memory_order_relaxed);
                lane.count.store(n + 1, std::memory_order_release);
            }
            lane.worst_us.store(std::max(lane.worst_us.load(std::memory_order_relaxed), late / 1000),
                                std::memory_order_relaxed);
        }
        // After a stall, start again from now rather than catching up in a burst.
        next = std::max(next + kTick, woke + kTick / 2);
    }
}

std::size_t StallWatch::stalls() const {
    std::size_t n = 0;
    for (const auto& l : lanes_) n += l->count.load(std::memory_order_acquire);
    return n;
}

long long StallWatch::worst_us() const {
    long long w = 0;
    for (const auto& l : lanes_) w = std::max(w, l->worst_us.load(std::memory_order_relaxed));
    return w;
}

bool StallWatch::stalled_near(std::chrono::steady_clock::time_point at, std::chrono::milliseconds window) const {
    const long long t = std::chrono::duration_cast<std::chrono::nanoseconds>(at.time_since_epoch()).count();
    const long long w = std::chrono::duration_cast<std::chrono::nanoseconds>(window).count();
    for (const auto& l : lanes_) {
        const std::size_t n = l->count.load(std::memory_order_acquire);
        for (std::size_t i = 0; i < n; ++i) {
            const long long end = l->ends[i].load(std::memory_order_relaxed);
            if (end > t - w && end < t + w) return true;
        }
    }
    return false;
}

} // namespace sy::test
