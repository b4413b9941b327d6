// A minute of continuous run at the test server's period (256) with 11 paths,
// four of them into the 44.1 kHz sink: zero xruns, zero bridge under/overruns
// once the bridges have locked and measured their writers for a minute, but
// for those at a moment the machine itself stalled (see stall_watch.hpp) or
// that follow a server's missed cycle; server misses no more than the bare
// servers had in a reference window before the engine. Other periods are
// measured, not asserted, by bench/live_figures.sh.
//
// Why a minute of measuring first: a margin comes from the writer's lateness
// over the last minute (router/bridge/bridge_margin.hpp), and a bridge that
// has locked after 4 s has seen a few hundred landings, not the one in ten
// thousand that a minute holds. A landing later than any it has seen can run
// it dry once, by design (the margin then grows at once). In the whole suite
// on this VM two soaks in five that counted from the lock did (and the
// simulator's vm profile, a busier host, does so in most first minutes:
// bench/bridge_sim_figures); what the design promises, and the issue's
// targets ask, is none after that first minute. The first minute's dropouts
// are printed with the rest.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "jack_probe.hpp"
#include "presets/preset_reader.hpp"
#include "router/jack/side.hpp"
#include "router/session/live_session.hpp"
#include "stall_watch.hpp"
#include "test_servers.hpp"

namespace sy::test {
namespace {

using namespace std::chrono_literals;

class LiveSoak : public ServersTest {};

double seconds_from(const char* name, double otherwise) {
    const char* s = std::getenv(name);
    return s ? std::atof(s) : otherwise;
}
double soak_seconds() { return seconds_from("SY_SOAK_SECONDS", 60.0); }
// How long the servers are watched with only the probe on them first.
double reference_seconds() { return seconds_from("SY_SOAK_REFERENCE_SECONDS", 20.0); }
// How long the locked bridges measure their writers before the soak counts.
double learn_seconds() { return seconds_from("SY_SOAK_LEARN_SECONDS", 60.0); }

// Three inputs through a bus to three outputs, plus daw -> back and
// desktop -> b: 11 paths, on both servers.
presets::ReadResult soak_preset(const JackProbe& probe) {
    return presets::parse_preset(R"({ "switchyard": 1, "name": "live-soak", )" + engine_latency_member() + R"(
      "inputs": [ { "id": "daw", "channels": 2, "jack": { "connect": [")" + probe.port("out", 1) + R"(", ")" + probe.port("out", 2) + R"("] } },
                  { "id": "mic", "channels": 1, "jack": { "connect": [")" + probe.port("out", 1) + R"("] } },
                  { "id": "desktop", "channels": 2, "pipewire": { "virtual": "sink", "description": "Soak Desktop" } } ],
      "buses": [ { "id": "mix", "channels": 2 } ],
      "outputs": [ { "id": "a", "channels": 2, "pipewire": { "target": "test-sink-a" } },
                   { "id": "b", "channels": 2, "pipewire": { "target": "test-sink-b" } },
                   { "id": "stream", "channels": 2, "pipewire": { "virtual": "source", "description": "Soak Stream" } },
                   { "id": "back", "channels": 2, "jack": { "connect": [")" + probe.port("in", 1) + R"(", ")" + probe.port("in", 2) + R"("] } } ],
      "routes": [ { "from": "daw", "to": "mix" }, { "from": "mic", "to": "mix" }, { "from": "desktop", "to": "mix" },
                  { "from": "mix", "to": "a" }, { "from": "mix", "to": "b" }, { "from": "mix", "to": "stream" },
                  { "from": "daw", "to": "back" }, { "from": "desktop", "to": "b" } ] })");
}

// Every xrun, missed PipeWire cycle and bridge under/overrun, with when it
// was seen, for a failure to be read and for telling ours from the host's.
struct SoakVerdict {
    std::string when;              // every event, with what explains it
    std::size_t server_misses = 0; // xruns and missed PipeWire cycles the host does not explain
    std::size_t bridge_own = 0;    // dropouts nothing explains
};

class SoakEvents {
public:
    explicit SoakEvents(router::LiveSession& session)
        : seen_xruns_(session.jack().xruns()), seen_missed_(session.pipewire().missed_cycles()),
          start_(std::chrono::steady_clock::now()) {
        for (const auto& r : session.bridge_reports()) seen_bridges_[r.id] = r.stats;
    }

    // How each bridge's margin and its writer's lateness moved: a line each
    // time the largest lateness rose or the margin moved by 0.05 ms, for a
    // dropout to be read against what came before it.
    const std::string& timeline() const { return timeline_; }

