// The session's audio side and what follows the servers: both servers'
// callbacks, the choice and the moves of the hub, and the crossings
// (bridges) between the hub and the other server.
#include <algorithm>
#include <chrono>
#include <cstdio>

#include "dsp/denormals.hpp"
#include "dsp/resampler.hpp"
#include "router/engine/endpoint_alike.hpp"
#include "router/engine/monotonic_seconds.hpp"
#include "router/engine/wait_until.hpp"
#include "router/session/live_endpoints.hpp"
#include "router/session/live_session.hpp"

#include "router/jack/side.hpp"

namespace sy::router {

namespace {

LiveSession::Server other(LiveSession::Server s) {
    if (s == LiveSession::Server::Jack) return LiveSession::Server::Pipewire;
    if (s == LiveSession::Server::Pipewire) return LiveSession::Server::Jack;
    return LiveSession::Server::None;
}

} // namespace

const char* LiveSession::server_name(Server s) {
    switch (s) {
    case Server::Jack: return "jack";
    case Server::Pipewire: return "pipewire";
    case Server::None: break;
    }
    return "none";
}

// ---- the audio side ---------------------------------------------------------

void LiveSession::jack_cycle(void* arg, int frames, IoTable& io, double now) {
    // audio thread only (JACK's process thread)
    static_cast<LiveSession*>(arg)->run_cycle(Server::Jack, frames, io, now);
}

void LiveSession::pipewire_cycle(void* arg, int frames, const IoTable& io, double now) {
    // audio thread only (PipeWire's data thread). The table is PipewireNode's
    // own mutable memory, filled anew each cycle; as the hub we point the
    // rows of crossings and of the test tone (which no PipeWire port uses)
    // at our own buffers.
    static_cast<LiveSession*>(arg)->run_cycle(Server::Pipewire, frames, const_cast<IoTable&>(io), now);
}

void LiveSession::run_cycle(Server me, int frames, IoTable& io, double now) {
    // audio thread of `me` only
    dsp::denormals_off();
    if (observer_) observer_(observer_user_, me, true);
    auto& busy = in_cycle_[static_cast<std::size_t>(me)];
    // seq_cst pairs with move_hub(): either the move sees us busy and waits,
    // or we see the hub it stored.
    busy.store(true, std::memory_order_seq_cst);
    if (hub_.load(std::memory_order_seq_cst) == static_cast<int>(me)) {
        hub_cycle(me, frames, io, now);
    } else {
        far_cycle(me, frames, io, now);
    }
    busy.store(false, std::memory_order_release);
    if (observer_) observer_(observer_user_, me, false);
}

void LiveSession::hub_cycle(Server me, int frames, IoTable& io, double now) {
    // audio thread of the hub only
    const auto acquired = crossing_set_.acquire(reader(me));
    // A crossing that went leaves no pointer into its freed buffers behind.
    crossing_rows_[reader(me)].adopt(io, acquired.value, acquired.generation);
    const CrossingSet* set = frames <= kMaxFrames ? acquired.value : nullptr;
    if (set) {
        for (const auto& [slot, c] : set->rows) {
            if (c->far == me) continue; // built for the other hub: a move is under way
            auto& row = io.channel[static_cast<std::size_t>(slot)];
            for (int ch = 0; ch < c->channels; ++ch) row[static_cast<std::size_t>(ch)] = c->hub_side[static_cast<std::size_t>(ch)];
            if (c->input) c->bridge->read(c->hub_side.data(), frames, now);
        }
    }
    play_test_tone(io, frames);
    engine_.process(frames, io);
    if (set) {
        // When these frames land, for the bridges' margins: after the work
        // of the cycle, which they must cover as much as a late wake.
        const double landed = monotonic_seconds();
        for (const auto& [slot, c] : set->rows) {
            if (c->far != me && !c->input) c->bridge->write(c->hub_side.data(), frames, now, landed);
        }
    }
}

void LiveSession::far_cycle(Server me, int frames, const IoTable& io, double now) {
    // audio thread of the server that is not the hub. Outputs nobody writes
    // are silent: both backends clear their buffers before each cycle.
    const CrossingSet* set = frames <= kMaxFrames ? crossing_set_.acquire(reader(me)).value : nullptr;
    if (!set) return;
    float* sink = discard_[reader(me)].data();
    const double landed = monotonic_seconds(); // see hub_cycle()
    for (const auto& [slot, c] : set->rows) {
        if (c->far != me) continue;
        const auto& row = io.channel[static_cast<std::size_t>(slot)];
        for (int ch = 0; ch < c->channels; ++ch) {
            float* port = row[static_cast<std::size_t>(ch)];
            // A port with no buffer this cycle: the bridge still moves its
            // frames to keep time.
            c->far_side[static_cast<std::size_t>(ch)] = port ? port : c->input ? zeros_.data() : sink;
        }
        if (c->input) {
            c->bridge->write(c->far_side.data(), frames, now, landed);
        } else {
            c->bridge->read(c->far_side.data(), frames, now);
        }
    }
}

// ---- following the servers ----------------------------------------------------

void LiveSession::note(std::string server, std::string state, std::string detail) {
    // control thread only
    std::fprintf(stderr, "switchyard: %s: %s%s%s\n", server.c_str(), state.c_str(), detail.empty() ? "" : ": ",
                 detail.c_str());
    events_.push_back({std::move(server), std::move(state), std::move(detail)});
    // A client that never takes its events must not make them pile up.
    if (events_.size() > 256) events_.erase(events_.begin(), events_.begin() + 128);
}

void LiveSession::observe_servers() {
    // control thread only: the one place where server transitions are acted on.
    remember_learnt_rates();
    const auto now = ServerLink::Clock::now();
    bool changed = false;
    auto seen = [&](const std::optional<ServerTransition>& t) {
        if (!t) return;
        changed = true;
        char detail[96] = "";
        if (t->gone_seconds > 0)
            std::snprintf(detail, sizeof detail, "back after %.2f s", t->gone_seconds);
        note(t->server, state_name(t->to), detail);
    };
    if (jack_->server_losses() != jack_losses_seen_) {
        jack_losses_seen_ = jack_->server_losses();
        seen(jack_link_.observe(jack_->wanted(), false, false, now));
    }
    if (pipewire_.server_losses() != pipewire_losses_seen_) {
        pipewire_losses_seen_ = pipewire_.server_losses();
        seen(pipewire_link_.observe(pipewire_.wanted(), false, false, now));
    }
    seen(jack_link_.observe(jack_->wanted(), jack_->running(), jack_->cycling(), now));
    const bool pw_up = pipewire_.running();
    seen(pipewire_link_.observe(pipewire_.wanted(), pw_up, pw_up && pipewire_.rate() > 0 && pipewire_.quantum() > 0, now));
    if (changed) {
        if (const Server next = choose_hub(); next != hub_server_) move_hub(next);
        update_crossings(model_, true);
        return;
    }
    if (const int rate = hub_server_ == Server::None ? 0 : hub_rate(hub_server_); rate > 0 && rate != model_.engine.rate) {
        // The hub's server runs at a new rate (PipeWire's graph forced or
        // renegotiated, JACK's sample-rate callback): a Plan is built for
        // one rate, so it is seated again at this one, as on a move.
        move_hub(hub_server_);
    }
    if (hub_server_ != Server::None && crossable() && sizes_now() != built_for_) {
        const CrossingSizes s = sizes_now();
        char detail[128];
        std::snprintf(detail, sizeof detail, "jack %d Hz/%d, pipewire %d Hz/%d: crossings rebuilt", s.jack_rate,
                      s.jack_period, s.pipewire_rate, s.pipewire_quantum);
        note("hub", "resized", detail);
        update_crossings(model_, true);
    }
}

LiveSession::Server LiveSession::choose_hub() const {
    // control thread only
    const bool jack_ok = jack_link_.connected();
    const bool pipewire_ok = pipewire_link_.connected();
    switch (choice_) {
    case HubChoice::Jack: return jack_ok ? Server::Jack : Server::None;
    case HubChoice::Pipewire: return pipewire_ok ? Server::Pipewire : Server::None;
    case HubChoice::Auto: break;
    }
    // The hub stays while its server does: a move costs every endpoint on
    // it a gap, while a server that joins late costs nobody anything.
    if (hub_server_ == Server::Jack && jack_ok) return Server::Jack;
    if (hub_server_ == Server::Pipewire && pipewire_ok) return Server::Pipewire;
    // JACK first, as at start: it is there for its low latency.
    if (jack_ok) return Server::Jack;
    if (pipewire_ok) return Server::Pipewire;
    return Server::None;
}

int LiveSession::hub_rate(Server s) const {
    if (s == Server::Jack) return jack_->rate();
    if (s == Server::Pipewire && pipewire_.rate() > 0) return pipewire_.rate();
    return model_.engine.rate;
}

void LiveSession::move_hub(Server next) {
    // control thread only. `next` may be the hub itself, at a new rate.
    // Exactly one thread runs the Plan: no callback
    // runs it from the store of "none" until the store of `next`, and the
    // old hub's cycle that loaded the hub before the first store is waited
    // out. A lost server's thread is gone (its client closed), so the wait
    // is a cycle at most.
    const Server prev = hub_server_;
    hub_.store(static_cast<int>(Server::None), std::memory_order_seq_cst);
    hub_server_ = Server::None;
    if (prev != Server::None) {
        wait_until(std::chrono::milliseconds(500), std::chrono::microseconds(200),
                   [&] { return !in_cycle_[static_cast<std::size_t>(prev)].load(std::memory_order_seq_cst); });
    }
    // No thread runs the Plan: the engine can change rate with no fades and
    // free what it retired at once.
    engine_.set_audio_running(false);
    if (next != Server::None) {
        if (const int rate = hub_rate(next); rate > 0 && rate != model_.engine.rate) {
            // A running server's rate wins over the preset's.
            model_.engine.rate = rate;
            engine_.apply(model_);
        }
        aim_test_tone();
        engine_.set_audio_running(true);
    }
    hub_server_ = next;
    hub_.store(static_cast<int>(next), std::memory_order_seq_cst);
    if (next == prev) {
        note("hub", "rate", std::to_string(model_.engine.rate) + " Hz");
    } else {
        note("hub", server_name(next), prev == Server::None ? "" : std::string("was ") + server_name(prev));
    }
}

bool LiveSession::crossable() const {
    // Both servers cycle in real time: both sides' sizes are known.
    return hub_server_ != Server::None && jack_link_.running() && pipewire_link_.running();
}

LiveSession::CrossingSizes LiveSession::sizes_now() const {
    return {hub_server_, jack_->rate(), jack_->period(), pipewire_.rate(), pipewire_.quantum()};
}

bool LiveSession::on_far(const graph::Endpoint& e) const {
    const Server far = other(hub_server_);
    return far == Server::Jack ? served_by_jack(e) : far == Server::Pipewire ? served_by_pipewire(e) : false;
}

// ---- crossings ------------------------------------------------------------------

std::unique_ptr<LiveSession::Crossing> LiveSession::make_crossing(const graph::Endpoint& e) const {
    // control thread only
    auto c = std::make_unique<Crossing>();
    c->id = e.id;
    c->slot = engine_.endpoint_slot(e.id);
    c->channels = e.channels;
    c->input = e.kind == graph::EndpointKind::Input;
    c->far = other(hub_server_);
    c->latency = graph::latency_of(model_, e);
    c->quality = bridge_quality(e, c->latency);
    const bool jack_far = c->far == Server::Jack;
    const double far_rate = jack_far ? jack_->rate() : pipewire_.rate();
    const double hub_rate = jack_far ? pipewire_.rate() : jack_->rate();
    const int far_period = jack_far ? jack_->period() : pipewire_.quantum();
    const int hub_period = jack_far ? pipewire_.quantum() : jack_->period();
    BridgeConfig config;
    config.channels = e.channels;
    config.writer_rate = c->input ? far_rate : hub_rate;
    config.reader_rate = c->input ? hub_rate : far_rate;
    config.writer_period = c->input ? far_period : hub_period;
    config.reader_period = c->input ? hub_period : far_period;
    config.lib = model_.engine.resampler.value_or(dsp::default_resampler_lib());
    config.quality = c->quality;
    config.latency = c->latency;
    // How late the writing side wakes, until the bridge has measured its
    // own landings (which add the work before the write).
    const bool jack_writes = jack_far == c->input;
    config.expected_lateness = jack_writes ? jack_->lateness().quantile() : pipewire_.lateness().quantile();
    c->bridge = std::make_unique<Bridge>(config);
    if (learnt_jack_to_pipewire_) {
        c->bridge->start_with_rate(written_by_jack(*c) ? *learnt_jack_to_pipewire_ : 1.0 / *learnt_jack_to_pipewire_);
    }
    c->scratch.assign(static_cast<std::size_t>(e.channels) * kMaxFrames, 0.0f);
    for (int ch = 0; ch < e.channels; ++ch) {
        c->hub_side[static_cast<std::size_t>(ch)] = c->scratch.data() + static_cast<std::size_t>(ch) * kMaxFrames;
    }
    return c;
}

void LiveSession::update_crossings(const graph::Model& m, bool rebuild_all) {
    // control thread only. A bridge whose endpoint stays keeps running
    // (unless all are rebuilt for new sizes or a new hub); the others go
    // once neither audio thread can be in them.
    const bool can = crossable();
    const Server far = other(hub_server_);
    std::vector<std::unique_ptr<Crossing>> next;
    std::vector<std::unique_ptr<Crossing>> gone;
    for (auto& c : crossings_) {
        const graph::Endpoint* e = m.find(c->id);
        const bool stays = !rebuild_all && can && e && c->far == far && on_far(*e) &&
                           bridge_serves(*e, graph::latency_of(m, *e), c->channels, c->input, c->quality,
                                         c->latency) &&
                           engine_.endpoint_slot(c->id) == c->slot;
        (stays ? next : gone).push_back(std::move(c));
    }
    if (can) {
        each_endpoint(m, [&](const graph::Endpoint& e, bool) {
            if (!on_far(e)) return;
            const bool have = std::any_of(next.begin(), next.end(), [&](const auto& c) { return c->id == e.id; });
            if (!have) next.push_back(make_crossing(e));
        });
    }
    crossings_ = std::move(next);
    built_for_ = sizes_now();
    const bool any_gone = !gone.empty();
    publish_crossings(std::move(gone));
    if (any_gone) wait_until_crossings_seen();
    free_retired_crossings();
}

void LiveSession::remember_learnt_rates() {
    // control thread only. Polled, not taken when a crossing goes: by then
    // a lost server has already left its bridges unlocked.
    for (const auto& c : crossings_) {
        const BridgeStats stats = c->bridge->stats();
        if (stats.locked()) learnt_jack_to_pipewire_ = written_by_jack(*c) ? stats.ratio_factor : 1.0 / stats.ratio_factor;
    }
}

void LiveSession::free_retired_crossings() {
    // control thread only. A crossing goes once neither audio thread can be
    // in it: both have loaded a set without it (or are stopped). Should one
    // be stuck, the crossing waits for a later poll().
    crossing_set_.reclaim({jack_->running(), pipewire_.running()}); // what it hands back is freed here
}

void LiveSession::publish_crossings(std::vector<std::unique_ptr<Crossing>> gone) {
    // control thread only
    auto set = std::make_unique<CrossingSet>();
    for (auto& c : crossings_) set->rows.push_back({c->slot, c.get()});
    crossing_set_.publish(std::move(set), std::move(gone));
}

void LiveSession::wait_until_crossings_seen() {
    // control thread only: sleeps a cycle or two of each server at most.
    wait_until(std::chrono::milliseconds(500), std::chrono::milliseconds(1),
               [&] { return crossing_set_.seen_by_all({jack_->running(), pipewire_.running()}); });
}

} // namespace sy::router
