// Holds PipeWire's data thread between two cycles while the loop thread
// changes what that thread walks. pw_filter_add_port and
// pw_filter_remove_port (PipeWire 0.3.65) edit the filter's port list, which
// the data thread iterates every cycle, without any synchronisation; ports
// can only be added or removed safely while the data thread is parked here.
// The pause lasts as long as adding or removing a few ports: microseconds,
// between cycles, never inside one.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>

struct pw_loop;
struct spa_loop;

namespace sy::router {

class PipewireDataPause {
public:
    // Loop thread. Parks the data thread of `data_loop` and returns true once
    // it is parked; false if it did not get there within `limit` (then it is
    // not cycling at all, and nothing it walks is in use).
    bool hold(pw_loop* data_loop, std::chrono::milliseconds limit);
    // Loop thread, after hold(): lets the data thread go on.
    void release();

private:
    enum State : int { Idle, Requested, Parked, Released, Abandoned };
    // Runs on the data thread (a pw_loop_invoke item, between cycles).
    static int park(spa_loop* loop, bool async, std::uint32_t seq, const void* data, std::size_t size, void* self);

    std::atomic<int> state_{Idle};
};

} // namespace sy::router
