#include "router/pipewire/port_latency.hpp"

namespace sy::router {

PipewirePortLatency::~PipewirePortLatency() { clear(); }

void PipewirePortLatency::watch(pw_registry* registry, std::uint32_t port_id) {
    // loop thread only
    if (port_id == port_id_ && proxy_) return;
    clear();
    if (!registry || port_id == SPA_ID_INVALID) return;
    auto* port = static_cast<pw_port*>(pw_registry_bind(registry, port_id, PW_TYPE_INTERFACE_Port, PW_VERSION_PORT, 0));
    if (!port) return;
    static const pw_port_events events = [] {
        pw_port_events e{};
        e.version = PW_VERSION_PORT_EVENTS;
        e.param = &PipewirePortLatency::on_param;
        return e;
    }();
    proxy_ = reinterpret_cast<pw_proxy*>(port);
    port_id_ = port_id;
    spa_zero(listener_);
    pw_port_add_listener(port, &listener_, &events, this);
    std::uint32_t ids[1] = {SPA_PARAM_Latency};
    pw_port_subscribe_params(port, ids, 1);
}

void PipewirePortLatency::clear() {
    // loop thread only
    if (proxy_) {
        spa_hook_remove(&listener_);
        pw_proxy_destroy(proxy_);
        proxy_ = nullptr;
    }
    port_id_ = SPA_ID_INVALID;
    known_[0] = known_[1] = false;
}

void PipewirePortLatency::on_param(void* data, int, std::uint32_t id, std::uint32_t, std::uint32_t,
                                   const spa_pod* param) {
    // loop thread only
    auto* self = static_cast<PipewirePortLatency*>(data);
    if (id != SPA_PARAM_Latency || !param) return;
    spa_latency_info info{};
    if (spa_latency_parse(param, &info) < 0) return;
    const int d = info.direction == SPA_DIRECTION_OUTPUT ? 1 : 0;
    self->info_[d] = info;
    self->known_[d] = true;
}

double PipewirePortLatency::frames(spa_direction direction, int rate, int quantum) const {
    // loop thread only
    const int d = direction == SPA_DIRECTION_OUTPUT ? 1 : 0;
    if (!known_[d]) return 0.0;
    const spa_latency_info& i = info_[d];
    return static_cast<double>(i.max_quantum) * quantum + static_cast<double>(i.max_rate) +
           static_cast<double>(i.max_ns) * rate / 1e9;
}

} // namespace sy::router
