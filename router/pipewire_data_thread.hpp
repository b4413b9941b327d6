// Runs a piece of work on PipeWire's data thread, between two cycles, and
// waits for it. pw_filter_add_port and pw_filter_remove_port (PipeWire
// 0.3.65) edit the filter's port list, which the data thread walks every
// cycle, without synchronising with it; run on the data thread they cannot
// race with a cycle. (Holding the data thread from outside while they run
// deadlocks instead: removing a port waits for the data thread itself.) The
// caller holds the thread-loop lock, as for every call into the filter, so
// the loop thread stays out meanwhile too; the work takes microseconds.
#pragma once

#include <pipewire/pipewire.h>

#include <cstddef>
#include <cstdint>

namespace sy::router {

template <typename Fn>
void run_on_data_thread(pw_loop* data_loop, Fn& fn) {
    // loop thread (lock held); `fn` runs on the data thread, or right here
    // when no data thread runs.
    auto call = [](spa_loop*, bool, std::uint32_t, const void*, std::size_t, void* user) -> int {
        (*static_cast<Fn*>(user))();
        return 0;
    };
    pw_loop_invoke(data_loop, +call, 0, nullptr, 0, true, &fn);
}

} // namespace sy::router
