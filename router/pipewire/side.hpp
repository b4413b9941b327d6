// Switchyard on PipeWire: one node in PipeWire's graph (`switchyard.<preset>`)
// with a port per channel of every endpoint that has a `pipewire` section,
// the virtual sinks and sources those endpoints ask for, and the links to
// their targets, made when a target appears and again whenever it comes
// back. Everything PipeWire tells us is handled on the PipeWire loop thread
// and read by the control thread as status; the audio work happens in the
// node's process callback on PipeWire's data thread.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "dsp/lateness_window.hpp"
#include "graph/reported_latency.hpp"
#include "router/engine/io_table.hpp"
#include "router/pipewire/endpoint.hpp"

struct pw_thread_loop;
struct pw_context;
struct pw_core;
struct spa_source;

namespace sy::router {

class PipewireNode;
class PipewireRegistry;
class PipewireLinks;
struct PipewirePortInfo;

class PipewireSide {
public:
    PipewireSide();
    ~PipewireSide();
    PipewireSide(const PipewireSide&) = delete;
    PipewireSide& operator=(const PipewireSide&) = delete;

    // Control thread. Connects to the PipeWire server ($PIPEWIRE_REMOTE, or
    // the default socket in $XDG_RUNTIME_DIR), creates the node and the
    // virtual devices, starts linking. Returns once the node exists: "" or
    // an error message (and then nothing is left behind).
    std::string start(const std::string& preset_name, std::vector<PipewireEndpoint> endpoints, ProcessFn fn,
                      void* user);
    // Control thread. Disconnects; the node, the virtual devices and the
    // links vanish with the connection. After it returns `fn` is never
    // called again.
    void stop();

    // Control thread, started or not: makes `endpoints` the served set.
    // Endpoints that stay exactly as they were (id, direction, channels,
    // slot and pipewire section) keep their ports, links and virtual device;
    // the rest go or are made, while the others play on. "" or an error (the
    // other endpoints are served all the same).
    std::string update(std::vector<PipewireEndpoint> endpoints);

    // Control thread, before start(): asks PipeWire for this quantum
    // (node.latency FRAMES/RATE). Without it PipeWire's own choice stands.
    void request_quantum(int frames, int rate);
    // Control thread, before start(): the server to connect to (a socket
    // name in the runtime folder, or an absolute path); "" for the default.
    void set_remote(const std::string& remote) { remote_ = remote; }

    // Control thread, call often (it rate-limits itself): once a server
    // that Switchyard was connected to has gone away, tries to connect
    // again, at most once a second, with what start() was given. True when
    // it is connected again.
    bool poll();
    std::uint64_t server_losses() const { return losses_.load(std::memory_order_relaxed); }
    // Control thread. A server is wanted: start() was called (whether or not
    // it connected) and stop() was not.
    bool wanted() const { return wanted_; }
    // Control thread, after a start() that failed: keep the wish, so that
    // poll() connects when a server appears (what start() was given stays).
    void keep_trying() { wanted_ = !preset_name_.empty(); }

    // Any thread. False before start(), after stop(), and once the server
    // has gone away (error() says why).
    bool running() const { return running_.load(std::memory_order_acquire); }
    // Control thread.
    std::vector<PipewireEndpointStatus> status(PortDetail detail = PortDetail::Omit) const;
    std::string error() const;
    std::string node_name() const { return node_name_; } // switchyard.<preset>

    // Any thread. The graph rate the node runs at and the current quantum in
    // frames, from the position of its latest cycle; 0 until the first one.
    int rate() const;
    int quantum() const;
    // Control thread. The latency PipeWire reports for the node an endpoint
    // is linked to (its ports' Latency params), in frames at rate(); 0 if none.
    double device_latency_frames(const std::string& endpoint_id) const;
    // Control thread, running or not: the paths through our endpoints with
    // our own part of each, in frames at the graph rate. Our node's ports
    // publish them as their Latency params from now on (node_latency.cpp).
    void report_latency(std::vector<graph::EndpointLatency> latencies);
    // Any thread.
    std::uint64_t cycles() const;
    // Any thread: graph cycles PipeWire ran without our node (silence out).
    std::uint64_t missed_cycles() const;
    // See PipewireNode::lateness().
    const dsp::LatenessWindow& lateness() const;
    // Any thread: ports removed while a cycle could still walk them (see PipewireNode).
    std::uint64_t ports_removed_in_use() const;

private:
    struct Endpoint;

    // start()'s steps: the loop thread, the connection, our node, and the
    // wait for PipeWire to have made it. "" or an error.
    std::string start_loop();
    std::string connect_core();
    std::string make_node();
    std::string wait_for_node();
    void close();
    std::string make_endpoint(PipewireEndpoint spec, std::unique_ptr<Endpoint>& out);
    std::string make_device(Endpoint& endpoint);
    void let_go(std::vector<std::unique_ptr<Endpoint>>& going);
    void request_reconcile();
    void reconcile();
    void update(Endpoint& endpoint, std::uint32_t our_node);
    // The node an endpoint with a virtual device or a target links to, and
    // what its state line calls it; SPA_ID_INVALID, with the state saying
    // why, while there is none to link to yet.
    std::uint32_t peer_node(Endpoint& endpoint, std::string& label);
    // Links the endpoint's ports (all listed) to the peer's, and says how far that got.
    void link_to_peer(Endpoint& endpoint, const std::vector<PipewirePortInfo>& ours, std::uint32_t peer,
                      const std::string& label);
    // side_jack.cpp: a JACK endpoint served from the node.
    void update_jack_named(Endpoint& endpoint, const std::vector<PipewirePortInfo>& ours, std::uint32_t our_node);
    void follow_jack_connect(Endpoint& endpoint, const PipewireEndpoint& next);
    std::vector<PortStatus> port_status(const Endpoint& endpoint) const;
    // The registry's entries for the endpoint's ports on our node, in
    // channel order; those PipeWire has not listed yet are missing.
    std::vector<PipewirePortInfo> registered_ports(const Endpoint& endpoint, std::uint32_t our_node) const;

    static void on_changed(void* self);
    static void on_reconcile(void* self, std::uint64_t count);
    static void on_core_done(void* self, std::uint32_t id, int seq);
    static void on_core_error(void* self, std::uint32_t id, int seq, int res, const char* message);

    // What start() was given, for poll() to start again with.
    std::string preset_name_;
    std::vector<PipewireEndpoint> specs_;
    ProcessFn fn_ = nullptr;
    void* user_ = nullptr;
    bool wanted_ = false; // started and not stopped: a lost server is retried
    std::chrono::steady_clock::time_point last_attempt_{};

    std::string node_name_;
    std::string remote_;
    std::vector<graph::EndpointLatency> latencies_; // what report_latency() was told last
    int latency_frames_ = 0;
    int latency_rate_ = 0;

    pw_thread_loop* loop_ = nullptr;
    pw_context* context_ = nullptr;
    pw_core* core_ = nullptr;
    spa_source* reconcile_source_ = nullptr;
    struct CoreListener;
    std::unique_ptr<CoreListener> core_listener_;
    std::unique_ptr<PipewireRegistry> registry_;
    std::unique_ptr<PipewireLinks> links_;
    std::unique_ptr<PipewireNode> node_;
    std::vector<std::unique_ptr<Endpoint>> endpoints_;

    // Loop thread state (read by the control thread under the loop lock).
    int done_seq_ = -1;
    std::string error_;

    std::atomic<bool> running_{false};
    std::atomic<std::uint64_t> losses_{0};
};

} // namespace sy::router
