#include "router/pipewire/virtual_device.hpp"

#include "router/pipewire/channels.hpp"

namespace sy::router {

PipewireVirtualDevice::~PipewireVirtualDevice() { destroy(); }

std::string PipewireVirtualDevice::create(pw_core* core, const PipewireVirtualDeviceSpec& spec, ChangedFn changed,
                                          void* user) {
    // loop thread only
    destroy();
    spec_ = spec;
    changed_ = changed;
    user_ = user;
    node_id_ = SPA_ID_INVALID;
    error_.clear();
    removed_ = false;

    const std::string positions = pipewire_position_list(spec.channels);
    const std::string channels = std::to_string(spec.channels);
    // Audio/Source/Virtual rather than Audio/Source: only the virtual class
    // gives the null sink input ports to feed as well as the capture ports
    // applications record from, and pipewire-pulse lists it as a source.
    pw_properties* props = pw_properties_new("factory.name", "support.null-audio-sink", PW_KEY_NODE_NAME,
                                             spec.node_name.c_str(), PW_KEY_NODE_DESCRIPTION, spec.description.c_str(),
                                             PW_KEY_MEDIA_CLASS, spec.sink ? "Audio/Sink" : "Audio/Source/Virtual",
                                             "audio.channels", channels.c_str(), "audio.position", positions.c_str(),
                                             // The sink's volume slider also scales what Switchyard hears from it.
                                             "monitor.channel-volumes", "true", PW_KEY_OBJECT_LINGER, "false",
                                             // The least wanted driver (PipeWire reads this unsigned:
                                             // 0 is the lowest): a device driving Switchyard's node
                                             // would, when removed, hand the graph to another driver
                                             // and cost every path a quantum of silence. (A null sink
                                             // insists on being able to drive.)
                                             PW_KEY_PRIORITY_DRIVER, "0", nullptr);
    proxy_ = static_cast<pw_proxy*>(
        pw_core_create_object(core, "adapter", PW_TYPE_INTERFACE_Node, PW_VERSION_NODE, &props->dict, 0));
    pw_properties_free(props);
    if (!proxy_) return "cannot ask PipeWire for the virtual device " + spec.node_name;

    static const pw_proxy_events events = [] {
        pw_proxy_events e{};
        e.version = PW_VERSION_PROXY_EVENTS;
        e.bound = &PipewireVirtualDevice::on_bound;
        e.removed = &PipewireVirtualDevice::on_removed;
        e.error = &PipewireVirtualDevice::on_error;
        return e;
    }();
    spa_zero(listener_);
    pw_proxy_add_listener(proxy_, &listener_, &events, this);
    return "";
}

void PipewireVirtualDevice::destroy() {
    // loop thread only. The server removes the node itself when the
    // connection closes (object.linger=false); destroying the proxy only
    // forgets it on this side.
    if (!proxy_) return;
    spa_hook_remove(&listener_);
    pw_proxy_destroy(proxy_);
    proxy_ = nullptr;
    node_id_ = SPA_ID_INVALID;
}

void PipewireVirtualDevice::on_bound(void* data, std::uint32_t global_id) {
    // loop thread only
    auto* self = static_cast<PipewireVirtualDevice*>(data);
    self->node_id_ = global_id;
    if (self->changed_) self->changed_(self->user_);
}

void PipewireVirtualDevice::on_removed(void* data) {
    // loop thread only: someone destroyed the node (pw-cli destroy, ...).
    auto* self = static_cast<PipewireVirtualDevice*>(data);
    self->node_id_ = SPA_ID_INVALID;
    self->removed_ = true;
    if (self->changed_) self->changed_(self->user_);
}

void PipewireVirtualDevice::on_error(void* data, int, int res, const char* message) {
    // loop thread only
    auto* self = static_cast<PipewireVirtualDevice*>(data);
    self->error_ = message ? message : spa_strerror(res);
    if (self->changed_) self->changed_(self->user_);
}

} // namespace sy::router
