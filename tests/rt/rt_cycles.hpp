// Runs an engine's audio side for a number of cycles with the real-time
// counters armed around each process() call only, and adds up what they
// caught. Yields every 64 cycles so the control thread making edits meanwhile
// (and waiting out fades) gets on.
#pragma once

#include <thread>

#include "alloc_counter.hpp"
#include "router/engine/engine.hpp"

namespace sy::test {

inline RtViolations process_counted(router::Engine& engine, int frames, const router::IoTable& io, int cycles) {
    RtViolations total;
    for (int cycle = 0; cycle < cycles; ++cycle) {
        arm_rt_counter();
        engine.process(frames, io);
        const RtViolations v = disarm_rt_counter();
        total.allocations += v.allocations;
        total.frees += v.frees;
        total.locks += v.locks;
        if (cycle % 64 == 0) std::this_thread::yield();
    }
    return total;
}

} // namespace sy::test
