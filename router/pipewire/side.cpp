#include "router/pipewire/side.hpp"

#include <pipewire/pipewire.h>
#include <pipewire/thread-loop.h>
#include <spa/utils/result.h>

#include <cerrno>
#include <chrono>
#include <algorithm>
#include <cstring>
#include <mutex>

#include "router/pipewire/channels.hpp"
#include "router/pipewire/links.hpp"
#include "router/pipewire/node.hpp"
#include "router/pipewire/port_latency.hpp"
#include "router/pipewire/registry.hpp"
#include "router/pipewire/side_endpoint.hpp"
#include "router/pipewire/virtual_device.hpp"

namespace sy::router {

namespace {

// node.name allows anything, but a preset name with spaces or slashes makes
// a name people cannot type into pw-link or a WirePlumber rule.
std::string name_part(const std::string& text) {
    std::string out;
    for (char c : text) {
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                           c == '_' || c == '.';
        out += plain ? c : '_';
    }
    return out.empty() ? "unnamed" : out;
}

bool is_virtual(const PipewireEndpoint& e) { return !e.spec.virtual_kind.empty(); }

} // namespace

struct PipewireSide::CoreListener {
    spa_hook hook{};
};

PipewireSide::PipewireSide()
    : core_listener_(std::make_unique<CoreListener>()), registry_(std::make_unique<PipewireRegistry>()),
      links_(std::make_unique<PipewireLinks>()), node_(std::make_unique<PipewireNode>()) {}

PipewireSide::~PipewireSide() { stop(); }

void PipewireSide::request_quantum(int frames, int rate) {
    // control thread only
    latency_frames_ = frames;
    latency_rate_ = rate;
}

std::string PipewireSide::start(const std::string& preset_name, std::vector<PipewireEndpoint> endpoints, ProcessFn fn,
                                void* user) {
    // control thread only
    if (loop_) return "the PipeWire side is already started";
    static std::once_flag once;
    std::call_once(once, [] { pw_init(nullptr, nullptr); });
    preset_name_ = preset_name;
    specs_ = endpoints;
    fn_ = fn;
    user_ = user;
    wanted_ = false;

    node_name_ = "switchyard." + name_part(preset_name);
    error_.clear();
    done_seq_ = -1;
    endpoints_.clear();
    for (auto& e : endpoints) {
        std::unique_ptr<Endpoint> state;
        if (std::string error = make_endpoint(std::move(e), state); !error.empty()) return error;
        endpoints_.push_back(std::move(state));
    }

    if (std::string error = start_loop(); !error.empty()) return error;

    pw_thread_loop_lock(loop_);
    std::string error = connect_core();
    if (error.empty()) error = make_node();
    // Wait (a few seconds at most) until the server has answered everything
    // asked above and the node exists, so that status() is meaningful as
    // soon as start() returns.
    if (error.empty()) error = wait_for_node();
    if (error.empty()) reconcile();
    if (!error.empty()) error_ = error;
    pw_thread_loop_unlock(loop_);
    if (!error.empty())
        close();
    else
        wanted_ = true;
    return error;
}

std::string PipewireSide::start_loop() {
    // control thread only. On an error nothing is left behind.
    loop_ = pw_thread_loop_new("switchyard-pw", nullptr);
    if (!loop_) return "cannot create the PipeWire loop thread";
    // client-rt.conf loads module-rt: the data thread gets real-time
    // priority when the system grants it and runs without it otherwise.
    context_ = pw_context_new(pw_thread_loop_get_loop(loop_),
                              pw_properties_new(PW_KEY_CONFIG_NAME, "client-rt.conf", nullptr), 0);
    if (!context_) {
        close();
        return "cannot create a PipeWire context";
    }
    if (pw_thread_loop_start(loop_) < 0) {
        close();
        return "cannot start the PipeWire loop thread";
    }
    return {};
}

std::string PipewireSide::connect_core() {
    // control thread, loop lock held
    pw_properties* core_props = pw_properties_new(PW_KEY_APP_NAME, "Switchyard", nullptr);
    if (!remote_.empty()) pw_properties_set(core_props, PW_KEY_REMOTE_NAME, remote_.c_str());
    core_ = pw_context_connect(context_, core_props, 0);
    if (!core_) return std::string("cannot connect to PipeWire: ") + std::strerror(errno);
    static const pw_core_events core_events = [] {
        pw_core_events e{};
        e.version = PW_VERSION_CORE_EVENTS;
        e.done = &PipewireSide::on_core_done;
        e.error = &PipewireSide::on_core_error;
        return e;
    }();
    pw_core_add_listener(core_, &core_listener_->hook, &core_events, this);
    running_.store(true, std::memory_order_release);
    reconcile_source_ = pw_loop_add_event(pw_thread_loop_get_loop(loop_), &PipewireSide::on_reconcile, this);
    std::string error;
    if (!registry_->attach(core_, &PipewireSide::on_changed, this)) error = "cannot read the PipeWire registry";
    links_->attach(core_, &PipewireSide::on_changed, this);
    return error;
}

std::string PipewireSide::make_node() {
    // control thread, loop lock held: the node with every endpoint's ports,
    // then the virtual devices.
    std::vector<PipewireEndpoint> specs;
    for (const auto& e : endpoints_) specs.push_back(e->spec);
    PipewireNodeSettings settings{node_name_, "Switchyard (" + preset_name_ + ")", latency_frames_, latency_rate_};
    std::string error = node_->create(core_, settings, specs, fn_, user_, &PipewireSide::on_changed, this);
    for (auto& e : endpoints_) {
        if (!error.empty()) break;
        error = make_device(*e);
    }
    return error;
}

std::string PipewireSide::wait_for_node() {
    // control thread, loop lock held (the wait releases it)
    const int seq = pw_core_sync(core_, PW_ID_CORE, 0);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    auto settled = [&] {
        if (!running_.load(std::memory_order_acquire) || !error_.empty()) return true;
        if (node_->state() == PW_FILTER_STATE_ERROR) return true;
        return done_seq_ >= seq && node_->node_id() != SPA_ID_INVALID;
    };
    while (!settled() && std::chrono::steady_clock::now() < deadline) pw_thread_loop_timed_wait(loop_, 1);
    if (!error_.empty()) return error_;
    if (node_->state() == PW_FILTER_STATE_ERROR) return "PipeWire refused the node: " + node_->error();
    if (!settled()) return "PipeWire did not make the node " + node_name_ + " within 5 s";
    return {};
}

std::string PipewireSide::make_endpoint(PipewireEndpoint e, std::unique_ptr<Endpoint>& out) {
    if (e.spec.virtual_kind == "sink" && !e.input) return "endpoint " + e.id + ": a virtual sink must be an input";
    if (e.spec.virtual_kind == "source" && e.input) return "endpoint " + e.id + ": a virtual source must be an output";
    if (is_virtual(e) && e.spec.virtual_kind != "sink" && e.spec.virtual_kind != "source")
        return "endpoint " + e.id + ": unknown virtual kind \"" + e.spec.virtual_kind + "\"";
    out = std::make_unique<Endpoint>();
    for (int c = 0; c < e.channels; ++c) out->port_names.push_back(pipewire_port_name(e.id, e.channels, c));
    out->status.id = e.id;
    out->status.state = "starting";
    out->spec = std::move(e);
    return "";
}

std::string PipewireSide::make_device(Endpoint& e) {
    // loop thread (lock held)
    if (!is_virtual(e.spec)) return "";
    PipewireVirtualDeviceSpec spec;
    spec.node_name = node_name_ + "." + e.spec.id;
    spec.description = e.spec.spec.description.empty() ? "Switchyard " + e.spec.id : e.spec.spec.description;
    spec.sink = e.spec.spec.virtual_kind == "sink";
    spec.channels = e.spec.channels;
    e.device = std::make_unique<PipewireVirtualDevice>();
    return e.device->create(core_, spec, &PipewireSide::on_changed, this);
}

void PipewireSide::stop() {
    // control thread only
    wanted_ = false;
    close();
}

bool PipewireSide::poll() {
    // control thread only
    if (!wanted_ || running()) return false;
    const auto now = std::chrono::steady_clock::now();
    // Connecting fails at once while no server listens: trying four times a
    // second costs nothing and a restarted server is served sooner.
    if (now - last_attempt_ < std::chrono::milliseconds(250)) return false;
    last_attempt_ = now;
    close();
    const std::vector<PipewireEndpoint> specs = specs_;
    const std::string lost = error_.substr(0, error_.find("; reconnecting: "));
    const std::string error = start(preset_name_, specs, fn_, user_);
    // Keep trying: start() gave up, but the wish to be connected stands.
    wanted_ = true;
    if (!error.empty()) error_ = lost + "; reconnecting: " + error;
    return error.empty();
}

void PipewireSide::close() {
    // control thread only
    running_.store(false, std::memory_order_release);
    if (!loop_) return;
    pw_thread_loop_lock(loop_);
    node_->destroy();
    for (auto& e : endpoints_) {
        e->latency.clear();
        if (e->device) e->device->destroy();
    }
    links_->clear();
    registry_->detach();
    if (reconcile_source_) {
        pw_loop_destroy_source(pw_thread_loop_get_loop(loop_), reconcile_source_);
        reconcile_source_ = nullptr;
    }
    if (core_) {
        spa_hook_remove(&core_listener_->hook);
        pw_core_disconnect(core_);
        core_ = nullptr;
    }
    pw_thread_loop_unlock(loop_);
    pw_thread_loop_stop(loop_);
    if (context_) pw_context_destroy(context_);
    context_ = nullptr;
    pw_thread_loop_destroy(loop_);
    loop_ = nullptr;
}

std::vector<PipewirePortInfo> PipewireSide::registered_ports(const Endpoint& e, std::uint32_t me) const {
    // loop lock held
    std::vector<PipewirePortInfo> ours;
    if (me == SPA_ID_INVALID) return ours;
    const auto all = registry_->ports(me, !e.spec.input);
    for (const auto& name : e.port_names) {
        const auto p = std::find_if(all.begin(), all.end(), [&](const PipewirePortInfo& i) { return i.name == name; });
        if (p != all.end()) ours.push_back(*p);
    }
    return ours;
}

std::vector<PortStatus> PipewireSide::port_status(const Endpoint& e) const {
    // loop lock held
    std::vector<PortStatus> out;
    for (const auto& p : registered_ports(e, node_->node_id()))
        out.push_back({node_name_ + ":" + p.name, registry_->peer_names(p.id)});
    return out;
}

std::vector<PipewireEndpointStatus> PipewireSide::status(PortDetail detail) const {
    // control thread only
    std::vector<PipewireEndpointStatus> out;
    if (loop_) pw_thread_loop_lock(loop_);
    for (const auto& e : endpoints_) {
        PipewireEndpointStatus s = e->status;
        if (wanted_ && !running_.load(std::memory_order_acquire)) {
            s = {e->spec.id, "PipeWire server gone: " + error_, false, "", 0, 0, {}};
        } else if (!loop_) {
            s = {e->spec.id, "stopped", false, "", 0, 0, {}};
        } else if (detail == PortDetail::List) {
            s.ports = port_status(*e);
        }
        out.push_back(std::move(s));
    }
    if (loop_) pw_thread_loop_unlock(loop_);
    return out;
}

std::string PipewireSide::error() const {
    // control thread only
    if (!loop_) return error_;
    pw_thread_loop_lock(loop_);
    std::string e = error_;
    pw_thread_loop_unlock(loop_);
    return e;
}

int PipewireSide::rate() const { return node_->rate(); }
int PipewireSide::quantum() const { return node_->quantum(); }
std::uint64_t PipewireSide::cycles() const { return node_->cycles(); }
std::uint64_t PipewireSide::missed_cycles() const { return node_->missed_cycles(); }
const dsp::LatenessWindow& PipewireSide::lateness() const { return node_->lateness(); }
std::uint64_t PipewireSide::ports_removed_in_use() const { return node_->ports_removed_in_use(); }

double PipewireSide::device_latency_frames(const std::string& endpoint_id) const {
    // control thread only
    if (!loop_) return 0.0;
    const int r = rate() > 0 ? rate() : 48000;
    const int q = quantum() > 0 ? quantum() : 1024;
    double frames = 0.0;
    pw_thread_loop_lock(loop_);
    for (const auto& e : endpoints_) {
        if (e->spec.id != endpoint_id) continue;
        // Capture: how old a sample is when it leaves the peer's output
        // port; playback: how long from the peer's input port to the device.
        frames = e->latency.frames(e->spec.input ? SPA_DIRECTION_OUTPUT : SPA_DIRECTION_INPUT, r, q);
    }
    pw_thread_loop_unlock(loop_);
    return frames;
}

void PipewireSide::report_latency(std::vector<graph::EndpointLatency> latencies) {
    // control thread only. The node keeps them across a reconnection.
    if (!loop_ || latencies == latencies_) return;
    latencies_ = latencies;
    pw_thread_loop_lock(loop_);
    node_->set_latencies(std::move(latencies));
    pw_thread_loop_unlock(loop_);
}

void PipewireSide::on_changed(void* data) {
    // loop thread only
    static_cast<PipewireSide*>(data)->request_reconcile();
}

void PipewireSide::request_reconcile() {
    // loop thread only. Registry events come in bursts (a node and then its
    // ports one by one); one event source coalesces them into one pass.
    if (reconcile_source_) pw_loop_signal_event(pw_thread_loop_get_loop(loop_), reconcile_source_);
    pw_thread_loop_signal(loop_, false);
}

void PipewireSide::on_reconcile(void* data, std::uint64_t) {
    // loop thread only
    auto* self = static_cast<PipewireSide*>(data);
    self->reconcile();
    pw_thread_loop_signal(self->loop_, false);
}

void PipewireSide::on_core_done(void* data, std::uint32_t id, int seq) {
    // loop thread only
    auto* self = static_cast<PipewireSide*>(data);
    if (id == PW_ID_CORE) self->done_seq_ = seq;
    pw_thread_loop_signal(self->loop_, false);
}

void PipewireSide::on_core_error(void* data, std::uint32_t id, int, int res, const char* message) {
    // loop thread only. Errors about our own objects (a refused link or
    // device) reach their proxies; here only the connection itself matters.
    auto* self = static_cast<PipewireSide*>(data);
    if (id != PW_ID_CORE) return;
    self->error_ = message ? message : spa_strerror(res);
    if (res == -EPIPE) {
        if (self->running_.exchange(false, std::memory_order_acq_rel))
            self->losses_.fetch_add(1, std::memory_order_relaxed);
        self->error_ = "connection to the PipeWire server lost";
    }
    pw_thread_loop_signal(self->loop_, false);
}

void PipewireSide::reconcile() {
    // loop thread only
    if (!running_.load(std::memory_order_acquire)) return;
    links_->prune(*registry_);
    node_->reclaim_tables();
    const std::uint32_t me = node_->node_id();
    for (auto& e : endpoints_) update(*e, me);
}

void PipewireSide::update(Endpoint& e, std::uint32_t me) {
    // loop thread only
    PipewireEndpointStatus& s = e.status;
    s.ready = false;
    s.node.clear();
    s.links = s.wanted = 0;
    if (node_->state() == PW_FILTER_STATE_ERROR) {
        s.state = "error: " + node_->error();
        return;
    }
    const std::vector<PipewirePortInfo> ours = registered_ports(e, me);
    const bool ports_ready = ours.size() == e.port_names.size();
    if (e.spec.jack) {
        update_jack_named(e, ours, me);
        return;
    }
    if (!e.device && e.spec.spec.target.empty()) {
        s.state = ports_ready ? "ports" : "starting";
        s.ready = ports_ready;
        return;
    }
    std::string label; // what the state line calls the peer
    const std::uint32_t peer = peer_node(e, label);
    if (peer == SPA_ID_INVALID) return;
    if (!ports_ready) {
        s.state = "starting";
        return;
    }
    link_to_peer(e, ours, peer, label);
}

std::uint32_t PipewireSide::peer_node(Endpoint& e, std::string& label) {
    // loop thread only
    PipewireEndpointStatus& s = e.status;
    if (e.device) {
        const auto& dev = *e.device;
        label = std::string(dev.spec().sink ? "virtual sink " : "virtual source ") + dev.spec().node_name;
        if (!dev.error().empty()) {
            s.state = "error: " + label + ": " + dev.error();
            return SPA_ID_INVALID;
        }
        if (dev.removed()) {
            s.state = label + " was removed";
            return SPA_ID_INVALID;
        }
        const std::uint32_t peer = dev.node_id();
        s.node = dev.spec().node_name;
        if (peer == SPA_ID_INVALID || !registry_->node(peer)) {
            s.state = "creating " + label;
            return SPA_ID_INVALID;
        }
        return peer;
    }
    const PipewireNodeInfo* node = registry_->node_named(e.spec.spec.target);
    if (!node) {
        e.latency.clear();
        s.state = "waiting for node " + e.spec.spec.target;
        return SPA_ID_INVALID;
    }
    s.node = node->name;
    return node->id;
}

void PipewireSide::link_to_peer(Endpoint& e, const std::vector<PipewirePortInfo>& ours, std::uint32_t peer,
                                const std::string& label) {
    // loop thread only
    PipewireEndpointStatus& s = e.status;
    const bool capture = e.spec.input;
    // A sink captured from offers only its monitor ports; a source or a
    // stream offers its real outputs, which win over any monitors.
    std::vector<PipewirePortInfo> theirs = registry_->ports(peer, capture);
    if (capture) {
        std::vector<PipewirePortInfo> plain;
        for (const auto& p : theirs)
            if (!p.monitor) plain.push_back(p);
        if (!plain.empty()) theirs = std::move(plain);
    }
    if (theirs.empty()) {
        s.state = "waiting for the ports of " + s.node;
        return;
    }
    const auto pairs = pipewire_port_pairs(ours, theirs, capture);
    const auto progress = links_->ensure(*registry_, pairs);
    s.wanted = static_cast<int>(pairs.size());
    s.links = progress.in_place;
    s.ready = s.wanted > 0 && s.links == s.wanted;
    e.latency.watch(registry_->handle(), theirs.front().id);
    if (e.device)
        s.state = s.ready ? label : label + " (linking)";
    else if (s.ready)
        s.state = "linked to " + s.node;
    else if (!progress.error.empty())
        s.state = "error: cannot link to " + s.node + ": " + progress.error;
    else
        s.state = "linking to " + s.node;
}

} // namespace sy::router