    // Polls the session every 100 ms until `until`; the worst JACK DSP load.
    float run(router::LiveSession& session, std::chrono::steady_clock::time_point until) {
        float worst_load = 0;
        while (std::chrono::steady_clock::now() < until) {
            std::this_thread::sleep_for(100ms);
            session.poll();
            worst_load = std::max(worst_load, session.jack().dsp_load());
            look(session, std::chrono::steady_clock::now());
        }
        return worst_load;
    }

    // An event within a poll (and a margin) of a stall of the witness is the
    // host's. A bridge dropout within that of a server's missed cycle (an
    // xrun, a PipeWire cycle run without us) follows from it: a cycle that
    // did not run wrote or read nothing. What is left is the bridges' own.
    SoakVerdict judge(const StallWatch& watch, std::chrono::steady_clock::time_point start) const {
        SoakVerdict v;
        for (const auto& e : events_) {
            const bool host = watch.stalled_near(e.at, 250ms);
            const bool server = e.what == "xrun" || e.what == "pipewire-missed";
            const bool after_miss = !server && (near(e, "xrun") || near(e, "pipewire-missed"));
            if (server && !host) ++v.server_misses;
            if (!server && !host && !after_miss) ++v.bridge_own;
            v.when += " " + e.what + "@" + std::to_string(std::chrono::duration<double>(e.at - start).count()).substr(0, 4) +
                      (host ? "(host stalled)" : after_miss ? "(after a missed cycle)" : "");
        }
        return v;
    }

private:
    struct Event {
        std::string what;
        std::chrono::steady_clock::time_point at;
    };

    void look(router::LiveSession& session, std::chrono::steady_clock::time_point now) {
        if (session.jack().xruns() != seen_xruns_) {
            seen_xruns_ = session.jack().xruns();
            events_.push_back({"xrun", now});
        }
        if (session.pipewire().missed_cycles() != seen_missed_) {
            seen_missed_ = session.pipewire().missed_cycles();
            events_.push_back({"pipewire-missed", now});
        }
        for (const auto& r : session.bridge_reports()) {
            auto& before = seen_bridges_[r.id];
            if (r.stats.underruns != before.underruns) events_.push_back({r.id + ":under", now});
            if (r.stats.overruns != before.overruns) events_.push_back({r.id + ":over", now});
            note_margin(r, before, now);
            before = r.stats;
        }
    }

    void note_margin(const router::LiveSession::BridgeReport& r, const router::BridgeStats& before,
                     std::chrono::steady_clock::time_point now) {
        const double moved = std::abs(r.stats.margin_seconds - noted_margin_[r.id]);
        if (r.stats.max_lateness_seconds <= before.max_lateness_seconds && moved < 0.05e-3) return;
        noted_margin_[r.id] = r.stats.margin_seconds;
        char line[160];
        std::snprintf(line, sizeof line, "\n  %5.1f s %s: margin %.2f ms, p99.9 %.2f, max %.2f",
                      std::chrono::duration<double>(now - start_).count(), r.id.c_str(), r.stats.margin_seconds * 1e3,
                      r.stats.lateness_seconds * 1e3, r.stats.max_lateness_seconds * 1e3);
        timeline_ += line;
    }

    bool near(const Event& e, const char* what) const {
        return std::any_of(events_.begin(), events_.end(), [&](const Event& o) {
            return o.what == what && o.at > e.at - 250ms && o.at < e.at + 250ms;
        });
    }

