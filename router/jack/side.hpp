// Switchyard as a JACK client: one port per channel of every endpoint with a
// `jack` section, connections from `jack.connect` made and restored whenever
// those ports appear, a server that dies reported rather than crashed on,
// and reconnection when it comes back.
#pragma once

#include <jack/jack.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "dsp/lateness_window.hpp"
#include "graph/reported_latency.hpp"
#include "router/jack/cycle_clock.hpp"
#include "router/jack/latency_report.hpp"
#include "router/engine/io_rows.hpp"
#include "router/engine/io_table.hpp"
#include "router/engine/port_status.hpp"
#include "router/engine/port_table.hpp"
#include "router/engine/rt_handoff.hpp"

namespace sy::router {

struct JackEndpoint {
    std::string id;
    bool input = true; // true: audio flows from JACK into Switchyard
    int channels = 2;
    int slot = 0; // engine endpoint slot: the IoTable row this endpoint fills
    std::vector<std::string> connect;
};

// Audio thread callback: `io` rows point at this cycle's port buffers;
// `now` is the cycle's start in CLOCK_MONOTONIC seconds.
using AudioFn = void (*)(void* user, int frames, IoTable& io, double now);

struct JackEndpointStatus {
    std::string id;
    int connected = 0; // connections in place
    int wanted = 0;    // connections jack.connect asks for
    std::vector<PortStatus> ports; // in channel order, with PortDetail::List; empty while no server runs
};

class JackSide {
public:
    JackSide();
    ~JackSide();
    JackSide(const JackSide&) = delete;
    JackSide& operator=(const JackSide&) = delete;

    // Any thread, no server needed: the JACK library loaded is PipeWire's
    // own (pipewire-jack, e.g. under `pw-jack`), so a "JACK server" is the
    // PipeWire graph itself.
    static bool library_is_pipewire();

    // Control thread. Opens the client on a running server (never starts
    // one), registers ports, activates, connects. "" or an error.
    std::string start(const std::string& client_name, std::vector<JackEndpoint> endpoints, AudioFn fn, void* user);
    void stop();

    // Control thread, while running or not: makes `endpoints` the served set.
    // Endpoints that stay (same id, direction and channels) keep their ports
    // and audio; their connections follow `connect`. The ports of endpoints
    // that go are unregistered only once the process callback has stopped
    // using them; new ones are registered and connected. "" or an error (a
    // port JACK refused); on an error the other endpoints are still served.
    std::string update(std::vector<JackEndpoint> endpoints);

    // Control thread, call often (it rate-limits itself): notices a server
    // that went away, retries a lost server at most once a second, and
    // restores connections whose ports have appeared.
    void poll();

    bool running() const { return client_ != nullptr && !shutdown_.load(std::memory_order_acquire); }
    // Running in real time: not freewheeling (then cycles run as fast as
    // the CPU allows and say nothing of the server's clock).
    bool cycling() const { return running() && !freewheeling_.load(std::memory_order_acquire); }
    // A JACK server is wanted: start() was called and stop() was not.
    bool wanted() const { return !name_.empty(); }
    // Any thread. The server's rate and period, followed through JACK's
    // sample-rate and buffer-size callbacks.
    int rate() const { return rate_.load(std::memory_order_acquire); }
    int period() const { return period_.load(std::memory_order_acquire); }
    float dsp_load() const;
    std::uint64_t xruns() const { return xruns_.load(std::memory_order_relaxed); }
    std::uint64_t cycles() const { return cycles_.load(std::memory_order_relaxed); }
    // How late our callbacks wake after their cycle began, over the last
    // minute (dsp/lateness_window.hpp): what a bridge this side writes can
    // take as its margin's lateness before it has measured its own.
    const dsp::LatenessWindow& lateness() const { return lateness_; }
    std::uint64_t server_losses() const { return losses_; }
    std::vector<JackEndpointStatus> status(PortDetail detail = PortDetail::Omit) const;

    // Latency the connected ports add, in frames: the largest capture
    // latency of what feeds an input endpoint, or playback latency of what an
    // output endpoint feeds (JACK's own latency ranges).
    unsigned device_latency_frames(const std::string& endpoint_id) const;

    // Control thread, running or not: the paths through our endpoints with
    // our own part of each, in JACK frames. Our ports report them from now
    // on (JACK's latency callback); when they change, JACK recomputes the
    // graph's latencies. Endpoints on no path report nothing of ours.
    void report_latency(std::vector<graph::EndpointLatency> latencies);

private:
    struct Port {
        jack_port_t* port = nullptr;
        std::string wanted; // the port jack.connect names for this channel, or ""
    };
    struct Endpoint {
        JackEndpoint spec;
        std::vector<Port> ports;
    };

    std::string open(bool quiet);
    void close();
    std::string register_ports(Endpoint& endpoint);
    void publish_table();
    bool wait_until_table_seen();
    void unregister_retired_ports();
    void ensure_connections();
    PortStatus port_status(jack_port_t* port) const;
    void publish_latency();

    static int on_process(jack_nframes_t frames, void* self);
    static void on_shutdown(jack_status_t code, const char* reason, void* self);
    static int on_xrun(void* self);
    static void on_port_registration(jack_port_id_t port, int registered, void* self);
    static int on_buffer_size(jack_nframes_t frames, void* self);
    static int on_sample_rate(jack_nframes_t rate, void* self);
    static void on_freewheel(int starting, void* self);
    static void on_latency(jack_latency_callback_mode_t mode, void* self);

    std::string name_;
    std::vector<Endpoint> endpoints_;
    AudioFn fn_ = nullptr;
    void* user_ = nullptr;
    jack_client_t* client_ = nullptr;
    std::atomic<int> rate_{0};
    std::atomic<int> period_{0};
    std::atomic<bool> freewheeling_{false};
    std::unique_ptr<IoTable> io_;
    // What the process callback walks: a row per endpoint, published whole.
    RtHandoff<PortTable<jack_port_t*>, 1> table_;
    // Ports of endpoints that went, waiting for the callback to move past them.
    std::vector<jack_port_t*> doomed_ports_;
    std::uint64_t losses_ = 0;
    std::vector<graph::EndpointLatency> latencies_; // control thread: what report_latency() was told
    JackLatencyReport latency_report_;
    std::chrono::steady_clock::time_point last_attempt_{};

    IoRows rt_rows_;          // process thread only
    CycleClock cycle_clock_; // process thread only (reset before activation)

    std::atomic<bool> shutdown_{false};
    std::atomic<bool> ports_changed_{false};
    std::atomic<std::uint64_t> xruns_{0};
    std::atomic<std::uint64_t> cycles_{0};
    dsp::LatenessWindow lateness_; // written by the audio thread only
};

} // namespace sy::router
