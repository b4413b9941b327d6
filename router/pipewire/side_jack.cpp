// JACK endpoints served from Switchyard's PipeWire node. When the JACK
// library is PipeWire's own (pipewire-jack), a JACK client is just another
// node in the same graph, on the same clock: serving the preset's JACK
// endpoints as ports of our node, linked to the ports pipewire-jack's
// clients know by name, puts them in the cycle that runs the Plan with no
// bridge and no frame added (LiveSession decides when).
#include <pipewire/pipewire.h>

#include <string>

#include "router/pipewire/links.hpp"
#include "router/pipewire/node.hpp"
#include "router/pipewire/registry.hpp"
#include "router/pipewire/side.hpp"
#include "router/pipewire/side_endpoint.hpp"

namespace sy::router {

void PipewireSide::update_jack_named(Endpoint& e, const std::vector<PipewirePortInfo>& ours, std::uint32_t me) {
    // loop thread only. The state reads as a JACK endpoint's does ("1/2
    // connections"), since that is what the preset asked for.
    PipewireEndpointStatus& s = e.status;
    const auto& names = e.spec.jack_connect;
    if (ours.size() != e.port_names.size()) {
        s.state = "starting";
        return;
    }
    std::vector<PipewirePortPair> pairs;
    int wanted = 0;
    std::uint32_t first_peer = SPA_ID_INVALID;
    for (std::size_t ch = 0; ch < names.size() && ch < ours.size(); ++ch) {
        if (names[ch].empty()) continue;
        ++wanted;
        // Capture: their output feeds our input port; playback the other way.
        const PipewirePortInfo* theirs = registry_->port_by_jack_name(names[ch], e.spec.input, me);
        if (!theirs) continue;
        if (first_peer == SPA_ID_INVALID) first_peer = theirs->id;
        const PipewirePortInfo& mine = ours[ch];
        pairs.push_back(e.spec.input ? PipewirePortPair{theirs->node, theirs->id, me, mine.id}
                                     : PipewirePortPair{me, mine.id, theirs->node, theirs->id});
    }
    const auto progress = links_->ensure(*registry_, pairs);
    s.wanted = wanted;
    s.links = progress.in_place;
    s.ready = s.links == s.wanted;
    if (first_peer != SPA_ID_INVALID) {
        e.latency.watch(registry_->handle(), first_peer);
    } else {
        e.latency.clear();
    }
    s.state = progress.error.empty() ? jack_connection_state(s.links, s.wanted)
                                     : std::to_string(s.links) + "/" + std::to_string(s.wanted) +
                                           " connections (error: " + progress.error + ")";
}

void PipewireSide::follow_jack_connect(Endpoint& e, const PipewireEndpoint& next) {
    // control thread, loop lock held. Links to ports no longer named go;
    // reconcile() makes the new ones.
    if (e.spec.jack_connect == next.jack_connect) return;
    std::vector<std::uint32_t> ports;
    for (const auto& p : registered_ports(e, node_->node_id())) ports.push_back(p.id);
    links_->drop(ports);
    e.spec.jack_connect = next.jack_connect;
}

} // namespace sy::router
