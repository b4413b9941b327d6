// What the fault suite's tests share (live_faults_test.cpp,
// live_size_changes_test.cpp): a session polled as `switchyard run` polls
// it, its tone heard on a sink, and the servers put back as they were.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "graph/model.hpp"
#include "router/jack/side.hpp"
#include "router/session/live_session.hpp"
#include "stall_watch.hpp"
#include "test_servers.hpp"

namespace sy::test {

using namespace std::chrono_literals;
using Server = router::LiveSession::Server;

class LiveFaults : public ServersTest {};

graph::Model model_of(const std::string& text);

// Polls the session as `switchyard run` does (every 50 ms) until done() holds
// or limit passes; the seconds it took, or -1.
double poll_until(router::LiveSession& s, const std::function<bool()>& done, std::chrono::milliseconds limit);
void poll_for(router::LiveSession& s, std::chrono::milliseconds how_long);

// The longest run of samples quieter than -40 dBFS, in frames: a gap in a
// tone (a sine at 0.25 is that quiet for about one sample per crossing).
std::size_t longest_silence(std::span<const float> x);

// What a sink recording heard: its length, and its longest gap (as
// longest_silence()) after the recorder's first quarter second.
struct RecordedGap {
    std::size_t frames = 0;
    int rate = 0;
    std::size_t gap = 0;
};
// Stops `recorder` (start_recording() of a sink into `wav`) and measures it.
RecordedGap stop_and_measure(BackgroundProcess& recorder, const std::string& wav);

// Cycles either server ran without the session: an xrun, or PipeWire
// scheduling the graph without our node; a take during one is taken again.
inline auto session_misses(const router::LiveSession& s) {
    return [&s] { return s.jack().xruns() + s.pipewire().missed_cycles(); };
}

// Polls until the session's bridges have locked; the seconds it took, or
// -1. A bridge locks after a stretch with no lost cycle, and a host that
// stalls every few hundred milliseconds may give it none for a while (seen:
// 22 xruns and 32 missed cycles in 10 s, every bridge still locking): the
// wait ends 10 s after the last witnessed stall or missed cycle, or after
// kTakeBudget in all.
double until_locked(const StallWatch& watch, router::LiveSession& session);

// How soon the bridges locked again after an event at `since` (a server
// back, a sink back): `after_event` counts from `since`, `after_quiet` from
// the later of `since` and the last lost cycle or witnessed stall while
// waiting, since either starts a bridge's clean stretch again. Both are -1
// when the bridges have not all locked within 10 s of the call.
struct Relock {
    double after_event = -1.0;
    double after_quiet = -1.0;
};
Relock until_relocked(const StallWatch& watch, router::LiveSession& session, std::chrono::steady_clock::time_point since);

// The session's 997 Hz tone at -12 dB heard on JACK output port `port`
// (connected to a probe for the take) at `amplitude`; takes as expect_tone_on().
void expect_tone_on_jack(const StallWatch& watch, router::LiveSession& session, const std::string& port,
                         const std::string& why, double amplitude);

// Before a take again: the bridges locked once more (see take_clean()).
inline auto bridges_settle(router::LiveSession& s) {
    return [&s] { poll_until(s, [&s] { return s.bridges_locked(); }, 10s); };
}

// The 997 Hz tone the session plays at -12 dB is heard on `sink` at
// `amplitude` (0.2512 when no gain is on its way); a take during a witnessed
// host stall or a missed cycle is taken again (stall_watch.hpp).
void expect_tone_on(const StallWatch& watch, router::LiveSession& session, const std::string& sink,
                    const std::string& why, const std::string& status = {}, double amplitude = 0.2512);

class JackProbe;

// 1.5 s of the clicks `probe` sends and what it got back, taken while the
// session is polled, once its bridges have locked; a take during a
// witnessed stall or a lost cycle is taken again (a bridge that resyncs
// mid-take moves the clicks: correlation 0.28 was seen), after the bridges
// locked again.
struct Clicks {
    std::vector<float> sent;
    std::vector<float> got;
};
Clicks take_clicks(const StallWatch& watch, router::LiveSession& session, JackProbe& probe);

// The session's tone on a JACK input, heard on test-sink-a through one bridge.
graph::Model tone_to_sink_a(const std::string& name);

// Starts `session` with its tone on "synth" and JACK as the hub, polls until
// its bridge has locked (as until_locked() waits: one run, right after the
// one-minute soak, saw none lock within a plain 10 s; the status, which
// says why, is printed when that happens now), and drops the events of
// the start.
void start_until_bridged(const StallWatch& watch, router::LiveSession& session);

// Recalls the session's own preset with route `route` at `gain_db`, as a
// user's recall while a fault is under way; a failure names `when`.
void recall_route_gain(router::LiveSession& session, std::size_t route, double gain_db, const std::string& when);

// Crossing rebuilds for new sizes since the last events were taken.
int resized_events(router::LiveSession& session);

// Puts PipeWire's graph rate back when a test that forced it ends: with the
// force lifted the graph keeps the rate it has, so back to `rate` first,
// then no force.
struct RateBack {
    int rate;
    ~RateBack();
};

// Makes sure the shared JACK server runs again when a test that stopped it ends.
struct JackBack {
    ~JackBack();
};

} // namespace sy::test
