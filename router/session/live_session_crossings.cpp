// The crossings: one bridge for each input whose raw signal a domain other
// than its home runs (graph::split_by_domain says which), built for both
// servers' sizes, published to both audio threads, freed once neither can
// be in one.
#include <algorithm>
#include <chrono>

#include "dsp/resampler.hpp"
#include "router/engine/endpoint_alike.hpp"
#include "router/engine/wait_until.hpp"
#include "router/session/live_session.hpp"

#include "router/jack/side.hpp"

namespace sy::router {

bool LiveSession::crossable() const {
    // Both servers cycle in real time: both sides' sizes are known.
    return jack_link_.running() && pipewire_link_.running();
}

LiveSession::CrossingSizes LiveSession::sizes_now() const {
    return {jack_->rate(), jack_->period(), pipewire_.rate(), pipewire_.quantum()};
}

std::unique_ptr<LiveSession::Crossing> LiveSession::make_crossing(const graph::Endpoint& e, Server from, Server to) const {
    // control thread only
    auto c = std::make_unique<Crossing>();
    c->id = e.id;
    c->from = from;
    c->to = to;
    c->from_slot = engines_[index(from)]->endpoint_slot(e.id);
    c->to_slot = engines_[index(to)]->endpoint_slot(e.id);
    c->channels = e.channels;
    c->latency = graph::latency_of(model_, e);
    c->quality = bridge_quality(e, c->latency);
    const bool jack_writes = from == Server::Jack;
    BridgeConfig config;
    config.channels = e.channels;
    config.writer_rate = jack_writes ? jack_->rate() : pipewire_.rate();
    config.reader_rate = jack_writes ? pipewire_.rate() : jack_->rate();
    config.writer_period = jack_writes ? jack_->period() : pipewire_.quantum();
    config.reader_period = jack_writes ? pipewire_.quantum() : jack_->period();
    config.lib = model_.engine.resampler.value_or(dsp::default_resampler_lib());
    config.quality = c->quality;
    config.latency = c->latency;
    // How late the writing side wakes, until the bridge has measured its
    // own landings (which add the work before the write).
    config.expected_lateness = jack_writes ? jack_->lateness().quantile() : pipewire_.lateness().quantile();
    c->bridge = std::make_unique<Bridge>(config);
    if (learnt_jack_to_pipewire_) c->bridge->start_with_rate(jack_writes ? *learnt_jack_to_pipewire_ : 1.0 / *learnt_jack_to_pipewire_);
    c->scratch.assign(static_cast<std::size_t>(e.channels) * kMaxFrames, 0.0f);
    for (int ch = 0; ch < e.channels; ++ch) {
        c->to_side[static_cast<std::size_t>(ch)] = c->scratch.data() + static_cast<std::size_t>(ch) * kMaxFrames;
    }
    return c;
}

void LiveSession::update_crossings(const graph::Model& m, bool rebuild_all) {
    // control thread only. A bridge whose input stays, with the same homes,
    // slots and settings, keeps running (unless all are rebuilt for new
    // sizes or after a server's transition); the others go once neither
    // audio thread can be in them.
    std::vector<graph::Crossing> wanted;
    if (crossable()) wanted = graph::split_by_domain(m, [this](const graph::Endpoint& e) { return home_of(e); }).crossings;
    auto slot_in = [&](Server s, const std::string& id) { return engines_[index(s)]->endpoint_slot(id); };
    std::vector<std::unique_ptr<Crossing>> next;
    std::vector<std::unique_ptr<Crossing>> gone;
    for (auto& c : crossings_) {
        const graph::Endpoint* e = m.find(c->id);
        const bool still = std::any_of(wanted.begin(), wanted.end(), [&](const graph::Crossing& w) {
            return w.input == c->id && server_of(w.from) == c->from && server_of(w.to) == c->to;
        });
        const bool stays = !rebuild_all && still && e &&
                           bridge_serves(*e, graph::latency_of(m, *e), c->channels, c->quality, c->latency) &&
                           slot_in(c->from, c->id) == c->from_slot && slot_in(c->to, c->id) == c->to_slot;
        (stays ? next : gone).push_back(std::move(c));
    }
    for (const graph::Crossing& w : wanted) {
        const bool have = std::any_of(next.begin(), next.end(), [&](const auto& c) { return c->id == w.input && server_of(w.to) == c->to; });
        const graph::Endpoint* e = m.find(w.input);
        if (have || !e || slot_in(server_of(w.from), w.input) < 0 || slot_in(server_of(w.to), w.input) < 0) continue;
        next.push_back(make_crossing(*e, server_of(w.from), server_of(w.to)));
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
        if (stats.locked()) learnt_jack_to_pipewire_ = c->from == Server::Jack ? stats.ratio_factor : 1.0 / stats.ratio_factor;
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
    for (auto& c : crossings_) {
        set->into[index(c->to)].rows.push_back({c->to_slot, c.get()});
        set->all.push_back(c.get());
    }
    crossing_set_.publish(std::move(set), std::move(gone));
}

void LiveSession::wait_until_crossings_seen() {
    // control thread only: sleeps a cycle or two of each server at most.
    wait_until(std::chrono::milliseconds(500), std::chrono::milliseconds(1),
               [&] { return crossing_set_.seen_by_all({jack_->running(), pipewire_.running()}); });
}

} // namespace sy::router
