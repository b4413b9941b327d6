// PipewireSide's live model changes: endpoints that stay keep their ports and
// links, endpoints that go are unlinked before their ports are removed, new
// ones are added while the node runs.
#include <pipewire/pipewire.h>
#include <pipewire/thread-loop.h>

#include <algorithm>
#include <chrono>

#include "router/engine/endpoint_alike.hpp"
#include "router/pipewire/links.hpp"
#include "router/pipewire/node.hpp"
#include "router/pipewire/registry.hpp"
#include "router/pipewire/side.hpp"
#include "router/pipewire/side_endpoint.hpp"

namespace sy::router {

void PipewireSide::let_go(std::vector<std::unique_ptr<Endpoint>>& going) {
    // control thread, loop lock held. Unlinked first, removed after: taking
    // ports off a running node while the server tears their links down costs
    // every other path on the node a quantum of silence (PipeWire 0.3.65,
    // seen every time); with the links gone first, nothing is heard.
    std::vector<std::uint32_t> ports;
    const std::uint32_t me = node_->node_id();
    for (auto& e : going) {
        if (e->device) e->device->destroy();
        e->latency.clear();
        for (const auto& p : registered_ports(*e, me)) ports.push_back(p.id);
    }
    links_->drop(ports);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
    const auto unlinked = [&] {
        return std::none_of(ports.begin(), ports.end(), [&](std::uint32_t p) { return registry_->has_links(p); });
    };
    while (!unlinked() && std::chrono::steady_clock::now() < deadline) pw_thread_loop_timed_wait(loop_, 1);
    for (auto& e : going) node_->remove_endpoint(e->spec.id);
}

namespace {

// Whether `b` can keep `a`'s ports, links and virtual device: the node's
// ports hold their slot, so it must stay too. A JACK endpoint's connections
// change in place (follow_jack_connect), as they do on a JACK server.
bool keeps_ports_and_links(const PipewireEndpoint& a, const PipewireEndpoint& b) {
    return same_ports(a, b) && a.slot == b.slot && a.jack == b.jack && same_pipewire_settings(a.spec, b.spec);
}

} // namespace

std::string PipewireSide::update(std::vector<PipewireEndpoint> endpoints) {
    // control thread only
    specs_ = endpoints;
    if (!loop_ || !running()) {
        // start() (or poll()'s reconnection) makes them; meanwhile status()
        // lists them as they stand.
        endpoints_.clear();
        for (auto& e : endpoints) {
            std::unique_ptr<Endpoint> state;
            if (make_endpoint(std::move(e), state).empty()) endpoints_.push_back(std::move(state));
        }
        return "";
    }
    std::string error;
    pw_thread_loop_lock(loop_);
    // What goes first: a new endpoint may take a leaving one's port names.
    std::vector<std::unique_ptr<Endpoint>> going;
    for (auto it = endpoints_.begin(); it != endpoints_.end();) {
        const bool stays = std::any_of(endpoints.begin(), endpoints.end(), [&](const PipewireEndpoint& e) {
            return keeps_ports_and_links(e, (*it)->spec);
        });
        if (stays) {
            ++it;
        } else {
            going.push_back(std::move(*it));
            it = endpoints_.erase(it);
        }
    }
    if (!going.empty()) let_go(going);
    std::vector<std::unique_ptr<Endpoint>> next;
    for (auto& spec : endpoints) {
        auto old = std::find_if(endpoints_.begin(), endpoints_.end(), [&](const std::unique_ptr<Endpoint>& e) {
            return e && keeps_ports_and_links(e->spec, spec);
        });
        if (old != endpoints_.end()) {
            follow_jack_connect(**old, spec);
            next.push_back(std::move(*old));
            continue;
        }
        std::unique_ptr<Endpoint> state;
        std::string failed = make_endpoint(spec, state);
        if (failed.empty()) failed = node_->add_endpoint(spec);
        if (failed.empty()) failed = make_device(*state);
        if (!failed.empty()) {
            if (error.empty()) error = failed;
            if (state) state->status.state = "error: " + failed;
        }
        if (state) next.push_back(std::move(state));
    }
    endpoints_ = std::move(next);
    reconcile();
    pw_thread_loop_unlock(loop_);
    return error;
}

} // namespace sy::router
