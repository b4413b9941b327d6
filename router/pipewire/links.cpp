#include "router/pipewire/links.hpp"

#include <algorithm>
#include <string>

namespace sy::router {

std::vector<PipewirePortPair> pipewire_port_pairs(const std::vector<PipewirePortInfo>& ours,
                                                  const std::vector<PipewirePortInfo>& theirs, bool capture) {
    std::vector<PipewirePortPair> pairs;
    if (ours.empty() || theirs.empty()) return pairs;
    auto add = [&](const PipewirePortInfo& mine, const PipewirePortInfo& other) {
        if (capture)
            pairs.push_back({other.node, other.id, mine.node, mine.id});
        else
            pairs.push_back({mine.node, mine.id, other.node, other.id});
    };
    if (ours.size() == 1 && theirs.size() > 1) {
        if (capture)
            add(ours[0], theirs[0]);
        else
            for (const auto& other : theirs) add(ours[0], other);
        return pairs;
    }
    if (theirs.size() == 1 && ours.size() > 1) {
        if (capture)
            for (const auto& mine : ours) add(mine, theirs[0]);
        else
            add(ours[0], theirs[0]);
        return pairs;
    }
    std::vector<const PipewirePortInfo*> by_channel;
    for (const auto& mine : ours) {
        auto it = std::find_if(theirs.begin(), theirs.end(), [&](const PipewirePortInfo& other) {
            return !mine.channel.empty() && other.channel == mine.channel;
        });
        if (it == theirs.end()) break;
        by_channel.push_back(&*it);
    }
    if (by_channel.size() == ours.size()) {
        for (std::size_t i = 0; i < ours.size(); ++i) add(ours[i], *by_channel[i]);
    } else {
        for (std::size_t i = 0; i < ours.size() && i < theirs.size(); ++i) add(ours[i], theirs[i]);
    }
    return pairs;
}

PipewireLinks::~PipewireLinks() { clear(); }

void PipewireLinks::attach(pw_core* core, ChangedFn changed, void* user) {
    // loop thread only
    clear();
    core_ = core;
    changed_ = changed;
    user_ = user;
}

void PipewireLinks::release(Link& link) {
    // loop thread only. Forgets the proxy; the server keeps the link until
    // its ports go or the connection closes.
    if (!link.proxy) return;
    spa_hook_remove(&link.listener);
    pw_proxy_destroy(link.proxy);
    link.proxy = nullptr;
}

void PipewireLinks::clear() {
    // loop thread only
    for (auto& [k, link] : links_) release(*link);
    links_.clear();
    core_ = nullptr;
}

PipewireLinks::Progress PipewireLinks::ensure(const PipewireRegistry& registry,
                                              const std::vector<PipewirePortPair>& pairs) {
    // loop thread only
    static const pw_proxy_events events = [] {
        pw_proxy_events e{};
        e.version = PW_VERSION_PROXY_EVENTS;
        e.removed = &PipewireLinks::on_removed;
        e.error = &PipewireLinks::on_error;
        return e;
    }();
    Progress progress;
    for (const auto& pair : pairs) {
        if (registry.linked(pair.output_port, pair.input_port)) {
            ++progress.in_place;
            continue;
        }
        auto found = links_.find(key(pair));
        if (found != links_.end()) {
            if (!found->second->error.empty()) progress.error = found->second->error;
            continue;
        }
        if (!core_) continue;
        auto link = std::make_unique<Link>();
        link->owner = this;
        link->pair = pair;
        const std::string out_node = std::to_string(pair.output_node), out_port = std::to_string(pair.output_port);
        const std::string in_node = std::to_string(pair.input_node), in_port = std::to_string(pair.input_port);
        pw_properties* props =
            pw_properties_new(PW_KEY_LINK_OUTPUT_NODE, out_node.c_str(), PW_KEY_LINK_OUTPUT_PORT, out_port.c_str(),
                              PW_KEY_LINK_INPUT_NODE, in_node.c_str(), PW_KEY_LINK_INPUT_PORT, in_port.c_str(),
                              PW_KEY_OBJECT_LINGER, "false", nullptr);
        link->proxy = static_cast<pw_proxy*>(
            pw_core_create_object(core_, "link-factory", PW_TYPE_INTERFACE_Link, PW_VERSION_LINK, &props->dict, 0));
        pw_properties_free(props);
        if (!link->proxy) {
            link->error = "cannot ask PipeWire for a link";
            progress.error = link->error;
        } else {
            pw_proxy_add_listener(link->proxy, &link->listener, &events, link.get());
        }
        links_.emplace(key(pair), std::move(link));
    }
    return progress;
}

void PipewireLinks::prune(const PipewireRegistry& registry) {
    // loop thread only
    for (auto it = links_.begin(); it != links_.end();) {
        Link& link = *it->second;
        const bool gone = !registry.port(link.pair.output_port) || !registry.port(link.pair.input_port);
        if (link.removed || !link.error.empty()) release(link); // the server side is gone already
        if (gone) {
            release(link);
            it = links_.erase(it);
        } else {
            ++it;
        }
    }
}

void PipewireLinks::drop(const std::vector<std::uint32_t>& ports) {
    // loop thread only
    const auto touches = [&](const PipewirePortPair& p) {
        return std::find(ports.begin(), ports.end(), p.output_port) != ports.end() ||
               std::find(ports.begin(), ports.end(), p.input_port) != ports.end();
    };
    for (auto it = links_.begin(); it != links_.end();) {
        if (touches(it->second->pair)) {
            release(*it->second);
            it = links_.erase(it);
        } else {
            ++it;
        }
    }
}

void PipewireLinks::on_removed(void* data) {
    // loop thread only: the link is gone on the server (a port went, or
    // someone unlinked it). The proxy is released in the next prune().
    auto* link = static_cast<Link*>(data);
    link->removed = true;
    if (link->owner->changed_) link->owner->changed_(link->owner->user_);
}

void PipewireLinks::on_error(void* data, int, int res, const char* message) {
    // loop thread only
    auto* link = static_cast<Link*>(data);
    link->error = message ? message : spa_strerror(res);
    if (link->owner->changed_) link->owner->changed_(link->owner->user_);
}

} // namespace sy::router