    std::vector<Event> events_;
    std::uint64_t seen_xruns_ = 0;
    std::uint64_t seen_missed_ = 0;
    std::map<std::string, router::BridgeStats> seen_bridges_;
    std::map<std::string, double> noted_margin_;
    std::chrono::steady_clock::time_point start_;
    std::string timeline_;
};

// Each bridge's margin and the lateness it came from, for a dropout to be
// read against.
std::string margins_text(const router::LiveSession& session) {
    std::string margins;
    for (const auto& r : session.bridge_reports()) {
        char line[160];
        std::snprintf(line, sizeof line, " %s %.2f ms (p99.9 %.2f, max %.2f, extra %.2f)", r.id.c_str(),
                      r.stats.margin_seconds * 1e3, r.stats.lateness_seconds * 1e3, r.stats.max_lateness_seconds * 1e3,
                      r.stats.extra_seconds * 1e3);
        margins += line;
    }
    return margins;
}

TEST_F(LiveSoak, AMinuteAtPeriod256WithElevenPathsHasNoXrunsOrDropouts) {
    JackProbe probe("probe-soak", 2, 440.0, 0.2);
    ASSERT_TRUE(probe.ok());
    const auto read = soak_preset(probe);
    ASSERT_TRUE(read.model) << read.problems.front().message;

    StallWatch watch;
    // The machine as it is, before Switchyard: how often does JACK xrun with
    // only the probe on it (a shared VM: up to 2 a minute were seen)?
    const std::uint64_t bare0 = probe.xruns();
    std::this_thread::sleep_for(std::chrono::duration<double>(reference_seconds()));
    const std::uint64_t bare = probe.xruns() - bare0;
    const std::size_t stalls_before = watch.stalls();

    router::LiveSession session(*read.model);
    ASSERT_EQ(session.start(), "");
    ASSERT_TRUE(session.jack_is_hub());
    const auto paths = session.budgets().size();
    EXPECT_EQ(paths, 11u) << "3 inputs through the bus to 3 outputs, plus daw -> back and desktop -> b";

    // Lock first (the bridges need about 4 s), then count only what happens after.
    const auto lock_deadline = std::chrono::steady_clock::now() + 15s;
    while (!session.bridges_locked() && std::chrono::steady_clock::now() < lock_deadline) {
        std::this_thread::sleep_for(100ms);
        session.poll();
    }
    ASSERT_TRUE(session.bridges_locked()) << "the bridges did not lock within 15 s";
    SoakEvents learning(session);
    const auto learn_start = std::chrono::steady_clock::now();
    learning.run(session, learn_start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                            std::chrono::duration<double>(learn_seconds())));
    const std::string learnt = learning.judge(watch, learn_start).when;
    const std::uint64_t xruns0 = session.jack().xruns();
    const std::uint64_t under0 = session.bridge_underruns();
    const std::uint64_t over0 = session.bridge_overruns();
    SoakEvents soak(session);
    const auto start = std::chrono::steady_clock::now();
    const auto soak_for = std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(soak_seconds()));
    const float worst_load = soak.run(session, start + soak_for);
    const SoakVerdict verdict = soak.judge(watch, start);
    const std::string& when = verdict.when;
    const std::size_t server_misses = verdict.server_misses;
    const std::size_t bridge_own = verdict.bridge_own;
    const std::uint64_t xruns = session.jack().xruns() - xruns0;
    const std::uint64_t under = session.bridge_underruns() - under0;
    const std::uint64_t over = session.bridge_overruns() - over0;
    const float load = session.jack().dsp_load();
    const std::string margins = margins_text(session);
    session.stop();

    std::cout << "[ figures  ] " << soak_seconds() << " s at " << session.model().engine.rate << " Hz / period "
              << session.jack().period() << ", " << paths << " paths: xruns " << xruns << ", bridge underruns " << under
              << ", overruns " << over << ", JACK DSP load " << load << "% (worst " << worst_load << "%)"
              << "; before Switchyard, the probe alone: " << bare << " xruns in "
              << reference_seconds() << " s, host stalls " << stalls_before << "; during the soak host stalls "
              << watch.stalls() - stalls_before << " (worst " << watch.worst_us() << " us late)"
              << "; bridge margins" << margins << (when.empty() ? "" : "; seen (s into the soak):" + when)
              << "\n[ learning ] " << learn_seconds() << " s measuring first, seen (s into it):"
              << (learnt.empty() ? " nothing" : learnt) << learning.timeline()
              << "\n[ timeline ] margins and lateness as they moved in the soak:" << soak.timeline() << "\n";
    // No bridge may run dry or over on its own: zero, strictly. Server
    // misses (xruns, PipeWire cycles without us) the host's stalls do not
    // explain may not outnumber what the bare servers did before Switchyard
    // came, scaled to the soak's length, by more than 3: an engine whose
    // callback overran now and then would. Its callback neither allocates nor
    // locks (LiveRealTime proves it), and with a quiet host all are zero.
    const double expected = static_cast<double>(bare) * soak_seconds() / std::max(reference_seconds(), 1.0);
    EXPECT_EQ(bridge_own, 0u) << "bridge dropouts with no missed cycle and no host stall";
    EXPECT_LE(static_cast<double>(server_misses), expected + 3.0)
        << "server misses at moments the host did not stall, against " << expected << " expected from the bare servers";
    if (!watch.real_time()) {
        EXPECT_EQ(xruns, 0u) << "no witness: nothing is excused";
        EXPECT_EQ(under, 0u);
        EXPECT_EQ(over, 0u);
    }
}

} // namespace
} // namespace sy::test
