// What follows the servers: their transitions, the choice of the hub, the
// homes of endpoints, and each engine's model and seat in its server's
// callback.
#include <chrono>
#include <cstdio>

#include "router/engine/wait_until.hpp"
#include "router/session/live_endpoints.hpp"
#include "router/session/live_session.hpp"

#include "router/jack/side.hpp"

namespace sy::router {

const char* LiveSession::server_name(Server s) {
    switch (s) {
    case Server::Jack: return "jack";
    case Server::Pipewire: return "pipewire";
    case Server::None: break;
    }
    return "none";
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
    }
    // A server that came, went or runs at a new rate (PipeWire's graph
    // forced or renegotiated, JACK's sample-rate callback) has its engine
    // seated again; the model's rate is the hub's (a running server's rate
    // wins over the preset's).
    const bool jack_reseated = seat(Server::Jack);
    const bool pipewire_reseated = seat(Server::Pipewire);
    if (changed || jack_reseated || pipewire_reseated) {
        if (const int rate = server_rate(hub_server_); rate > 0) model_.engine.rate = rate;
        rehome();
    }
    if (changed) {
        update_crossings(model_, true);
        return;
    }
    if (crossable() && sizes_now() != built_for_) {
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
    // The hub stays while its server does: a move re-homes what it homed.
    if (hub_server_ == Server::Jack && jack_ok) return Server::Jack;
    if (hub_server_ == Server::Pipewire && pipewire_ok) return Server::Pipewire;
    // JACK first, as at start: it is there for its low latency.
    if (jack_ok) return Server::Jack;
    if (pipewire_ok) return Server::Pipewire;
    return Server::None;
}

int LiveSession::server_rate(Server s) const {
    // A server's rate once it is connected and says one.
    if (s == Server::Jack) return jack_link_.connected() ? jack_->rate() : 0;
    if (s == Server::Pipewire) return pipewire_link_.connected() ? pipewire_.rate() : 0;
    return 0;
}

void LiveSession::move_hub(Server next) {
    // control thread only. The engines and the model's rate follow in
    // observe_servers().
    const Server prev = hub_server_;
    hub_server_ = next;
    note("hub", server_name(next), prev == Server::None ? "" : std::string("was ") + server_name(prev));
}

graph::Domain LiveSession::home_of(const graph::Endpoint& e) const {
    // Its own server while that is connected; else (away, or a plain
    // endpoint) the hub's, so a tone or a route still plays where audio runs.
    if (served_by_jack(e) && jack_link_.connected()) return graph::Domain::Jack;
    if (served_by_pipewire(e) && pipewire_link_.connected()) return graph::Domain::Pipewire;
    if (hub_server_ == Server::Jack) return graph::Domain::Jack;
    if (hub_server_ == Server::Pipewire) return graph::Domain::Pipewire;
    return served_by_jack(e) ? graph::Domain::Jack : graph::Domain::Pipewire;
}

std::array<graph::Model, 2> LiveSession::engine_models(const graph::Model& m) const {
    // control thread only
    graph::DomainSplit split = graph::split_by_domain(m, [this](const graph::Endpoint& e) { return home_of(e); });
    std::array<graph::Model, 2> parts{std::move(split.jack), std::move(split.pipewire)};
    for (Server s : {Server::Jack, Server::Pipewire}) {
        graph::Model& part = parts[index(s)];
        // Every input and output a server serves has a slot in its engine,
        // whether or not a path runs there now: its ports fill that row, a
        // crossing reads an input from it, and its meters run there.
        // And every input at home here: a crossing out of here reads it.
        auto serves = [&](const graph::Endpoint& e) {
            return (s == Server::Jack ? served_by_jack(e) : served_by_pipewire(e)) || server_of(home_of(e)) == s;
        };
        for (const auto& e : m.inputs) {
            if (serves(e) && !part.find(e.id)) part.inputs.push_back(e);
        }
        for (const auto& e : m.outputs) {
            if (serves(e) && !part.find(e.id)) part.outputs.push_back(e);
        }
        if (const int rate = seated_rate_[index(s)]; rate > 0) part.engine.rate = rate;
    }
    return parts;
}

graph::Problems LiveSession::apply_engines(const graph::Model& m) {
    // control thread only. Both parts of a valid model are valid; a problem
    // in one (no room for its slots) leaves the other unchanged too.
    std::array<graph::Model, 2> parts = engine_models(m);
    for (std::size_t i = 0; i < 2; ++i) {
        if (graph::Problems problems = engines_[i]->apply(parts[i]); !problems.empty()) {
            if (i == 1) engines_[0]->apply(engine_models(model_)[0]);
            return problems;
        }
    }
    for (const auto& e : m.inputs) homes_[e.id] = home_of(e);
    for (const auto& e : m.outputs) homes_[e.id] = home_of(e);
    return {};
}

void LiveSession::settle_engines() {
    for (auto& e : engines_) e->settle();
}

bool LiveSession::seat(Server s) {
    // control thread only. Exactly one thread runs each Plan: an engine runs
    // only in its own server's callback, unseated while its rate changes
    // (then no thread runs it, so it changes with no fades) and while its
    // server is away. A lost server's thread is gone, so the wait is a
    // cycle at most.
    const std::size_t i = index(s);
    const int rate = server_rate(s);
    if (seated_[i] == (rate > 0) && (rate <= 0 || rate == seated_rate_[i])) return false;
    seated_[i].store(false, std::memory_order_seq_cst);
    wait_until(std::chrono::milliseconds(500), std::chrono::microseconds(200),
               [&] { return !in_cycle_[static_cast<std::size_t>(s)].load(std::memory_order_seq_cst); });
    engines_[i]->set_audio_running(false);
    if (rate <= 0) return true;
    if (rate != seated_rate_[i]) {
        seated_rate_[i] = rate;
        engines_[i]->apply(engine_models(model_)[i]);
        note(server_name(s), "rate", std::to_string(rate) + " Hz");
    }
    engines_[i]->set_audio_running(true);
    seated_[i].store(true, std::memory_order_seq_cst);
    aim_test_tone();
    return true;
}

void LiveSession::rehome() {
    // control thread only. After a server came or went (or the hub moved):
    // endpoints whose home changed move between the engines, each engine
    // fading what leaves it and what joins it.
    bool moved = false;
    each_endpoint(model_, [&](const graph::Endpoint& e, bool) {
        const auto it = homes_.find(e.id);
        moved |= it == homes_.end() || it->second != home_of(e);
    });
    if (!moved) return;
    if (graph::Problems problems = apply_engines(model_); !problems.empty()) {
        std::fprintf(stderr, "switchyard: engines: %s: %s\n", problems.front().field.c_str(), problems.front().message.c_str());
    }
    aim_test_tone();
}

} // namespace sy::router
