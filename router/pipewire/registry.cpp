#include "router/pipewire/registry.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace sy::router {

namespace {

std::string lookup(const spa_dict* props, const char* key) {
    const char* value = props ? spa_dict_lookup(props, key) : nullptr;
    return value ? value : "";
}

std::uint32_t lookup_id(const spa_dict* props, const char* key) {
    const std::string value = lookup(props, key);
    return value.empty() ? SPA_ID_INVALID : static_cast<std::uint32_t>(std::strtoul(value.c_str(), nullptr, 10));
}

} // namespace

PipewireRegistry::~PipewireRegistry() { detach(); }

bool PipewireRegistry::attach(pw_core* core, ChangedFn changed, void* user) {
    // loop thread only
    detach();
    registry_ = pw_core_get_registry(core, PW_VERSION_REGISTRY, 0);
    if (!registry_) return false;
    changed_ = changed;
    user_ = user;
    static const pw_registry_events events = [] {
        pw_registry_events e{};
        e.version = PW_VERSION_REGISTRY_EVENTS;
        e.global = &PipewireRegistry::on_global;
        e.global_remove = &PipewireRegistry::on_global_remove;
        return e;
    }();
    spa_zero(listener_);
    pw_registry_add_listener(registry_, &listener_, &events, this);
    return true;
}

void PipewireRegistry::detach() {
    // loop thread only
    if (!registry_) return;
    spa_hook_remove(&listener_);
    pw_proxy_destroy(reinterpret_cast<pw_proxy*>(registry_));
    registry_ = nullptr;
    nodes_.clear();
    ports_.clear();
    links_.clear();
}

void PipewireRegistry::on_global(void* data, std::uint32_t id, std::uint32_t, const char* type, std::uint32_t,
                                 const spa_dict* props) {
    // loop thread only
    auto* self = static_cast<PipewireRegistry*>(data);
    if (std::strcmp(type, PW_TYPE_INTERFACE_Node) == 0) {
        self->nodes_[id] = {id, lookup(props, PW_KEY_NODE_NAME), lookup(props, PW_KEY_MEDIA_CLASS),
                            lookup(props, PW_KEY_NODE_DESCRIPTION), lookup(props, PW_KEY_NODE_NICK)};
    } else if (std::strcmp(type, PW_TYPE_INTERFACE_Port) == 0) {
        PipewirePortInfo port;
        port.id = id;
        port.node = lookup_id(props, PW_KEY_NODE_ID);
        port.output = lookup(props, PW_KEY_PORT_DIRECTION) == "out";
        port.monitor = lookup(props, PW_KEY_PORT_MONITOR) == "true";
        port.index = lookup_id(props, PW_KEY_PORT_ID);
        port.name = lookup(props, PW_KEY_PORT_NAME);
        port.channel = lookup(props, PW_KEY_AUDIO_CHANNEL);
        port.alias = lookup(props, PW_KEY_PORT_ALIAS);
        self->ports_[id] = std::move(port);
    } else if (std::strcmp(type, PW_TYPE_INTERFACE_Link) == 0) {
        self->links_[id] = {id, lookup_id(props, PW_KEY_LINK_OUTPUT_PORT), lookup_id(props, PW_KEY_LINK_INPUT_PORT)};
    } else {
        return;
    }
    if (self->changed_) self->changed_(self->user_);
}

void PipewireRegistry::on_global_remove(void* data, std::uint32_t id) {
    // loop thread only
    auto* self = static_cast<PipewireRegistry*>(data);
    const bool known = self->nodes_.erase(id) + self->ports_.erase(id) + self->links_.erase(id) > 0;
    if (known && self->changed_) self->changed_(self->user_);
}

const PipewireNodeInfo* PipewireRegistry::node(std::uint32_t id) const {
    auto it = nodes_.find(id);
    return it == nodes_.end() ? nullptr : &it->second;
}

const PipewirePortInfo* PipewireRegistry::port(std::uint32_t id) const {
    auto it = ports_.find(id);
    return it == ports_.end() ? nullptr : &it->second;
}

const PipewireNodeInfo* PipewireRegistry::node_named(const std::string& name) const {
    for (const auto& [id, info] : nodes_)
        if (info.name == name) return &info;
    return nullptr;
}

std::vector<PipewirePortInfo> PipewireRegistry::ports(std::uint32_t node, bool output) const {
    std::vector<PipewirePortInfo> found;
    for (const auto& [id, info] : ports_)
        if (info.node == node && info.output == output) found.push_back(info);
    std::stable_sort(found.begin(), found.end(),
                     [](const PipewirePortInfo& a, const PipewirePortInfo& b) { return a.index < b.index; });
    return found;
}

const PipewirePortInfo* PipewireRegistry::port_by_jack_name(const std::string& jack_name, bool output,
                                                             std::uint32_t except_node) const {
    const auto usable = [&](const PipewirePortInfo& p) { return p.output == output && p.node != except_node; };
    for (const auto& [id, info] : ports_)
        if (usable(info) && info.alias == jack_name) return &info;
    for (const auto& [id, info] : ports_) {
        if (!usable(info)) continue;
        const PipewireNodeInfo* n = node(info.node);
        if (!n) continue;
        const std::string& client = !n->description.empty() ? n->description : !n->nick.empty() ? n->nick : n->name;
        if (client + ":" + info.name == jack_name) return &info;
    }
    return nullptr;
}

bool PipewireRegistry::linked(std::uint32_t output_port, std::uint32_t input_port) const {
    for (const auto& [id, info] : links_)
        if (info.output_port == output_port && info.input_port == input_port) return true;
    return false;
}

std::vector<std::string> PipewireRegistry::peer_names(std::uint32_t port) const {
    std::vector<std::string> out;
    for (const auto& [id, info] : links_) {
        std::uint32_t peer = 0;
        if (info.output_port == port) {
            peer = info.input_port;
        } else if (info.input_port == port) {
            peer = info.output_port;
        } else {
            continue;
        }
        const PipewirePortInfo* p = this->port(peer);
        if (!p) continue;
        const PipewireNodeInfo* n = node(p->node);
        out.push_back((n ? n->name : std::to_string(p->node)) + ":" + p->name);
    }
    return out;
}

bool PipewireRegistry::has_links(std::uint32_t port) const {
    for (const auto& [id, info] : links_)
        if (info.output_port == port || info.input_port == port) return true;
    return false;
}

} // namespace sy::router
