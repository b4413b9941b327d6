#include "router/pipewire/node.hpp"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <ctime>
#include <new>

#include "router/engine/monotonic_seconds.hpp"
#include "router/engine/wait_until.hpp"
#include "router/pipewire/channels.hpp"

namespace sy::router {

PipewireNode::PipewireNode() : io_(std::make_unique<IoTable>()) {}

PipewireNode::~PipewireNode() { destroy(); }

std::string PipewireNode::create(pw_core* core, const PipewireNodeSettings& settings,
                                 const std::vector<PipewireEndpoint>& endpoints, ProcessFn fn, void* user,
                                 ChangedFn changed, void* changed_user) {
    // loop thread only
    destroy();
    for (const auto& e : endpoints) {
        if (e.slot < 0 || e.slot >= kMaxEndpoints) return "endpoint " + e.id + ": slot out of range";
        if (e.channels < 1 || e.channels > graph::kMaxChannels) return "endpoint " + e.id + ": bad channel count";
    }
    // No media.class, like a pw-jack client: session managers leave the node
    // alone (no policy links, no default-device candidacy) and only the links
    // Switchyard or a person makes touch it. always-process keeps it cycling
    // with a driver even while nothing is linked, as a JACK client would.
    // application.name equal to node.description makes pipewire-jack call
    // the client "Switchyard (<preset>)" rather than "app/description".
    pw_properties* props = pw_properties_new(
        PW_KEY_NODE_NAME, settings.name.c_str(), PW_KEY_NODE_DESCRIPTION, settings.description.c_str(), PW_KEY_APP_NAME,
        settings.description.c_str(), PW_KEY_MEDIA_TYPE, "Audio", PW_KEY_MEDIA_CATEGORY, "Duplex", PW_KEY_MEDIA_ROLE,
        "DSP", PW_KEY_NODE_ALWAYS_PROCESS, "true", PW_KEY_NODE_WANT_DRIVER, "true", nullptr);
    if (settings.latency_frames > 0 && settings.latency_rate > 0)
        pw_properties_setf(props, PW_KEY_NODE_LATENCY, "%d/%d", settings.latency_frames, settings.latency_rate);
    filter_ = pw_filter_new(core, settings.name.c_str(), props);
    if (!filter_) return "cannot create the PipeWire node " + settings.name;

    static const pw_filter_events events = [] {
        pw_filter_events e{};
        e.version = PW_VERSION_FILTER_EVENTS;
        e.state_changed = &PipewireNode::on_state_changed;
        e.process = &PipewireNode::on_process;
        e.param_changed = &PipewireNode::on_param_changed;
        return e;
    }();
    spa_zero(listener_);
    pw_filter_add_listener(filter_, &listener_, &events, this);
    changed_ = changed;
    changed_user_ = changed_user;
    fn_ = fn;
    user_ = user;
    core_ = core;
    io_->clear();
    ports_.clear();
    // A new node (after a server restart, say) has no sizes until its first cycle.
    rate_.store(0, std::memory_order_relaxed);
    quantum_.store(0, std::memory_order_relaxed);
    rt_last_position_ = 0;
    rt_last_duration_ = 0;
    for (const auto& e : endpoints) {
        Ports ports;
        if (std::string error = add_ports(e, ports); !error.empty()) {
            destroy();
            return error;
        }
        ports_.push_back(std::move(ports));
    }
    publish_table();
    // RT_PROCESS: the process callback runs on the data thread itself, in
    // the graph cycle, rather than being deferred to the loop thread.
    // CUSTOM_LATENCY: our ports publish each path's latency (node_latency.cpp)
    // instead of PipeWire's default of one figure for every port.
    const auto flags = static_cast<pw_filter_flags>(PW_FILTER_FLAG_RT_PROCESS | PW_FILTER_FLAG_CUSTOM_LATENCY);
    if (pw_filter_connect(filter_, flags, nullptr, 0) < 0) {
        destroy();
        return "cannot connect the PipeWire node " + settings.name;
    }
    publish_latency();
    return "";
}

std::string PipewireNode::add_ports(const PipewireEndpoint& e, Ports& out) {
    // loop thread only; the data thread is not walking the port list
    out = {e.id, e.slot, e.input, {}, {}, std::nullopt};
    for (int c = 0; c < e.channels; ++c) {
        const std::string name = pipewire_port_name(e.id, e.channels, c);
        pw_properties* port_props =
            pw_properties_new(PW_KEY_FORMAT_DSP, "32 bit float mono audio", PW_KEY_PORT_NAME, name.c_str(),
                              PW_KEY_AUDIO_CHANNEL, pipewire_channel_position(e.channels, c), nullptr);
        void* data = pw_filter_add_port(filter_, e.input ? PW_DIRECTION_INPUT : PW_DIRECTION_OUTPUT,
                                        PW_FILTER_PORT_FLAG_MAP_BUFFERS, sizeof(PortCell), port_props, nullptr, 0);
        if (!data) {
            for (PortCell* made : out.cells) pw_filter_remove_port(made);
            out.cells.clear();
            return "cannot add port " + name + " to the PipeWire node";
        }
        out.cells.push_back(new (data) PortCell{e.slot, c});
        out.heard.push_back(SPA_LATENCY_INFO(e.input ? SPA_DIRECTION_OUTPUT : SPA_DIRECTION_INPUT));
    }
    return "";
}

void PipewireNode::publish_table() {
    // loop thread only
    auto table = std::make_unique<PortTable<PortCell*>>();
    for (const auto& p : ports_) {
        PortRow<PortCell*> row;
        row.slot = p.slot;
        row.input = p.input;
        row.channels = static_cast<int>(p.cells.size());
        for (std::size_t c = 0; c < p.cells.size(); ++c) row.ports[c] = p.cells[c];
        table->rows.push_back(row);
    }
    table_.publish(std::move(table));
}

std::string PipewireNode::add_endpoint(const PipewireEndpoint& endpoint) {
    // loop thread only
    if (!filter_) return "the PipeWire node is not there";
    if (endpoint.slot < 0 || endpoint.slot >= kMaxEndpoints) return "endpoint " + endpoint.id + ": slot out of range";
    if (endpoint.channels < 1 || endpoint.channels > graph::kMaxChannels)
        return "endpoint " + endpoint.id + ": bad channel count";
    Ports ports;
    if (std::string error = add_ports(endpoint, ports); !error.empty()) return error;
    ports_.push_back(std::move(ports));
    publish_table();
    publish_latency();
    return "";
}

void PipewireNode::remove_endpoint(const std::string& id) {
    // loop thread only
    auto it = std::find_if(ports_.begin(), ports_.end(), [&](const Ports& p) { return p.id == id; });
    if (it == ports_.end() || !filter_) return;
    const Ports gone = std::move(*it);
    ports_.erase(it);
    // Our process callback walks a table without these ports from its next
    // cycle on, but a cycle under way may still hold the old one, and with
    // it our cells in these ports: they go once the data thread has loaded
    // the new table. The node always processes (node.always-process), so
    // that is a cycle at most; one that PipeWire stopped scheduling runs no
    // cycle at all, hence the limit.
    publish_table();
    const bool seen = wait_until(std::chrono::milliseconds(200), std::chrono::microseconds(200),
                                 [&] { return table_.seen_by_all({true}); });
    if (!seen) removed_in_use_.fetch_add(gone.cells.size(), std::memory_order_relaxed);
    for (PortCell* cell : gone.cells) pw_filter_remove_port(cell);
    reclaim_tables();
    publish_latency();
}

void PipewireNode::reclaim_tables() {
    // loop thread only
    table_.reclaim({filter_ != nullptr});
}

void PipewireNode::destroy() {
    // loop thread only
    if (!filter_) return;
    spa_hook_remove(&listener_);
    // Removes the node from the data loop synchronously: no process call
    // runs during or after this.
    pw_filter_destroy(filter_);
    filter_ = nullptr;
    ports_.clear();
    table_.reclaim({false});
    state_ = PW_FILTER_STATE_UNCONNECTED;
}

std::uint32_t PipewireNode::node_id() const {
    // loop thread only
    return filter_ ? pw_filter_get_node_id(filter_) : SPA_ID_INVALID;
}

void PipewireNode::on_state_changed(void* data, pw_filter_state, pw_filter_state state, const char* error) {
    // loop thread only
    auto* self = static_cast<PipewireNode*>(data);
    self->state_ = state;
    self->error_ = error ? error : "";
    if (self->changed_) self->changed_(self->changed_user_);
}

std::uint64_t PipewireNode::deadline_ns(const spa_io_position& position) {
    // audio thread only. clock.nsec and next_nsec are CLOCK_MONOTONIC times;
    // 0 when the driver tells neither.
    if (position.clock.next_nsec != 0) return position.clock.next_nsec;
    if (position.clock.rate.denom == 0) return 0;
    return position.clock.nsec + position.clock.duration * SPA_NSEC_PER_SEC / position.clock.rate.denom;
}

bool PipewireNode::past(std::uint64_t deadline) {
    // audio thread only
    if (deadline == 0) return false;
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    const auto now = static_cast<std::uint64_t>(ts.tv_sec) * SPA_NSEC_PER_SEC + static_cast<std::uint64_t>(ts.tv_nsec);
    return now > deadline;
}

void PipewireNode::on_process(void* data, spa_io_position* position) {
    // audio thread only: no allocation, lock, log or blocking call (the
    // clock read at the end is the vDSO's, not a system call)
    auto* self = static_cast<PipewireNode*>(data);
    if (!position) return;
    const double wake = monotonic_seconds(); // first, as JackSide's
    const double cycle = static_cast<double>(position->clock.nsec) * 1e-9;
    self->lateness_.add(cycle, wake - cycle);
    const auto frames = static_cast<std::uint32_t>(position->clock.duration);
    // Read now: the driver rewrites the position in place when the next
    // cycle begins, which may be before we finish.
    const std::uint64_t deadline = deadline_ns(*position);
    IoTable& io = *self->io_;
    const auto table = self->table_.acquire(0);
    self->rt_rows_.adopt(io, table.value, table.generation);
    point_io_at(io, table.value, [frames](PortCell* port, bool input) {
        auto* buffer = static_cast<float*>(pw_filter_get_dsp_buffer(port, frames));
        // An output nobody writes this cycle plays silence, never what the
        // buffer held before.
        if (buffer && !input) std::memset(buffer, 0, frames * sizeof(float));
        return buffer;
    });
    // A graph position that moved by more than a quantum since our last
    // cycle means PipeWire ran cycles without us (a graph change, a driver
    // handover): our outputs were silent for them.
    const std::uint64_t at = position->clock.position;
    if (self->rt_last_position_ != 0 && at > self->rt_last_position_ + self->rt_last_duration_) {
        self->missed_.fetch_add(1, std::memory_order_relaxed);
    }
    self->rt_last_position_ = at;
    self->rt_last_duration_ = frames;
    self->rate_.store(static_cast<int>(position->clock.rate.denom), std::memory_order_relaxed);
    self->quantum_.store(static_cast<int>(frames), std::memory_order_relaxed);
    if (self->fn_)
        self->fn_(self->user_, static_cast<int>(frames), io, cycle);
    // Finished after the driver woke for the next cycle: what we wrote came
    // too late for this one, a loss as real as a skipped cycle, and the
    // position alone does not show it.
    if (past(deadline)) self->missed_.fetch_add(1, std::memory_order_relaxed);
    self->cycles_.fetch_add(1, std::memory_order_relaxed);
}

} // namespace sy::router
