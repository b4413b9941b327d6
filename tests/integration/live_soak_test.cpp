// A minute of continuous run at the test server's period (256) with 11 paths,
// four of them into the 44.1 kHz sink: zero xruns, zero bridge under/overruns
// once locked. Other periods are measured, not asserted, by bench/live_figures.sh.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <string>
#include <thread>

#include "jack_probe.hpp"
#include "presets/preset_reader.hpp"
#include "router/live_session.hpp"
#include "test_servers.hpp"

namespace sy::test {
namespace {

using namespace std::chrono_literals;

class LiveSoak : public ServersTest {};

double soak_seconds() {
    const char* s = std::getenv("SY_SOAK_SECONDS");
    return s ? std::atof(s) : 60.0;
}

TEST_F(LiveSoak, AMinuteAtPeriod256WithElevenPathsHasNoXrunsOrDropouts) {
    JackProbe probe("probe-soak", 2, 440.0, 0.2);
    ASSERT_TRUE(probe.ok());
    const auto read = presets::parse_preset(R"({ "switchyard": 1, "name": "live-soak",
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
    ASSERT_TRUE(read.model) << read.problems.front().message;

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
    const std::uint64_t xruns0 = session.jack().xruns();
    const std::uint64_t under0 = session.bridge_underruns();
    const std::uint64_t over0 = session.bridge_overruns();
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(soak_seconds());
    float worst_load = 0;
    // What went wrong when, for a failure to be read: "xrun@12.3 a:under@12.4 pipewire-missed@12.3".
    std::string when;
    std::uint64_t seen_xruns = xruns0;
    std::uint64_t seen_missed = session.pipewire().missed_cycles();
    std::map<std::string, router::BridgeStats> seen_bridges;
    for (const auto& r : session.bridge_reports()) seen_bridges[r.id] = r.stats;
    const auto start = std::chrono::steady_clock::now();
    while (std::chrono::steady_clock::now() < until) {
        std::this_thread::sleep_for(100ms);
        session.poll();
        worst_load = std::max(worst_load, session.jack().dsp_load());
        const std::string at =
            "@" + std::to_string(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()).substr(0, 4);
        if (session.jack().xruns() != seen_xruns) {
            seen_xruns = session.jack().xruns();
            when += " xrun" + at;
        }
        if (session.pipewire().missed_cycles() != seen_missed) {
            seen_missed = session.pipewire().missed_cycles();
            when += " pipewire-missed" + at;
        }
        for (const auto& r : session.bridge_reports()) {
            auto& before = seen_bridges[r.id];
            if (r.stats.underruns != before.underruns) when += " " + r.id + ":under" + at;
            if (r.stats.overruns != before.overruns) when += " " + r.id + ":over" + at;
            before = r.stats;
        }
    }
    const std::uint64_t xruns = session.jack().xruns() - xruns0;
    const std::uint64_t under = session.bridge_underruns() - under0;
    const std::uint64_t over = session.bridge_overruns() - over0;
    const float load = session.jack().dsp_load();
    session.stop();

    std::cout << "[ figures  ] " << soak_seconds() << " s at " << session.model().engine.rate << " Hz / period "
              << session.jack().period() << ", " << paths << " paths: xruns " << xruns << ", bridge underruns " << under
              << ", overruns " << over << ", JACK DSP load " << load << "% (worst " << worst_load << "%)"
              << (when.empty() ? "" : "; seen (s into the soak):" + when) << "\n";
    EXPECT_EQ(xruns, 0u);
    EXPECT_EQ(under, 0u);
    EXPECT_EQ(over, 0u);
}

} // namespace
} // namespace sy::test
