// The soak test's witness must see a machine that stops: a thread at the
// highest real-time priority spins on each CPU for 20 ms, and it reports
// being late.
#include <gtest/gtest.h>

#include <pthread.h>
#include <sched.h>

#include <algorithm>
#include <chrono>
#include <thread>
#include <vector>

#include "stall_watch.hpp"

namespace sy::test {
namespace {

using namespace std::chrono_literals;

TEST(StallWatch, SeesEveryCpuTakenByRealTimeSpinners) {
    StallWatch watch;
    if (!watch.real_time()) GTEST_SKIP() << "SCHED_FIFO refused here: no witness to test";
    const unsigned cpus = std::max(1u, std::thread::hardware_concurrency());
    const auto from = std::chrono::steady_clock::now();
    std::vector<std::thread> spinners;
    for (unsigned i = 0; i < cpus; ++i) {
        spinners.emplace_back([i] {
            cpu_set_t set;
            CPU_ZERO(&set);
            CPU_SET(i, &set);
            pthread_setaffinity_np(pthread_self(), sizeof set, &set);
            sched_param p{};
            p.sched_priority = 99;
            pthread_setschedparam(pthread_self(), SCHED_FIFO, &p);
            const auto until = std::chrono::steady_clock::now() + 20ms;
            while (std::chrono::steady_clock::now() < until) {
            }
        });
    }
    for (auto& t : spinners) t.join();
    std::this_thread::sleep_for(50ms);
    EXPECT_GE(watch.stalls(), 1u);
    EXPECT_GE(watch.worst_us(), 3000);
    EXPECT_TRUE(watch.stalled_near(from + 20ms, 100ms));
    EXPECT_FALSE(watch.stalled_near(from - 10s, 1s));
    std::cout << "[ figures  ] " << cpus << " spinners for 20 ms: " << watch.stalls() << " stall(s), worst "
              << watch.worst_us() << " us late\n";
}

} // namespace
} // namespace sy::test
