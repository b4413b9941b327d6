// A mirror of the PipeWire globals Switchyard cares about (nodes, ports,
// links), kept up to date from the registry on the loop thread, so the link
// logic can ask "which ports does node X have" without a round trip.
#pragma once

#include <pipewire/pipewire.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace sy::router {

struct PipewireNodeInfo {
    std::uint32_t id = 0;
    std::string name;        // node.name
    std::string media_class; // media.class, "" when none
    std::string description; // node.description, "" when none
    std::string nick;        // node.nick, "" when none
};

struct PipewirePortInfo {
    std::uint32_t id = 0;   // global id
    std::uint32_t node = 0; // node.id
    bool output = false;
    bool monitor = false;    // port.monitor: a sink's copy of what it plays
    std::uint32_t index = 0; // port.id: the port's place among its node's ports of one direction
    std::string name;        // port.name
    std::string channel;     // audio.channel, "" when none
    std::string alias;       // port.alias: "client:port" for a pipewire-jack client's ports
};

struct PipewireLinkInfo {
    std::uint32_t id = 0;
    std::uint32_t output_port = 0;
    std::uint32_t input_port = 0;
};

class PipewireRegistry {
public:
    using ChangedFn = void (*)(void* user);

    PipewireRegistry() = default;
    ~PipewireRegistry();
    PipewireRegistry(const PipewireRegistry&) = delete;
    PipewireRegistry& operator=(const PipewireRegistry&) = delete;

    // Loop thread (thread-loop lock held). `changed` runs on the loop thread
    // after every global that appeared or vanished.
    bool attach(pw_core* core, ChangedFn changed, void* user);
    void detach();
    pw_registry* handle() const { return registry_; }

    // Loop thread.
    const PipewireNodeInfo* node(std::uint32_t id) const;
    const PipewirePortInfo* port(std::uint32_t id) const;
    const PipewireNodeInfo* node_named(const std::string& name) const; // lowest id wins
    // Ports of `node` in one direction, in port.id order.
    std::vector<PipewirePortInfo> ports(std::uint32_t node, bool output) const;
    // The port that pipewire-jack's clients know as `jack_name` ("client:port"),
    // on a node other than `except_node`; nullptr when none. pipewire-jack
    // names a JACK client's ports by their port.alias, and every other
    // node's ports "<node.description>:<port.name>" (node.nick or node.name
    // when it has no description); both are tried, in that order.
    const PipewirePortInfo* port_by_jack_name(const std::string& jack_name, bool output,
                                              std::uint32_t except_node) const;
    bool linked(std::uint32_t output_port, std::uint32_t input_port) const;
    // Whether any link, ours or anyone's, has `port` at either end.
    bool has_links(std::uint32_t port) const;
    // "node.name:port.name" of every port linked to `port`, in link order.
    std::vector<std::string> peer_names(std::uint32_t port) const;

private:
    static void on_global(void* self, std::uint32_t id, std::uint32_t permissions, const char* type,
                          std::uint32_t version, const spa_dict* props);
    static void on_global_remove(void* self, std::uint32_t id);

    pw_registry* registry_ = nullptr;
    spa_hook listener_{};
    ChangedFn changed_ = nullptr;
    void* user_ = nullptr;
    std::map<std::uint32_t, PipewireNodeInfo> nodes_;
    std::map<std::uint32_t, PipewirePortInfo> ports_;
    std::map<std::uint32_t, PipewireLinkInfo> links_;
};

} // namespace sy::router
