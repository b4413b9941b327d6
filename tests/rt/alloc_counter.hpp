// Counts heap allocations and mutex locks made by the current thread while
// armed. The test program replaces malloc/free, operator new/delete and
// pthread_mutex_lock for its own process only (see alloc_counter.cpp).
#pragma once

#include <cstdint>

namespace sy::test {

struct RtViolations {
    std::uint64_t allocations = 0;
    std::uint64_t frees = 0;
    std::uint64_t locks = 0;
};

// Whether the hooks are in this build (sanitizers bring their own allocator).
bool rt_hooks_installed();

void arm_rt_counter();          // start counting on this thread
RtViolations disarm_rt_counter(); // stop, and return what this thread did while armed

} // namespace sy::test
