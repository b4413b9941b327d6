// What the session tells both servers about its own latency: from the
// budget of every path, our own part (live_session_report.cpp says what
// that holds), counted in each server's frames. The servers add what lies
// beyond on their own graphs: JACK through our latency callback, PipeWire
// through our ports' Latency params.
#include "router/session/live_session.hpp"

#include "graph/reported_latency.hpp"
#include "router/jack/side.hpp"

namespace sy::router {

void LiveSession::report_latency() {
    // control thread only. Cheap when nothing changed: each side compares
    // with what it reported and tells its server only of a change.
    const double hub = model_.engine.rate;
    if (hub <= 0) return;
    const std::vector<graph::PathBudget> paths = budgets();
    if (jack_->running()) jack_->report_latency(graph::endpoint_latencies(paths, jack_->rate() / hub));
    const double pipewire_rate = pipewire_.rate() > 0 ? pipewire_.rate() : hub;
    pipewire_.report_latency(graph::endpoint_latencies(paths, pipewire_rate / hub));
}

} // namespace sy::router
