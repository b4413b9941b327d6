#include "router/jack/side.hpp"

#include <jack/statistics.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <cstdio>
#include <ctime>

#include "router/engine/endpoint_alike.hpp"
#include "router/engine/monotonic_seconds.hpp"
#include "router/engine/wait_until.hpp"

namespace sy::router {

namespace {

// libjack prints its own errors to stderr; while we knock on a server that
// is not there (once a second) those would flood the log.
void silent_error(const char*) {}
void report_error(const char* message) { std::fprintf(stderr, "switchyard: jack: %s\n", message); }

std::string port_short_name(const JackEndpoint& e, int channel) {
    if (e.channels == 2) return e.id + (channel == 0 ? "_L" : "_R");
    return e.id + "_" + std::to_string(channel + 1);
}

} // namespace

JackSide::JackSide() : io_(std::make_unique<IoTable>()) {}

JackSide::~JackSide() { stop(); }

bool JackSide::library_is_pipewire() {
    // jackd's library says "1.9.21"; PipeWire's "3.0.0.0 (using PipeWire 0.3.65)".
    const char* version = jack_get_version_string();
    return version && std::strstr(version, "PipeWire") != nullptr;
}

std::string JackSide::start(const std::string& client_name, std::vector<JackEndpoint> endpoints, AudioFn fn, void* user) {
    // control thread only
    name_ = client_name;
    fn_ = fn;
    user_ = user;
    endpoints_.clear();
    for (auto& e : endpoints) endpoints_.push_back({std::move(e), {}});
    return open(false);
}

std::string JackSide::open(bool quiet) {
    jack_set_error_function(quiet ? silent_error : report_error);
    jack_set_info_function(silent_error);
    jack_status_t status{};
    client_ = jack_client_open(name_.c_str(), JackNoStartServer, &status);
    jack_set_error_function(report_error);
    if (!client_) return "no JACK server is running (jack_client_open failed, status 0x" + std::to_string(status) + ")";

    shutdown_.store(false, std::memory_order_release);
    rate_.store(static_cast<int>(jack_get_sample_rate(client_)), std::memory_order_release);
    period_.store(static_cast<int>(jack_get_buffer_size(client_)), std::memory_order_release);
    freewheeling_.store(false, std::memory_order_release);
    // Before activation, so the process thread only ever sees it whole.
    cycle_clock_.reset(rate());

    io_->clear();
    for (auto& e : endpoints_) {
        if (std::string error = register_ports(e); !error.empty()) {
            close();
            return error;
        }
    }
    publish_table();
    jack_set_process_callback(client_, &JackSide::on_process, this);
    jack_on_info_shutdown(client_, &JackSide::on_shutdown, this);
    jack_set_xrun_callback(client_, &JackSide::on_xrun, this);
    jack_set_port_registration_callback(client_, &JackSide::on_port_registration, this);
    jack_set_buffer_size_callback(client_, &JackSide::on_buffer_size, this);
    jack_set_sample_rate_callback(client_, &JackSide::on_sample_rate, this);
    jack_set_freewheel_callback(client_, &JackSide::on_freewheel, this);
    jack_set_latency_callback(client_, &JackSide::on_latency, this);
    // Before activation: the first latency pass already reports our paths.
    publish_latency();
    if (jack_activate(client_) != 0) {
        close();
        return "cannot activate the JACK client";
    }
    ensure_connections();
    return {};
}

std::string JackSide::register_ports(Endpoint& e) {
    // control thread only; legal while the client is active
    e.ports.clear();
    for (int c = 0; c < e.spec.channels; ++c) {
        const unsigned long flags = e.spec.input ? JackPortIsInput : JackPortIsOutput;
        Port p;
        p.port = jack_port_register(client_, port_short_name(e.spec, c).c_str(), JACK_DEFAULT_AUDIO_TYPE, flags, 0);
        if (c < static_cast<int>(e.spec.connect.size())) p.wanted = e.spec.connect[static_cast<std::size_t>(c)];
        if (!p.port) {
            for (auto& made : e.ports) jack_port_unregister(client_, made.port);
            e.ports.clear();
            return "cannot register JACK port " + name_ + ":" + port_short_name(e.spec, c) +
                   " (is the name taken?)";
        }
        e.ports.push_back(p);
    }
    return {};
}

void JackSide::publish_table() {
    // control thread only
    auto table = std::make_unique<PortTable<jack_port_t*>>();
    for (const auto& e : endpoints_) {
        if (e.ports.size() != static_cast<std::size_t>(e.spec.channels)) continue; // registration failed
        PortRow<jack_port_t*> row;
        row.slot = e.spec.slot;
        row.channels = e.spec.channels;
        row.input = e.spec.input;
        for (std::size_t c = 0; c < e.ports.size(); ++c) row.ports[c] = e.ports[c].port;
        table->rows.push_back(row);
    }
    table_.publish(std::move(table));
}

bool JackSide::wait_until_table_seen() {
    // control thread only: sleeps, a period or two at most while JACK runs.
    return wait_until(std::chrono::milliseconds(500), std::chrono::milliseconds(1),
                      [&] { return !running() || table_.seen_by_all({true}); });
}

void JackSide::unregister_retired_ports() {
    // control thread only. A closed client took its ports with it; a live one
    // lets them go once its callback uses a table without them.
    const bool stopped = !client_;
    if (stopped) {
        doomed_ports_.clear();
        table_.reclaim({false});
        return;
    }
    if (!table_.seen_by_all({running()})) return;
    for (jack_port_t* p : doomed_ports_) jack_port_unregister(client_, p);
    doomed_ports_.clear();
    table_.reclaim({running()});
}

std::string JackSide::update(std::vector<JackEndpoint> endpoints) {
    // control thread only
    std::vector<Endpoint> next;
    std::vector<Endpoint*> added;
    for (auto& spec : endpoints) {
        // The slot and the connections are not part of it: both change in place.
        auto old = std::find_if(endpoints_.begin(), endpoints_.end(),
                                [&](const Endpoint& e) { return same_ports(e.spec, spec); });
        Endpoint e;
        if (old != endpoints_.end()) {
            e.ports = std::move(old->ports);
            old->ports.clear();
            for (std::size_t c = 0; c < e.ports.size(); ++c) {
                Port& p = e.ports[c];
                const std::string wanted = c < spec.connect.size() ? spec.connect[c] : std::string();
                // A connection the preset no longer asks for goes.
                if (client_ && running() && !p.wanted.empty() && p.wanted != wanted &&
                    jack_port_connected_to(p.port, p.wanted.c_str())) {
                    jack_disconnect(client_, spec.input ? p.wanted.c_str() : jack_port_name(p.port),
                                    spec.input ? jack_port_name(p.port) : p.wanted.c_str());
                }
                p.wanted = wanted;
            }
        }
        e.spec = std::move(spec);
        next.push_back(std::move(e));
    }
    for (auto& old : endpoints_) {
        for (auto& p : old.ports) doomed_ports_.push_back(p.port);
    }
    endpoints_ = std::move(next);
    if (!client_ || !running()) {
        // Registered when the server is back (open()).
        for (auto& e : endpoints_) e.ports.clear();
        doomed_ports_.clear();
        return {};
    }
    // First the callback lets go of what went (whose names a new endpoint
    // may take), then the new ports join.
    publish_table();
    wait_until_table_seen();
    unregister_retired_ports();
    std::string error;
    for (auto& e : endpoints_) {
        if (!e.ports.empty()) continue;
        if (std::string failed = register_ports(e); !failed.empty() && error.empty()) error = failed;
    }
    publish_table();
    publish_latency();
    ensure_connections();
    return error;
}

void JackSide::close() {
    if (!client_) return;
    if (!shutdown_.load(std::memory_order_acquire)) jack_deactivate(client_);
    jack_client_close(client_);
    client_ = nullptr;
    // No callback runs any more: every table and port can go.
    unregister_retired_ports();
    latency_report_.reclaim(false);
}

void JackSide::stop() {
    // control thread only. Nothing is wanted any more: poll() must not open
    // a client (whose callback would run) when a server appears later.
    close();
    endpoints_.clear();
    name_.clear();
    fn_ = nullptr;
    user_ = nullptr;
}

void JackSide::poll() {
    // control thread only
    if (name_.empty()) return;
    if (client_ && shutdown_.load(std::memory_order_acquire)) {
        // The server is gone; the client handle is only good for closing.
        ++losses_;
        close();
    }
    if (!client_) {
        const auto now = std::chrono::steady_clock::now();
        // jack_client_open fails at once when no server runs: knocking four
        // times a second costs nothing and a late server is served sooner.
        if (now - last_attempt_ < std::chrono::milliseconds(250)) return;
        last_attempt_ = now;
        open(true);
        return;
    }
    if (!doomed_ports_.empty() || table_.retired_count() > 0) unregister_retired_ports();
    latency_report_.reclaim(true);
    if (ports_changed_.exchange(false, std::memory_order_acq_rel)) ensure_connections();
}

void JackSide::ensure_connections() {
    for (auto& e : endpoints_) {
        for (auto& p : e.ports) {
            if (p.wanted.empty() || jack_port_connected_to(p.port, p.wanted.c_str())) continue;
            if (!jack_port_by_name(client_, p.wanted.c_str())) continue; // not there yet: restored when it appears
            const char* ours = jack_port_name(p.port);
            if (e.spec.input) {
                jack_connect(client_, p.wanted.c_str(), ours);
            } else {
                jack_connect(client_, ours, p.wanted.c_str());
            }
        }
    }
}

PortStatus JackSide::port_status(jack_port_t* port) const {
    PortStatus s;
    s.name = jack_port_name(port);
    // The _all_ variant: the one JACK allows outside the process callback.
    if (const char** names = jack_port_get_all_connections(client_, port)) {
        for (const char** n = names; *n; ++n) s.connections.emplace_back(*n);
        jack_free(static_cast<void*>(names));
    }
    return s;
}

std::vector<JackEndpointStatus> JackSide::status(PortDetail detail) const {
    std::vector<JackEndpointStatus> out;
    for (const auto& e : endpoints_) {
        JackEndpointStatus s{e.spec.id, 0, 0, {}};
        const bool live = client_ && running();
        for (const auto& p : e.ports) {
            if (live && detail == PortDetail::List) s.ports.push_back(port_status(p.port));
            if (p.wanted.empty()) continue;
            ++s.wanted;
            if (live && jack_port_connected_to(p.port, p.wanted.c_str())) ++s.connected;
        }
        out.push_back(s);
    }
    return out;
}

unsigned JackSide::device_latency_frames(const std::string& endpoint_id) const {
    if (!running()) return 0;
    unsigned worst = 0;
    for (const auto& e : endpoints_) {
        if (e.spec.id != endpoint_id) continue;
        for (const auto& p : e.ports) {
            // Our port's range already includes what the ports connected to
            // it report (JACK propagates latency through the graph).
            jack_latency_range_t range{};
            jack_port_get_latency_range(p.port, e.spec.input ? JackCaptureLatency : JackPlaybackLatency, &range);
            worst = std::max(worst, static_cast<unsigned>(range.max));
        }
    }
    return worst;
}

void JackSide::report_latency(std::vector<graph::EndpointLatency> latencies) {
    // control thread only
    latencies_ = std::move(latencies);
    publish_latency();
}

void JackSide::publish_latency() {
    // control thread only. Every endpoint with ports gets a row, so that one
    // whose last path went reports nothing of ours rather than what it had.
    if (!client_) return;
    std::vector<JackLatencyRow> rows;
    for (const auto& e : endpoints_) {
        if (e.ports.empty()) continue;
        JackLatencyRow row{{e.spec.id, e.spec.input, {}}, {}};
        for (const auto& l : latencies_) {
            if (l.id == e.spec.id && l.input == e.spec.input) row.latency.terms = l.terms;
        }
        for (const auto& p : e.ports) row.ports.emplace_back(jack_port_name(p.port));
        rows.push_back(std::move(row));
    }
    // From the control thread, never the process callback: JACK calls every
    // client's latency callback again, ours included.
    if (latency_report_.publish(client_, std::move(rows)) && running()) jack_recompute_total_latencies(client_);
}

float JackSide::dsp_load() const { return running() ? jack_cpu_load(client_) : 0.0f; }

int JackSide::on_process(jack_nframes_t frames, void* arg) {
    // audio thread only
    auto* self = static_cast<JackSide*>(arg);
    // First, so that nothing we do moves the wake time later.
    const double wake = monotonic_seconds();
    const double now = self->cycle_clock_.cycle_start(jack_last_frame_time(self->client_), wake);
    self->lateness_.add(now, wake - now);
    IoTable& io = *self->io_;
    const auto table = self->table_.acquire(0);
    self->rt_rows_.adopt(io, table.value, table.generation);
    point_io_at(io, table.value, [frames](jack_port_t* port, bool) {
        return static_cast<float*>(jack_port_get_buffer(port, frames));
    });
    self->fn_(self->user_, static_cast<int>(frames), io, now);
    self->cycles_.fetch_add(1, std::memory_order_relaxed);
    return 0;
}

void JackSide::on_shutdown(jack_status_t, const char*, void* arg) {
    // JACK's thread: only post the event; recovery runs on the control thread.
    static_cast<JackSide*>(arg)->shutdown_.store(true, std::memory_order_release);
}

int JackSide::on_xrun(void* arg) {
    static_cast<JackSide*>(arg)->xruns_.fetch_add(1, std::memory_order_relaxed);
    return 0;
}

int JackSide::on_buffer_size(jack_nframes_t frames, void* arg) {
    // JACK's thread: only post the new size; crossings are rebuilt on the control thread.
    static_cast<JackSide*>(arg)->period_.store(static_cast<int>(frames), std::memory_order_release);
    return 0;
}

int JackSide::on_sample_rate(jack_nframes_t rate, void* arg) {
    // JACK's thread: only post the new rate.
    static_cast<JackSide*>(arg)->rate_.store(static_cast<int>(rate), std::memory_order_release);
    return 0;
}

void JackSide::on_freewheel(int starting, void* arg) {
    // JACK's thread: only post it; the session stops bridging meanwhile.
    static_cast<JackSide*>(arg)->freewheeling_.store(starting != 0, std::memory_order_release);
}

void JackSide::on_latency(jack_latency_callback_mode_t mode, void* arg) {
    // JACK's notification thread: reads only the published latency table.
    static_cast<JackSide*>(arg)->latency_report_.report(mode);
}

void JackSide::on_port_registration(jack_port_id_t, int registered, void* arg) {
    if (registered) static_cast<JackSide*>(arg)->ports_changed_.store(true, std::memory_order_release);
}

} // namespace sy::router
