// The links Switchyard makes between its node and other nodes, through
// PipeWire's link-factory, owned by Switchyard's connection
// (object.linger=false) so they vanish with it. Which port goes to which is
// decided by pipewire_port_pairs(); this class only makes and tracks links.
#pragma once

#include <pipewire/pipewire.h>
#include <spa/utils/result.h>

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "router/pipewire/registry.hpp"

namespace sy::router {

struct PipewirePortPair {
    std::uint32_t output_node = 0;
    std::uint32_t output_port = 0;
    std::uint32_t input_node = 0;
    std::uint32_t input_port = 0;
    bool operator==(const PipewirePortPair&) const = default;
};

// Which of `theirs` each of `ours` (in channel order) links to. `capture`:
// audio flows from their ports into ours. Ports pair by audio.channel when
// every one of ours finds its channel among theirs, otherwise by order. A
// mono endpoint playing to a multi-channel node feeds every channel of it;
// a multi-channel endpoint capturing from a mono node reads it on every
// channel. Beyond that, channels without a partner stay unlinked (links into
// one port would sum).
std::vector<PipewirePortPair> pipewire_port_pairs(const std::vector<PipewirePortInfo>& ours,
                                                  const std::vector<PipewirePortInfo>& theirs, bool capture);

class PipewireLinks {
public:
    using ChangedFn = void (*)(void* user);

    PipewireLinks() = default;
    ~PipewireLinks();
    PipewireLinks(const PipewireLinks&) = delete;
    PipewireLinks& operator=(const PipewireLinks&) = delete;

    // Loop thread (thread-loop lock held) for everything below.
    void attach(pw_core* core, ChangedFn changed, void* user);
    void clear();

    struct Progress {
        int in_place = 0;  // pairs the registry shows linked
        std::string error; // the last link PipeWire refused, or ""
    };
    // Asks for every pair that is neither linked nor asked for already. A
    // pair is asked for once per pair of port ids: a link someone removes by
    // hand stays removed, and a node that comes back has new port ids and
    // is linked again.
    Progress ensure(const PipewireRegistry& registry, const std::vector<PipewirePortPair>& pairs);
    // Forgets links whose ports are gone from the registry.
    void prune(const PipewireRegistry& registry);
    // Takes down the links we made that have one of `ports` at either end.
    void drop(const std::vector<std::uint32_t>& ports);

private:
    struct Link {
        PipewireLinks* owner = nullptr;
        PipewirePortPair pair;
        pw_proxy* proxy = nullptr;
        spa_hook listener{};
        std::string error;
        bool removed = false;
    };
    static std::uint64_t key(const PipewirePortPair& p) {
        return (static_cast<std::uint64_t>(p.output_port) << 32) | p.input_port;
    }
    static void on_removed(void* link);
    static void on_error(void* link, int seq, int res, const char* message);
    void release(Link& link);

    pw_core* core_ = nullptr;
    ChangedFn changed_ = nullptr;
    void* user_ = nullptr;
    std::map<std::uint64_t, std::unique_ptr<Link>> links_;
};

} // namespace sy::router
