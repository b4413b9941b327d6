// The session's control side: what each server serves (its endpoints, as
// JackSide and PipewireSide see them), start, poll and stop, and a model
// change while audio runs (what goes falls silent first, what comes joins
// silent). The audio side is in live_session_audio.cpp, the servers and
// engines in live_session_servers.cpp, the reports in live_session_report.cpp.
#include "router/session/live_session.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <set>

#include "dsp/resampler.hpp"
#include "fx/insert_check.hpp"
#include "graph/signature.hpp"
#include "graph/validate.hpp"
#include "router/engine/endpoint_alike.hpp"
#include "router/engine/wait_until.hpp"
#include "router/jack/side.hpp"
#include "router/session/live_endpoints.hpp"

namespace sy::router {

namespace {

// Ids of `from`'s inputs and outputs that `to` lacks or serves differently.
std::set<std::string> served_differently(const graph::Model& from, const graph::Model& to) {
    std::set<std::string> ids;
    each_endpoint(from, [&](const graph::Endpoint& e, bool) {
        const graph::Endpoint* other = to.find(e.id);
        if (!other || !served_alike(e, *other)) ids.insert(e.id);
    });
    return ids;
}

// Whether a JACK endpoint of `from` connects elsewhere in `to`.
bool connections_moved(const graph::Model& from, const graph::Model& to) {
    bool moved = false;
    each_endpoint(from, [&](const graph::Endpoint& e, bool) {
        const graph::Endpoint* other = to.find(e.id);
        if (e.jack && other && other->jack && e.jack->connect != other->jack->connect) moved = true;
    });
    return moved;
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
    : model_(std::move(model)), choice_(hub),
      one_domain_(hub != HubChoice::Jack && JackSide::library_is_pipewire()),
      engines_{std::make_unique<Engine>(EngineOptions{kMaxFrames, 5.0}), std::make_unique<Engine>(EngineOptions{kMaxFrames, 5.0})},
      jack_(std::make_unique<JackSide>()), zeros_(kMaxFrames, 0.0f) {}

LiveSession::~LiveSession() { stop(); }

std::vector<JackEndpoint> LiveSession::jack_endpoints(const graph::Model& m) const {
    std::vector<JackEndpoint> list;
    each_endpoint(m, [&](const graph::Endpoint& e, bool input) {
        if (served_by_jack(e)) list.push_back({e.id, input, e.channels, engines_[index(Server::Jack)]->endpoint_slot(e.id), e.jack->connect});
    });
    return list;
}

std::vector<PipewireEndpoint> LiveSession::pipewire_endpoints(const graph::Model& m) const {
    std::vector<PipewireEndpoint> list;
    each_endpoint(m, [&](const graph::Endpoint& e, bool input) {
        if (!served_by_pipewire(e)) return;
        const int slot = engines_[index(Server::Pipewire)]->endpoint_slot(e.id);
        if (e.pipewire) {
            list.push_back({e.id, input, e.channels, slot, *e.pipewire});
        } else {
            list.push_back({e.id, input, e.channels, slot, {}, true, e.jack->connect});
        }
    });
    return list;
}

bool LiveSession::jack_wanted(const graph::Model& m) const {
    if (choice_ == HubChoice::Jack) return true;
    bool any = false;
    each_endpoint(m, [&](const graph::Endpoint& e, bool) { any |= served_by_jack(e); });
    return any;
}

std::string LiveSession::start() {
    // control thread only. No callback runs an engine until it is seated
    // (observe_servers()): a JACK client activated here, or a PipeWire node,
    // cycles with no Plan and no crossings meanwhile.
    if (auto problems = apply_engines(model_); !problems.empty()) {
        return "preset: " + problems.front().field + ": " + problems.front().message;
    }
    if (jack_wanted(model_)) {
        const std::string error = jack_->start(model_.name, jack_endpoints(model_), &LiveSession::jack_cycle, this);
        if (!error.empty() && choice_ == HubChoice::Jack) {
            jack_->stop();
            return error;
        }
        // JackSide keeps the wish: poll() opens the client when a server appears.
        if (!error.empty())
            std::fprintf(stderr, "switchyard: %s: JACK endpoints wait for a JACK server\n", error.c_str());
    }
    // PipeWire's quantum is the bridges' writer or reader period: matching
    // JACK's keeps their fill (and the path's latency) small. As the hub,
    // PipeWire is asked for the preset's period. Started even with no
    // PipeWire endpoint yet, so that endpoints added later have a node to join.
    const bool jack_hub = choice_ != HubChoice::Pipewire && jack_->running();
    if (jack_hub) {
        pipewire_.request_quantum(jack_->period(), jack_->rate());
    } else {
        pipewire_.request_quantum(model_.engine.period, model_.engine.rate);
    }
    const std::string error =
        pipewire_.start(model_.name, pipewire_endpoints(model_), &LiveSession::pipewire_cycle, this);
    if (!error.empty()) {
        if (!jack_hub) {
            jack_->stop();
            return "no audio server: " + error;
        }
        bool any_pipewire = false;
        each_endpoint(model_, [&](const graph::Endpoint& e, bool) { any_pipewire |= served_by_pipewire(e); });
        if (any_pipewire) std::fprintf(stderr, "switchyard: PipeWire: %s; PipeWire endpoints wait for it\n", error.c_str());
        pipewire_.keep_trying();
    }
    if (jack_hub && pipewire_.running()) {
        // PipeWire's graph rate is known once its first cycles ran: the
        // crossings are built for it right away rather than a poll later.
        wait_until(std::chrono::seconds(2), std::chrono::milliseconds(10), [&] { return pipewire_.rate() != 0; });
    }
    started_ = true;
    observe_servers();
    report_latency();
    return {};
}

std::string LiveSession::serve(const graph::Model& m) {
    // control thread only: the servers and bridges serve `m`'s endpoints.
    std::string error;
    if (jack_wanted(m) && !jack_->wanted()) {
        // The first JACK endpoint of a session that had none: from now on a
        // JACK server is looked for, and joins through bridges when found.
        if (std::string e = jack_->start(m.name, jack_endpoints(m), &LiveSession::jack_cycle, this); !e.empty())
            std::fprintf(stderr, "switchyard: %s: JACK endpoints wait for a JACK server\n", e.c_str());
    } else if (jack_->wanted()) {
        error = jack_->update(jack_endpoints(m));
    }
    if (std::string e = pipewire_.update(pipewire_endpoints(m)); !e.empty() && error.empty()) error = e;
    update_crossings(m);
    return error;
}

graph::Problems LiveSession::apply(const graph::Model& requested) {
    // control thread only
    graph::Model next = requested;
    if (started_) next.engine.rate = model_.engine.rate;
    if (graph::Problems problems = graph::validate(next); !problems.empty()) return problems;
    // Inserts are checked on the whole model, so that problems carry its
    // field paths rather than those of an engine's part.
    if (graph::Problems problems = fx::check_inserts(next); !problems.empty()) return problems;
    if (!started_) {
        if (graph::Problems problems = apply_engines(next); !problems.empty()) return problems;
        model_ = std::move(next);
        return {};
    }
    const std::set<std::string> going = served_differently(model_, next);
    const std::set<std::string> coming = served_differently(next, model_);
    if (going.empty() && coming.empty()) {
        if (graph::Problems problems = apply_engines(next); !problems.empty()) return problems;
        const bool moved = connections_moved(model_, next);
        // New paths may change what our ports report; a fader move cannot.
        const bool new_paths = !graph::same_topology(model_, next);
        model_ = std::move(next);
        // Every endpoint keeps its ports; a JACK endpoint's connections
        // change in place. Only then are the servers asked: a gain change
        // must not wait for a JACK cycle.
        if (moved) {
            if (const std::string error = serve(model_); !error.empty()) std::fprintf(stderr, "switchyard: %s\n", error.c_str());
        }
        if (new_paths) report_latency();
        return {};
    }
    // What goes falls silent first, then lets go of its ports and bridges.
    if (!going.empty()) {
        apply_engines(with_routes_muted(model_, going));
        settle_engines();
        graph::Model kept = model_;
        for (auto* list : {&kept.inputs, &kept.outputs}) {
            std::erase_if(*list, [&](const graph::Endpoint& e) { return going.count(e.id) > 0; });
        }
        serve(kept);
    }
    // What comes gets its slot and its ports while its routes are silent,
    // and is heard once audio flows through them.
    if (graph::Problems problems = apply_engines(with_routes_muted(next, coming)); !problems.empty()) {
        serve(model_);
        apply_engines(model_);
        return problems;
    }
    model_ = std::move(next);
    const std::string error = serve(model_);
    if (!error.empty()) std::fprintf(stderr, "switchyard: %s\n", error.c_str());
    apply_engines(model_);
    aim_test_tone();
    report_latency();
    return {};
}

void LiveSession::poll() {
    // control thread only. The backends retry lost servers; the links turn
    // what they see into transitions, and each rebuilds what depends on it.
    jack_->poll();
    pipewire_.poll();
    observe_servers();
    for (auto& e : engines_) {
        e->reclaim();
        e->loudness().drain();
    }
    free_retired_crossings();
    report_latency();
}

void LiveSession::stop() {
    // control thread only
    for (auto& seated : seated_) seated.store(false, std::memory_order_seq_cst);
    hub_server_ = Server::None;
    jack_->stop();
    pipewire_.stop();
    for (auto& e : engines_) e->set_audio_running(false);
    seated_rate_ = {};
    crossing_set_.reclaim({false, false});
    crossings_.clear();
    started_ = false;
}

std::vector<LiveSession::Event> LiveSession::take_events() {
    // control thread only
    std::vector<Event> out;
    out.swap(events_);
    return out;
}

} // namespace sy::router
