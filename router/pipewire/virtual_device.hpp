// A virtual sink or source other applications see: a null-audio-sink adapter
// node owned by Switchyard's connection (object.linger=false), so it exists
// exactly as long as Switchyard does. A sink is an Audio/Sink that browsers,
// pw-play and PulseAudio clients play into (Switchyard reads its monitor
// ports); a source is an Audio/Source/Virtual that OBS, pw-record and
// PulseAudio clients record from (Switchyard feeds its input ports).
#pragma once

#include <pipewire/pipewire.h>
#include <spa/utils/result.h>

#include <cstdint>
#include <string>

namespace sy::router {

struct PipewireVirtualDeviceSpec {
    std::string node_name;   // switchyard.<preset>.<id>
    std::string description; // node.description
    bool sink = true;        // true: Audio/Sink; false: Audio/Source/Virtual
    int channels = 2;
};

class PipewireVirtualDevice {
public:
    using ChangedFn = void (*)(void* user);

    PipewireVirtualDevice() = default;
    ~PipewireVirtualDevice();
    PipewireVirtualDevice(const PipewireVirtualDevice&) = delete;
    PipewireVirtualDevice& operator=(const PipewireVirtualDevice&) = delete;

    // Loop thread (thread-loop lock held). Asks the server for the node;
    // `changed` runs on the loop thread when it is made, fails or vanishes.
    std::string create(pw_core* core, const PipewireVirtualDeviceSpec& spec, ChangedFn changed, void* user);
    void destroy();

    // Loop thread.
    std::uint32_t node_id() const { return node_id_; } // SPA_ID_INVALID until the server made it
    const std::string& error() const { return error_; }
    bool removed() const { return removed_; }
    const PipewireVirtualDeviceSpec& spec() const { return spec_; }

private:
    static void on_bound(void* self, std::uint32_t global_id);
    static void on_removed(void* self);
    static void on_error(void* self, int seq, int res, const char* message);

    PipewireVirtualDeviceSpec spec_;
    pw_proxy* proxy_ = nullptr;
    spa_hook listener_{};
    ChangedFn changed_ = nullptr;
    void* user_ = nullptr;
    std::uint32_t node_id_ = SPA_ID_INVALID;
    std::string error_;
    bool removed_ = false;
};

} // namespace sy::router
