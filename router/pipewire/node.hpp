// Switchyard's own node inside PipeWire's graph: one pw_filter with a mono
// DSP port per channel of every PipeWire endpoint, the way a JACK client
// lives inside JACK's graph. Its process callback runs on PipeWire's data
// thread in the same cycle as the nodes linked to it, so a path that stays
// inside PipeWire adds no buffering of its own.
#pragma once

#include <pipewire/filter.h>
#include <pipewire/pipewire.h>
#include <spa/param/latency-utils.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dsp/lateness_window.hpp"
#include "graph/reported_latency.hpp"
#include "router/engine/io_rows.hpp"
#include "router/engine/io_table.hpp"
#include "router/engine/port_table.hpp"
#include "router/pipewire/endpoint.hpp"
#include "router/engine/rt_handoff.hpp"

namespace sy::router {

struct PipewireNodeSettings {
    std::string name;        // node.name: switchyard.<preset>
    std::string description; // node.description
    int latency_frames = 0;  // node.latency request (frames at latency_rate); 0: leave it to PipeWire
    int latency_rate = 0;
};

class PipewireNode {
public:
    using ChangedFn = void (*)(void* user);

    PipewireNode();
    ~PipewireNode();
    PipewireNode(const PipewireNode&) = delete;
    PipewireNode& operator=(const PipewireNode&) = delete;

    // Loop thread (thread-loop lock held). Creates the filter and its ports
    // and connects it; `fn` runs on the data thread once per cycle from then
    // on. `changed` runs on the loop thread when the filter's state changes.
    std::string create(pw_core* core, const PipewireNodeSettings& settings,
                       const std::vector<PipewireEndpoint>& endpoints, ProcessFn fn, void* user, ChangedFn changed,
                       void* changed_user);
    // Loop thread. After it returns the process callback never runs again.
    void destroy();

    // Loop thread, while the node runs: an endpoint's ports join or leave;
    // other endpoints play on. The process callback sees ports only through
    // a published table, so it never touches a port being removed.
    std::string add_endpoint(const PipewireEndpoint& endpoint);
    void remove_endpoint(const std::string& id);
    // Loop thread: frees the port tables the data thread has moved past.
    void reclaim_tables();

    // Loop thread (node_latency.cpp). The paths through our endpoints with
    // our own part of each, in frames at the graph rate: every port
    // publishes its Latency param from them and from what its peers tell
    // it, and again whenever either changes.
    void set_latencies(std::vector<graph::EndpointLatency> latencies);

    // Loop thread.
    std::uint32_t node_id() const; // SPA_ID_INVALID until PipeWire has made the node
    pw_filter_state state() const { return state_; }
    const std::string& error() const { return error_; }

    // Any thread.
    int rate() const { return rate_.load(std::memory_order_relaxed); }
    int quantum() const { return quantum_.load(std::memory_order_relaxed); }
    std::uint64_t cycles() const { return cycles_.load(std::memory_order_relaxed); }
    // Graph cycles whose output did not reach the graph on time: run
    // without this node's process callback, or finished after the driver
    // woke for the next cycle.
    std::uint64_t missed_cycles() const { return missed_.load(std::memory_order_relaxed); }
    // How late our process callback wakes after the driver's cycle time
    // (clock.nsec), over the last minute: JackSide::lateness()'s twin.
    const dsp::LatenessWindow& lateness() const { return lateness_; }
    // Ports removed before the data thread had loaded a table without them:
    // a cycle could still have been walking them. Zero unless the node
    // stopped cycling for longer than remove_endpoint() waits.
    std::uint64_t ports_removed_in_use() const { return removed_in_use_.load(std::memory_order_relaxed); }

private:
    // Lives in the filter's own port data.
    struct PortCell {
        int slot = 0;
        int channel = 0;
    };
    struct Ports {
        std::string id;
        int slot = 0;
        bool input = true;
        std::vector<PortCell*> cells; // in channel order
        // Loop thread: what each port's peers said lies beyond it (the
        // Latency param in the direction opposite the port's), and what we
        // last published on the ports, if anything.
        std::vector<spa_latency_info> heard;
        std::optional<spa_latency_info> told;
    };

    std::string add_ports(const PipewireEndpoint& endpoint, Ports& out);
    void publish_table();
    // node_latency.cpp
    void publish_latency();
    std::optional<spa_latency_info> heard(const std::string& id) const;
    static void on_param_changed(void* self, void* port, std::uint32_t id, const spa_pod* param);

    static void on_process(void* self, spa_io_position* position);
    static std::uint64_t deadline_ns(const spa_io_position& position);
    static bool past(std::uint64_t deadline_ns);
    static void on_state_changed(void* self, pw_filter_state old, pw_filter_state state, const char* error);

    pw_filter* filter_ = nullptr;
    spa_hook listener_{};
    ChangedFn changed_ = nullptr;
    void* changed_user_ = nullptr;
    pw_filter_state state_ = PW_FILTER_STATE_UNCONNECTED;
    std::string error_;

    // Read by the data thread; written only while the filter is not connected.
    ProcessFn fn_ = nullptr;
    void* user_ = nullptr;
    pw_core* core_ = nullptr;
    std::vector<Ports> ports_; // loop thread
    std::vector<graph::EndpointLatency> latencies_; // loop thread
    // What the data thread walks: a row per endpoint, published whole.
    RtHandoff<PortTable<PortCell*>, 1> table_;
    std::unique_ptr<IoTable> io_;
    IoRows rt_rows_; // data thread only

    std::atomic<int> rate_{0};
    std::atomic<int> quantum_{0};
    std::atomic<std::uint64_t> cycles_{0};
    dsp::LatenessWindow lateness_; // written by the data thread only
    std::atomic<std::uint64_t> missed_{0};
    std::atomic<std::uint64_t> removed_in_use_{0};

    std::uint64_t rt_last_position_ = 0; // data thread only
    std::uint64_t rt_last_duration_ = 0;
};

} // namespace sy::router
