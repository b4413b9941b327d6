// Waiting on the control thread for something another thread or process
// does (an audio callback loading a new table, a server answering, a child
// exiting) that gives no signal of its own to wait on: look, sleep a step,
// look again, up to a deadline. Never for an audio thread: it sleeps.
#pragma once

#include <chrono>
#include <thread>

namespace sy::router {

// Calls `ready` until it returns true or `timeout` has passed, sleeping
// `step` between calls; true if `ready` did. `ready` is called at least
// once, and never again once it has returned true (it may have acted, e.g.
// reaped a child).
template <typename Ready>
bool wait_until(std::chrono::steady_clock::duration timeout, std::chrono::steady_clock::duration step, Ready ready) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!ready()) {
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(step);
    }
    return true;
}

} // namespace sy::router
