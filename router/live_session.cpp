#include "router/live_session.hpp"
#include "router/live_endpoints.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <set>
#include <thread>

#include "dsp/resampler.hpp"
#include "graph/validate.hpp"

namespace sy::router {

namespace {

constexpr int kMaxFrames = 8192; // the largest period either server may ask for

bool same_pipewire(const std::optional<graph::PipewireSpec>& a, const std::optional<graph::PipewireSpec>& b) {
    if (a.has_value() != b.has_value()) return false;
    return !a || (a->target == b->target && a->virtual_kind == b->virtual_kind && a->description == b->description);
}

// Whether the servers see `e` in `next` as they saw it before: then its
// ports, links and bridge stay. JACK connections are not part of it: they
// change in place.
bool served_alike(const graph::Endpoint& e, const graph::Endpoint& next) {
    return e.kind == next.kind && e.channels == next.channels && e.jack.has_value() == next.jack.has_value() &&
           same_pipewire(e.pipewire, next.pipewire) && e.quality == next.quality;
}

// Ids of `from`'s inputs and outputs that `to` lacks or serves differently.
std::set<std::string> served_differently(const graph::Model& from, const graph::Model& to) {
    std::set<std::string> ids;
    each_endpoint(from, [&](const graph::Endpoint& e, bool) {
        const graph::Endpoint* other = to.find(e.id);
        if (!other || !served_alike(e, *other)) ids.insert(e.id);
    });
    return ids;
}

// `m` with every route from or to one of `ids` muted.
graph::Model with_routes_muted(graph::Model m, const std::set<std::string>& ids) {
    for (auto& r : m.routes) {
        if (ids.count(r.from) || ids.count(r.to)) r.mute = true;
    }
    return m;
}

} // namespace

LiveSession::LiveSession(graph::Model model, HubChoice hub)
    : model_(std::move(model)), choice_(hub), engine_(EngineOptions{kMaxFrames, 5.0}),
      zeros_(kMaxFrames, 0.0f), discard_(kMaxFrames, 0.0f) {}

LiveSession::~LiveSession() { stop(); }

void LiveSession::set_test_tone(const std::string& id, double hz, double db) {
    tone_id_ = id;
    tone_hz_ = hz;
    tone_gain_ = static_cast<float>(std::pow(10.0, db / 20.0));
    tone_.assign(kMaxFrames, 0.0f);
}

void LiveSession::aim_test_tone() {
    // control thread only
    if (tone_id_.empty()) return;
    const graph::Endpoint* e = model_.find(tone_id_);
    const int slot = engine_.endpoint_slot(tone_id_);
    tone_step_ = 2.0 * M_PI * tone_hz_ / model_.engine.rate;
    const bool input = e && e->kind == graph::EndpointKind::Input && slot >= 0;
    tone_target_.store(input ? slot * 256 + e->channels : -1, std::memory_order_release);
}

void LiveSession::play_test_tone(IoTable& io, int frames) {
    // audio thread only
    const int target = tone_target_.load(std::memory_order_acquire);
    if (target < 0 || frames > kMaxFrames) return;
    for (int i = 0; i < frames; ++i) {
        tone_[static_cast<std::size_t>(i)] = tone_gain_ * static_cast<float>(std::sin(tone_phase_));
        tone_phase_ += tone_step_;
    }
    tone_phase_ = std::fmod(tone_phase_, 2.0 * M_PI);
    auto& row = io.channel[static_cast<std::size_t>(target / 256)];
    for (int c = 0; c < target % 256; ++c) row[static_cast<std::size_t>(c)] = tone_.data();
}

std::vector<JackEndpoint> LiveSession::jack_endpoints(const graph::Model& m) const {
    std::vector<JackEndpoint> list;
    each_endpoint(m, [&](const graph::Endpoint& e, bool input) {
        if (on_jack(e)) list.push_back({e.id, input, e.channels, engine_.endpoint_slot(e.id), e.jack->connect});
    });
    return list;
}

std::vector<PipewireEndpoint> LiveSession::pipewire_endpoints(const graph::Model& m) const {
    std::vector<PipewireEndpoint> list;
    each_endpoint(m, [&](const graph::Endpoint& e, bool input) {
        if (on_pipewire(e)) list.push_back({e.id, input, e.channels, engine_.endpoint_slot(e.id), *e.pipewire});
    });
    return list;
}

std::string LiveSession::start() {
    // control thread only
    if (auto problems = engine_.apply(model_); !problems.empty()) {
        return "preset: " + problems.front().field + ": " + problems.front().message;
    }
    bool any_jack = false;
    bool any_pipewire = false;
    each_endpoint(model_, [&](const graph::Endpoint& e, bool) {
        any_jack |= on_jack(e);
        any_pipewire |= on_pipewire(e);
    });

    const bool want_jack = choice_ == HubChoice::Jack || (choice_ == HubChoice::Auto && any_jack);
    if (want_jack) {
        const std::string error = jack_.start(model_.name, jack_endpoints(model_), &LiveSession::jack_cycle, this);
        if (error.empty()) {
            hub_is_jack_ = true;
        } else if (choice_ == HubChoice::Jack) {
            return error;
        } else {
            std::fprintf(stderr, "switchyard: %s: PipeWire is the hub; JACK endpoints wait for a JACK server\n",
                         error.c_str());
            jack_.stop();
        }
    }
    if (hub_is_jack_ && jack_.rate() != model_.engine.rate) {
        // A running JACK server's own rate wins over the preset's.
        model_.engine.rate = jack_.rate();
        engine_.apply(model_);
    }
    aim_test_tone();

    // PipeWire's quantum is the bridges' writer or reader period: matching
    // JACK's keeps their fill (and the path's latency) small. As the hub,
    // PipeWire is asked for the preset's period. Started even with no
    // PipeWire endpoint yet when it is the hub, or when JACK is, so that
    // endpoints added later have a node to join.
    if (hub_is_jack_) {
        pipewire_.request_quantum(jack_.period(), jack_.rate());
    } else {
        pipewire_.request_quantum(model_.engine.period, model_.engine.rate);
    }
    const std::string error =
        pipewire_.start(model_.name, pipewire_endpoints(model_), &LiveSession::pipewire_cycle, this);
    if (!error.empty()) {
        if (!hub_is_jack_) return "no audio server: " + error;
        if (any_pipewire) std::fprintf(stderr, "switchyard: PipeWire: %s; PipeWire endpoints are silent\n", error.c_str());
    }
    if (hub_is_jack_ && pipewire_.running()) {
        // PipeWire's graph rate is known once its first cycles ran.
        for (int i = 0; i < 200 && pipewire_.rate() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        pipewire_rate_ = pipewire_.rate() > 0 ? pipewire_.rate() : 48000.0;
        pipewire_period_ = pipewire_.quantum() > 0 ? pipewire_.quantum() : 1024;
        update_crossings(model_);
    }
    started_ = true;
    engine_.set_audio_running(true);
    return {};
}

std::unique_ptr<LiveSession::Crossing> LiveSession::make_crossing(const graph::Endpoint& e) const {
    // control thread only
    auto c = std::make_unique<Crossing>();
    c->id = e.id;
    c->slot = engine_.endpoint_slot(e.id);
    c->channels = e.channels;
    c->input = e.kind == graph::EndpointKind::Input;
    c->quality = e.quality.value_or(graph::Quality::Medium);
    BridgeConfig config;
    config.channels = e.channels;
    config.writer_rate = c->input ? pipewire_rate_ : jack_.rate();
    config.reader_rate = c->input ? jack_.rate() : pipewire_rate_;
    config.writer_period = c->input ? pipewire_period_ : jack_.period();
    config.reader_period = c->input ? jack_.period() : pipewire_period_;
    config.lib = model_.engine.resampler.value_or(dsp::default_resampler_lib());
    config.quality = c->quality;
    c->bridge = std::make_unique<Bridge>(config);
    c->scratch.assign(static_cast<std::size_t>(e.channels) * kMaxFrames, 0.0f);
    for (int ch = 0; ch < e.channels; ++ch) {
        c->hub_side[static_cast<std::size_t>(ch)] = c->scratch.data() + static_cast<std::size_t>(ch) * kMaxFrames;
    }
    return c;
}

void LiveSession::update_crossings(const graph::Model& m) {
    // control thread only. A bridge whose endpoint stays keeps running; the
    // others go once neither audio thread can be in them.
    std::vector<std::unique_ptr<Crossing>> next;
    std::vector<std::unique_ptr<Crossing>> gone;
    for (auto& c : crossings_) {
        const graph::Endpoint* e = m.find(c->id);
        const bool stays = e && on_pipewire(*e) && e->channels == c->channels &&
                           (e->kind == graph::EndpointKind::Input) == c->input &&
                           e->quality.value_or(graph::Quality::Medium) == c->quality &&
                           engine_.endpoint_slot(c->id) == c->slot;
        (stays ? next : gone).push_back(std::move(c));
    }
    each_endpoint(m, [&](const graph::Endpoint& e, bool) {
        if (!on_pipewire(e)) return;
        const bool have = std::any_of(next.begin(), next.end(), [&](const auto& c) { return c->id == e.id; });
        if (!have) next.push_back(make_crossing(e));
    });
    crossings_ = std::move(next);
    publish_crossings();
    for (auto& c : gone) retired_crossings_.push_back(std::move(c));
    if (!retired_crossings_.empty()) wait_until_crossings_seen();
    free_retired_crossings();
}

void LiveSession::free_retired_crossings() {
    // control thread only. A crossing goes once neither audio thread can be
    // in it: both have loaded a set without it (or are stopped). Should one
    // be stuck, the crossing waits for a later poll().
    const RtHandoff<CrossingSet, 2>::Running running{jack_.running(), pipewire_.running()};
    if (crossing_set_.seen_by_all(running)) retired_crossings_.clear();
    crossing_set_.reclaim(running);
}

void LiveSession::publish_crossings() {
    // control thread only
    auto set = std::make_unique<CrossingSet>();
    for (auto& c : crossings_) set->rows.push_back({c->slot, c.get()});
    crossing_set_.publish(std::move(set));
}

void LiveSession::wait_until_crossings_seen() {
    // control thread only: sleeps a cycle or two of each server at most.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
    while (!crossing_set_.seen_by_all({jack_.running(), pipewire_.running()}) &&
           std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

std::string LiveSession::serve(const graph::Model& m) {
    // control thread only: the servers and bridges serve `m`'s endpoints.
    std::string error;
    if (hub_is_jack_) error = jack_.update(jack_endpoints(m));
    if (std::string e = pipewire_.update(pipewire_endpoints(m)); !e.empty() && error.empty()) error = e;
    if (hub_is_jack_ && pipewire_.running()) update_crossings(m);
    return error;
}

graph::Problems LiveSession::apply(const graph::Model& requested) {
    // control thread only
    graph::Model next = requested;
    if (started_) next.engine.rate = model_.engine.rate;
    if (graph::Problems problems = graph::validate(next); !problems.empty()) return problems;
    if (!started_) {
        if (graph::Problems problems = engine_.apply(next); !problems.empty()) return problems;
        model_ = std::move(next);
        return {};
    }
    const std::set<std::string> going = served_differently(model_, next);
    const std::set<std::string> coming = served_differently(next, model_);
    if (going.empty() && coming.empty()) {
        if (graph::Problems problems = engine_.apply(next); !problems.empty()) return problems;
        model_ = std::move(next);
        return {};
    }
    // What goes falls silent first, then lets go of its ports and bridges.
    if (!going.empty()) {
        engine_.apply(with_routes_muted(model_, going));
        engine_.settle();
        graph::Model kept = model_;
        for (auto* list : {&kept.inputs, &kept.outputs}) {
            std::erase_if(*list, [&](const graph::Endpoint& e) { return going.count(e.id) > 0; });
        }
        serve(kept);
    }
    // What comes gets its slot and its ports while its routes are silent,
    // and is heard once audio flows through them.
    if (graph::Problems problems = engine_.apply(with_routes_muted(next, coming)); !problems.empty()) {
        serve(model_);
        engine_.apply(model_);
        return problems;
    }
    model_ = std::move(next);
    const std::string error = serve(model_);
    if (!error.empty()) std::fprintf(stderr, "switchyard: %s\n", error.c_str());
    engine_.apply(model_);
    aim_test_tone();
    return {};
}

void LiveSession::jack_cycle(void* arg, int frames, IoTable& io, double now) {
    // audio thread only (JACK's process thread)
    auto* self = static_cast<LiveSession*>(arg);
    if (self->observer_) self->observer_(self->observer_user_, true);
    const auto acquired = self->crossing_set_.acquire(kJackReader);
    // A crossing that went leaves no pointer into its freed buffers behind.
    self->crossing_rows_.adopt(io, acquired.value, acquired.generation);
    const CrossingSet* set = frames <= kMaxFrames ? acquired.value : nullptr;
    if (set) {
        for (const auto& [slot, c] : set->rows) {
            auto& row = io.channel[static_cast<std::size_t>(slot)];
            for (int ch = 0; ch < c->channels; ++ch) row[static_cast<std::size_t>(ch)] = c->hub_side[static_cast<std::size_t>(ch)];
            if (c->input) c->bridge->read(c->hub_side.data(), frames, now);
        }
    }
    self->play_test_tone(io, frames);
    self->engine_.process(frames, io);
    if (set) {
        for (const auto& [slot, c] : set->rows) {
            if (!c->input) c->bridge->write(c->hub_side.data(), frames, now);
        }
    }
    if (self->observer_) self->observer_(self->observer_user_, false);
}

void LiveSession::pipewire_cycle(void* arg, int frames, const IoTable& io, double now) {
    // audio thread only (PipeWire's data thread)
    auto* self = static_cast<LiveSession*>(arg);
    if (self->observer_) self->observer_(self->observer_user_, true);
    self->pipewire_side_cycle(frames, io, now);
    if (self->observer_) self->observer_(self->observer_user_, false);
}

void LiveSession::pipewire_side_cycle(int frames, const IoTable& io, double now) {
    // audio thread only (PipeWire's data thread). Outputs nobody writes are
    // silent: PipewireNode clears their buffers before each cycle.
    if (!hub_is_jack_) {
        // The table is PipewireNode's own mutable memory; only the tone's
        // row, which no PipeWire port uses, is touched.
        play_test_tone(const_cast<IoTable&>(io), frames);
        engine_.process(frames, io);
        return;
    }
    const CrossingSet* set = frames <= kMaxFrames ? crossing_set_.acquire(kPipewireReader).value : nullptr;
    if (!set) return;
    for (const auto& [slot, c] : set->rows) {
        const auto& row = io.channel[static_cast<std::size_t>(slot)];
        for (int ch = 0; ch < c->channels; ++ch) {
            float* port = row[static_cast<std::size_t>(ch)];
            c->pipewire_side[static_cast<std::size_t>(ch)] = port ? port : c->input ? zeros_.data() : discard_.data();
        }
        if (c->input) {
            c->bridge->write(c->pipewire_side.data(), frames, now);
        } else {
            c->bridge->read(c->pipewire_side.data(), frames, now);
        }
    }
}

void LiveSession::poll() {
    // control thread only
    jack_.poll();
    engine_.reclaim();
    free_retired_crossings();
}

void LiveSession::stop() {
    // control thread only
    jack_.stop();
    pipewire_.stop();
    engine_.set_audio_running(false);
    crossing_set_.reclaim({false, false});
    retired_crossings_.clear();
    started_ = false;
}

} // namespace sy::router
