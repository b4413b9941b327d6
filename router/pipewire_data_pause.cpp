#include "router/pipewire_data_pause.hpp"

#include <pipewire/pipewire.h>

#include <thread>

namespace sy::router {

int PipewireDataPause::park(spa_loop*, bool, std::uint32_t, const void*, std::size_t, void* data) {
    // data thread, between cycles
    auto* self = static_cast<PipewireDataPause*>(data);
    int expected = Requested;
    if (self->state_.compare_exchange_strong(expected, Parked, std::memory_order_acq_rel)) {
        while (self->state_.load(std::memory_order_acquire) == Parked) {
            self->state_.wait(Parked, std::memory_order_acquire);
        }
    }
    // Released, or the loop thread gave up waiting (Abandoned): done either
    // way. A new hold may already have asked again (Requested): that stays,
    // for its own queued item to serve.
    for (int done : {Released, Abandoned}) {
        if (self->state_.compare_exchange_strong(done, Idle, std::memory_order_acq_rel)) break;
    }
    return 0;
}

bool PipewireDataPause::hold(pw_loop* data_loop, std::chrono::milliseconds limit) {
    // loop thread only
    const auto deadline = std::chrono::steady_clock::now() + limit;
    // A hold that gave up may still have its park queued; it finds Requested
    // and serves this hold, and the item queued below then finds nothing to do.
    state_.store(Requested, std::memory_order_release);
    pw_loop_invoke(data_loop, &PipewireDataPause::park, 0, nullptr, 0, false, this);
    while (std::chrono::steady_clock::now() < deadline) {
        if (state_.load(std::memory_order_acquire) == Parked) return true;
        std::this_thread::sleep_for(std::chrono::microseconds(20));
    }
    int expected = Requested;
    if (state_.compare_exchange_strong(expected, Abandoned, std::memory_order_acq_rel)) return false;
    return true; // parked at the last moment
}

void PipewireDataPause::release() {
    // loop thread only
    int expected = Parked;
    if (state_.compare_exchange_strong(expected, Released, std::memory_order_acq_rel)) state_.notify_all();
}

} // namespace sy::router
