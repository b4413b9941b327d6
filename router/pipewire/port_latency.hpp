// The latency PipeWire reports for one port of another node (its Latency
// params), watched so the latency budget can include the device Switchyard
// plays to or records from. A sink's input port reports, in its input
// direction, how long a sample takes from that port to the hardware; a
// source's output port reports, in its output direction, how old a sample
// is when it leaves the port.
#pragma once

#include <pipewire/pipewire.h>
#include <spa/param/latency-utils.h>

#include <cstdint>

namespace sy::router {

class PipewirePortLatency {
public:
    PipewirePortLatency() = default;
    ~PipewirePortLatency();
    PipewirePortLatency(const PipewirePortLatency&) = delete;
    PipewirePortLatency& operator=(const PipewirePortLatency&) = delete;

    // Loop thread (thread-loop lock held). Watches port `port_id` (a global
    // id), or nothing with SPA_ID_INVALID; watching the same port again is
    // a no-op.
    void watch(pw_registry* registry, std::uint32_t port_id);
    void clear();
    std::uint32_t port_id() const { return port_id_; }

    // Loop thread. The latency towards the hardware in `direction`
    // (SPA_DIRECTION_INPUT for playback, SPA_DIRECTION_OUTPUT for capture),
    // in frames at `rate` with a quantum of `quantum`; the larger bound of
    // the reported range. 0 when the port reports none.
    double frames(spa_direction direction, int rate, int quantum) const;

private:
    static void on_param(void* self, int seq, std::uint32_t id, std::uint32_t index, std::uint32_t next,
                         const spa_pod* param);

    pw_proxy* proxy_ = nullptr;
    spa_hook listener_{};
    std::uint32_t port_id_ = SPA_ID_INVALID;
    spa_latency_info info_[2]{}; // indexed by spa_direction
    bool known_[2]{};
};

} // namespace sy::router
