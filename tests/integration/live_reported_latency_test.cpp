// What Switchyard tells the servers about its latency, as other clients see
// it: the JACK latency ranges of its ports (jack_port_get_latency_range from
// another client, what `jack_lsp -l` prints) and the Latency params of its
// PipeWire node's ports (what `pw-dump` shows). Each must be the budget's
// own part of the paths through the port (bridges, resamplers), plus what
// the same server knows beyond the path's other end, within a frame.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <functional>
#include <iostream>
#include <string>

#include "jack_probe.hpp"
#include "live_faults_support.hpp"
#include "pw_dump.hpp"
#include "router/jack/side.hpp"
#include "router/session/live_session.hpp"
#include "test_servers.hpp"

namespace sy::test {
namespace {

using namespace std::chrono_literals;

class LiveReportedLatency : public ServersTest {};

// The budget's parts that are not a device's, for the path from -> to, in
// frames at the hub rate; -1 (and a failure) when there is no such path.
double own_part(const router::LiveSession& s, const std::string& from, const std::string& to) {
    for (const auto& b : s.budgets()) {
        if (b.hops.front() != from || b.hops.back() != to) continue;
        double own = 0.0;
        for (const auto& p : b.parts) {
            if (p.kind != "device") own += p.frames;
        }
        return own;
    }
    ADD_FAILURE() << "no path " << from << " -> " << to;
    return -1.0;
}

struct Range {
    double min = -1.0;
    double max = -1.0;
};

std::ostream& operator<<(std::ostream& out, const Range& r) { return out << "[ " << r.min << " " << r.max << " ]"; }

Range jack_range(const JackProbe& probe, const std::string& port, jack_latency_callback_mode_t mode) {
    const jack_latency_range_t r = probe.latency_of(port, mode);
    return {static_cast<double>(r.min), static_cast<double>(r.max)};
}

// The Latency param in `direction` ("Input": towards playback, "Output":
// from capture) of port `port` of node `node`, as pw-dump shows it, in
// frames at `rate` with a quantum of `quantum`; {-1, -1} when there is none.
Range pipewire_range(const std::string& node, const std::string& port, const std::string& direction, int rate,
                     int quantum) {
    const nlohmann::json dump = pw_dump();
    int node_id = -1;
    for (const auto& o : dump) {
        if (o.value("type", "") == "PipeWire:Interface:Node" && o.contains("info") && !o["info"].is_null() &&
            o["info"]["props"].value("node.name", "") == node)
            node_id = o.value("id", -1);
    }
    for (const auto& o : dump) {
        if (o.value("type", "") != "PipeWire:Interface:Port" || !o.contains("info") || o["info"].is_null()) continue;
        const auto& props = o["info"]["props"];
        if (props.value("node.id", -2) != node_id || props.value("port.name", "") != port) continue;
        const auto& params = o["info"]["params"];
        if (!params.contains("Latency")) return {};
        for (const auto& l : params["Latency"]) {
            if (l.value("direction", "") != direction) continue;
            auto frames = [&](const char* q, const char* r, const char* ns) {
                return l.value(q, 0.0) * quantum + l.value(r, 0.0) + l.value(ns, 0.0) * rate / 1e9;
            };
            return {frames("minQuantum", "minRate", "minNs"), frames("maxQuantum", "maxRate", "maxNs")};
        }
    }
    return {};
}

bool near(const Range& r, double expected) { return std::abs(r.min - expected) <= 1.0 && std::abs(r.max - expected) <= 1.0; }

// JACK send -> PipeWire loop (test-sink-a), and back from its monitor:
// whichever server is the hub, both paths cross a bridge.
graph::Model round_trip(const JackProbe& probe, const std::string& name) {
    return model_of(R"({ "switchyard": 1, "name": ")" + name + R"(",
      "inputs": [ { "id": "send", "channels": 2, "jack": { "connect": [")" + probe.port("out", 1) + R"(", ")" + probe.port("out", 2) + R"("] } },
                  { "id": "ret", "channels": 2, "pipewire": { "target": "test-sink-a" } } ],
      "outputs": [ { "id": "loop", "channels": 2, "pipewire": { "target": "test-sink-a" } },
                   { "id": "back", "channels": 2, "jack": { "connect": [")" + probe.port("in", 1) + R"(", ")" + probe.port("in", 2) + R"("] } } ],
      "routes": [ { "from": "send", "to": "loop" }, { "from": "ret", "to": "back" } ] })");
}

// Polls as `switchyard run` does until every port of the round trip reports
// its path's own part (or 5 s), then holds each to it; ret -> back's own part.
double expect_round_trip_reported(router::LiveSession& session, const JackProbe& probe) {
    const std::string client = session.model().name;
    const std::string node = session.pipewire().node_name();
    double send_own = 0, back_own = 0;
    Range send, back, loop, ret;
    auto look = [&] {
        send_own = own_part(session, "send", "loop");
        back_own = own_part(session, "ret", "back");
        const int rate = session.pipewire().rate();
        const int quantum = session.pipewire().quantum();
        send = jack_range(probe, client + ":send_L", JackPlaybackLatency);
        back = jack_range(probe, client + ":back_R", JackCaptureLatency);
        loop = pipewire_range(node, "loop_FL", "Output", rate, quantum);
        ret = pipewire_range(node, "ret_FR", "Input", rate, quantum);
        return send_own > 0 && back_own > 0 && near(send, send_own) && near(back, back_own) && near(loop, send_own) &&
               near(ret, back_own);
    };
    poll_until(session, look, 5s);
    std::cout << "[ figures  ] hub " << router::LiveSession::server_name(session.hub()) << ": own parts send -> loop "
              << send_own << ", ret -> back " << back_own << " frames; jack send playback " << send << ", back capture "
              << back << "; pipewire loop output " << loop << ", ret input " << ret << "\n";
    EXPECT_GT(send_own, 0) << "send -> loop crosses a bridge: " << session.status_line();
    EXPECT_TRUE(near(send, send_own)) << "JACK playback latency of " << client << ":send_L";
    EXPECT_TRUE(near(back, back_own)) << "JACK capture latency of " << client << ":back_R";
    EXPECT_TRUE(near(loop, send_own)) << "PipeWire output latency of " << node << ":loop_FL";
    EXPECT_TRUE(near(ret, back_own)) << "PipeWire input latency of " << node << ":ret_FR";
    return back_own;
}

TEST_F(LiveReportedLatency, OurPortsReportTheBridgesOnEachPath) {
    JackProbe probe("probe-report", 2, 440.0, 0.1);
    ASSERT_TRUE(probe.ok());
    const graph::Model model = round_trip(probe, "live-report");
    router::LiveSession session(model);
    ASSERT_EQ(session.start(), "");
    ASSERT_TRUE(session.jack_is_hub()) << session.status_line();
    expect_round_trip_reported(session, probe);

    // A new Plan without the path from send: its port has nothing of ours to
    // report, while ret -> back goes on reporting its own part. That part is
    // read again: a bridge's margin follows its measured lateness, and moves
    // most in the first seconds.
    graph::Model next = model;
    next.routes.erase(next.routes.begin());
    ASSERT_TRUE(session.apply(next).empty());
    const std::string send = model.name + ":send_L";
    double back_own = 0;
    Range back;
    poll_until(session, [&] {
        back_own = own_part(session, "ret", "back");
        back = jack_range(probe, model.name + ":back_R", JackCaptureLatency);
        return near(jack_range(probe, send, JackPlaybackLatency), 0.0) && near(back, back_own);
    }, 5s);
    EXPECT_TRUE(near(jack_range(probe, send, JackPlaybackLatency), 0.0))
        << "after the route went: " << jack_range(probe, send, JackPlaybackLatency);
    EXPECT_TRUE(near(back, back_own)) << "ret -> back: " << back << " against its own part " << back_own;
    session.stop();
}

TEST_F(LiveReportedLatency, WithPipewireAsTheHubTheJackPortsReportTheBridges) {
    JackProbe probe("probe-report-pw", 2, 440.0, 0.1);
    ASSERT_TRUE(probe.ok());
    router::LiveSession session(round_trip(probe, "live-report-pw"), router::HubChoice::Pipewire);
    ASSERT_EQ(session.start(), "");
    ASSERT_EQ(session.hub(), router::LiveSession::Server::Pipewire) << session.status_line();
    expect_round_trip_reported(session, probe);
    session.stop();
}

TEST_F(LiveReportedLatency, AJackPathPassesTheCaptureLatencyOn) {
    // system:capture (the dummy driver's 256 frames at period 256) -> desk
    // -> the probe: no bridge, so the desk reports what it hears from.
    JackProbe probe("probe-report-jack", 2, 440.0, 0.1);
    ASSERT_TRUE(probe.ok());
    router::LiveSession session(model_of(R"({ "switchyard": 1, "name": "live-report-jack",
      "inputs": [ { "id": "mic", "channels": 2, "jack": { "connect": ["system:capture_1", "system:capture_2"] } } ],
      "outputs": [ { "id": "desk", "channels": 2, "jack": { "connect": [")" + probe.port("in", 1) + R"(", ")" + probe.port("in", 2) + R"("] } } ],
      "routes": [ { "from": "mic", "to": "desk" } ] })"), router::HubChoice::Jack);
    ASSERT_EQ(session.start(), "");
    const Range captured = jack_range(probe, "system:capture_1", JackCaptureLatency);
    const std::string desk = session.model().name + ":desk_L";
    poll_until(session, [&] { return near(jack_range(probe, desk, JackCaptureLatency), captured.max); }, 5s);
    const Range got = jack_range(probe, desk, JackCaptureLatency);
    std::cout << "[ figures  ] system:capture_1 capture " << captured << ", " << desk << " capture " << got
              << ", own part " << own_part(session, "mic", "desk") << "\n";
    EXPECT_GT(captured.max, 0) << "the dummy driver reports its capture latency";
    EXPECT_TRUE(near(got, captured.max + own_part(session, "mic", "desk"))) << got;
    session.stop();
}

} // namespace
} // namespace sy::test
