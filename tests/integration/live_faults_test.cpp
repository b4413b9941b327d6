// The fault suite: a session in this process while the real servers do what
// desktops do: PipeWire restarted under it, a JACK server that starts after
// it or dies while it is the hub, a target unplugged, a JACK client coming
// and going, each with a preset recalled while it happens. Each test says
// how soon sound is back, at the recalled gain, and checks that what
// should have kept playing had no gap. Size and rate changes:
// live_size_changes_test.cpp.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <iostream>
#include <span>
#include <thread>
#include <utility>

#include <unistd.h>

#include "jack_probe.hpp"
#include "live_faults_support.hpp"
#include "pw_dump.hpp"
#include "tests/support/sine_fit.hpp"

namespace sy::test {
namespace {

TEST_F(LiveFaults, AJackServerStartedLateJoinsThroughBridgesAndOneThreadRunsThePlan) {
    JackBack restore;
    ASSERT_TRUE(kill_jack());
    const graph::Model model = model_of(R"({ "switchyard": 1, "name": "late-jack",
      "inputs": [ { "id": "synth", "channels": 1, "jack": { "connect": [] } } ],
      "outputs": [ { "id": "a", "channels": 2, "pipewire": { "target": "test-sink-a" } },
                   { "id": "mon", "channels": 2, "jack": { "connect": [] } } ],
      "routes": [ { "from": "synth", "to": "a" }, { "from": "synth", "to": "mon" } ] })");
    const StallWatch watch;
    router::LiveSession session(model);
    session.set_test_tone("synth", 997.0, -12.0);
    ASSERT_EQ(session.start(), "");
    EXPECT_EQ(session.hub(), Server::Pipewire);
    EXPECT_EQ(session.jack_link().state(), router::ServerState::Absent);
    poll_for(session, 500ms);
    // A recall while JACK is away: the late JACK output plays at its gain.
    recall_route_gain(session, 1, -6.0, "while JACK was away");

    ASSERT_TRUE(restart_jack());
    const double ports_s = poll_until(session, [] { return jack_port_exists("late-jack:mon_L"); }, 5s);
    std::cout << "[ figures  ] JACK endpoints alive " << ports_s << " s after the late server answered\n";
    ASSERT_GE(ports_s, 0.0) << "no JACK ports 5 s after the server came";
    EXPECT_LT(ports_s, 2.0);
    EXPECT_EQ(session.hub(), Server::Pipewire) << "the hub stays where the audio already runs";
    // JACK's callback, running now, must not run the Plan too: said at once,
    // as a bridge between two threads in one Plan never locks.
    poll_for(session, 300ms);
    ASSERT_EQ(session.engine(Server::Pipewire).runner_changes(), 1u) << "the Plan ran on JACK's thread as well as PipeWire's";

    ASSERT_GE(until_locked(watch, session), 0.0) << session.status_line();
    expect_tone_on_jack(watch, session, "late-jack:mon_L", "PipeWire hub -> bridge -> late JACK, at the recalled -6 dB",
                        0.1259);
    EXPECT_EQ(session.engine(Server::Pipewire).overlapping_cycles(), 0u) << "two threads ran the Plan at once";
    EXPECT_EQ(session.engine(Server::Pipewire).runner_changes(), 1u) << "the Plan ran on more than PipeWire's thread";
    EXPECT_EQ(session.engine(Server::Pipewire).cycles_while_stopped(), 0u);
    session.stop();
}

// PipeWire (with WirePlumber) killed and started again, with a recall while
// it is gone: its endpoints come back at the recalled gain, the virtual
// source returns, the bridges relock, and the JACK output plays on.
TEST_F(LiveFaults, PipewireRestartedBringsItsEndpointsBackAndJackPlaysOn) {
    JackProbe probe("probe-pwr", 2, 0.0, 0.0, 30.0);
    ASSERT_TRUE(probe.ok());
    const graph::Model model = model_of(R"({ "switchyard": 1, "name": "pw-restart",
      "inputs": [ { "id": "synth", "channels": 1, "jack": { "connect": [] } } ],
      "outputs": [ { "id": "a", "channels": 2, "pipewire": { "target": "test-sink-a" } },
                   { "id": "vs", "channels": 2, "pipewire": { "virtual": "source", "description": "Restart Source" } },
                   { "id": "mon", "channels": 2, "jack": { "connect": [")" + probe.port("in", 1) + R"(", ")" + probe.port("in", 2) + R"("] } } ],
      "routes": [ { "from": "synth", "to": "a" }, { "from": "synth", "to": "vs" }, { "from": "synth", "to": "mon" } ] })");
    const StallWatch watch;
    router::LiveSession session(model);
    session.set_test_tone("synth", 997.0, -12.0);
    ASSERT_EQ(session.start(), "");
    ASSERT_EQ(session.hub(), Server::Jack);
    ASSERT_GE(poll_until(session, [&] { return session.bridges_locked() && session.bridge_reports().size() == 1; }, 10s), 0.0)
        << session.status_line();

    probe.start_recording();
    ASSERT_TRUE(kill_pipewire());
    ASSERT_GE(poll_until(session, [&] { return session.pipewire_link().state() == router::ServerState::Lost; }, 3s), 0.0);
    EXPECT_TRUE(session.bridge_reports().empty()) << "bridges to a server that is gone";
    recall_route_gain(session, 0, -6.0, "while PipeWire was gone");
    ASSERT_TRUE(start_pipewire());
    const auto sinks_back = std::chrono::steady_clock::now();
    const std::string node = "switchyard.pw-restart";
    const double back_s = poll_until(session, [&] {
        const auto states = session.endpoint_states();
        return pipewire_linked(node + ":a_FL", "test-sink-a:playback_FL") && states.at("vs").ready &&
               session.bridge_reports().size() == 1;
    }, 5s);
    std::cout << "[ figures  ] PipeWire endpoints linked and bridged " << back_s << " s after the sinks were back\n";
    ASSERT_GE(back_s, 0.0) << session.status_line();
    EXPECT_LT(back_s, 2.0);
    // What OBS or a browser looks the device up by: its node's name and description.
    const auto source = node_props(pw_dump(), node + ".vs");
    ASSERT_FALSE(source.is_null()) << "no node " << node << ".vs after the restart";
    EXPECT_EQ(source.value("node.description", ""), "Restart Source");
    EXPECT_EQ(source.value("media.class", ""), "Audio/Source/Virtual");
    const Relock relock = until_relocked(watch, session, sinks_back);
    std::cout << "[ figures  ] bridges locked again " << relock.after_event << " s after the sinks were back, "
              << relock.after_quiet << " s after the last lost cycle or stall (if any)\n";
    ASSERT_GE(relock.after_event, 0.0) << session.status_line();
    // A new bridge between the same clocks starts from the rate the old one
    // had learnt: it locks a second after it starts, not 3.7 s.
    EXPECT_LT(relock.after_quiet, 2.0) << session.status_line();
    poll_for(session, 300ms);
    const auto jack_side = probe.take_recording(0);
    expect_tone_on(watch, session, "test-sink-a", "after the PipeWire restart, at the recalled -6 dB",
                   session.status_line(), 0.1259);
    EXPECT_EQ(session.pipewire_link().losses(), 1u);

    ASSERT_GT(jack_side.size(), 48000u);
    const std::size_t gap = longest_silence(jack_side);
    std::cout << "[ figures  ] JACK output through the PipeWire restart: " << jack_side.size() << " frames, longest gap "
              << gap << " frames\n";
    EXPECT_LT(gap, 48u) << "the JACK endpoint stopped while PipeWire restarted";
    session.stop();
}

// jackd killed while it is the hub: the hub moves to PipeWire and the
// PipeWire output plays on after a gap, the time from the server's death to
// the move, and follows a recall after. The bound stated in the README is
// half a second.
TEST_F(LiveFaults, JackDyingAsTheHubCostsThePipewireOutputABoundedGap) {
    JackBack restore;
    const StallWatch watch;
    router::LiveSession session(tone_to_sink_a("jack-dies"));
    ASSERT_NO_FATAL_FAILURE(start_until_bridged(watch, session));
    const std::string wav = temp_path(".wav");
    BackgroundProcess recorder = start_recording("test-sink-a", wav);
    poll_for(session, 700ms);
    ASSERT_TRUE(kill_jack());
    const double moved_s = poll_until(session, [&] { return session.hub() == Server::Pipewire; }, 5s);
    poll_for(session, 700ms);
    const RecordedGap heard = stop_and_measure(recorder, wav);
    ASSERT_GT(heard.frames, 48000u);
    std::cout << "[ figures  ] hub moved to PipeWire " << moved_s << " s after jackd was killed; test-sink-a's longest gap "
              << heard.gap * 1000.0 / heard.rate << " ms\n";
    ASSERT_GE(moved_s, 0.0) << session.status_line();
    EXPECT_LT(heard.gap, static_cast<std::size_t>(heard.rate / 2)) << session.status_line();
    // A recall while JACK is gone reaches the output on the new hub.
    recall_route_gain(session, 0, -6.0, "while JACK was gone");
    expect_tone_on(watch, session, "test-sink-a", "with JACK gone, at the recalled -6 dB", session.status_line(), 0.1259);
    EXPECT_EQ(session.engine(Server::Pipewire).overlapping_cycles(), 0u);
    session.stop();
}

// jackd killed while it is the hub and started again, with a recall while
// it is gone: the hub has moved to PipeWire and stays there; the JACK
// endpoints come back within 2 s of the server answering, their bridge
// relocks within 2 s as well (from the server's return or the last lost
// cycle or stall), the JACK output plays at the recalled gain, and the
// PipeWire output plays on with no gap while JACK comes back: what a
// PipeWire input (desktop sound) brings it never leaves PipeWire's cycle.
// (The JACK input's path to it rejoins through a new bridge, whose first
// cycles are silent: JACK's own clients, gone with jackd, start over too.)
TEST_F(LiveFaults, JackRestartedAsTheHubComesBackThroughABridgeWithin2s) {
    JackBack restore;
    const StallWatch watch;
    router::LiveSession session(model_of(R"({ "switchyard": 1, "name": "jack-again",
      "inputs": [ { "id": "synth", "channels": 1, "jack": { "connect": [] } },
                  { "id": "desk", "channels": 2, "pipewire": { "virtual": "sink", "description": "Again Desktop" } } ],
      "outputs": [ { "id": "a", "channels": 2, "pipewire": { "target": "test-sink-a" } },
                   { "id": "mon", "channels": 2, "jack": { "connect": [] } } ],
      "routes": [ { "from": "synth", "to": "a" }, { "from": "synth", "to": "mon" }, { "from": "desk", "to": "a" } ] })"));
    ASSERT_NO_FATAL_FAILURE(start_until_bridged(watch, session));
    const std::string desktop_sound = temp_path(".wav");
    ASSERT_TRUE(write_tone_wav(desktop_sound, 48000, 2, 90.0, 440.0, 0.3));
    BackgroundProcess player({"pw-play", "--target", "switchyard.jack-again.desk", desktop_sound});
    ASSERT_TRUE(kill_jack());
    ASSERT_GE(poll_until(session, [&] { return session.hub() == Server::Pipewire; }, 5s), 0.0) << session.status_line();
    recall_route_gain(session, 1, -6.0, "while JACK was gone");

    // JACK comes back while test-sink-a is recorded: how soon its ports are
    // back, how soon its bridges lock, and what the PipeWire output heard.
    struct Return {
        double ports_s = -1.0;
        Relock relock;
        RecordedGap heard;
        bool disturbed = false; // PipeWire ran a cycle without us, or the host stalled
    };
    const auto jack_returns = [&] {
        Return r;
        const auto before = std::make_pair(session.pipewire().missed_cycles(), watch.stalls());
        const std::string wav = temp_path(".wav");
        BackgroundProcess recorder = start_recording("test-sink-a", wav);
        poll_for(session, 700ms);
        if (!restart_jack()) return r;
        const auto answered = std::chrono::steady_clock::now();
        r.ports_s = poll_until(session, [] { return jack_port_exists("jack-again:mon_L"); }, 5s);
        r.relock = until_relocked(watch, session, answered);
        poll_for(session, 300ms);
        r.heard = stop_and_measure(recorder, wav);
        r.disturbed = std::make_pair(session.pipewire().missed_cycles(), watch.stalls()) != before;
        return r;
    };
    Return back = jack_returns();
    std::cout << "[ figures  ] JACK endpoints back " << back.ports_s << " s after the server answered; bridges locked again "
              << back.relock.after_event << " s after it, " << back.relock.after_quiet
              << " s after the last lost cycle or stall (if any)\n";
    ASSERT_GE(back.ports_s, 0.0) << "no JACK ports 5 s after the server came back";
    EXPECT_LT(back.ports_s, 2.0);
    ASSERT_GE(back.relock.after_event, 0.0) << session.status_line();
    EXPECT_LT(back.relock.after_quiet, 2.0) << session.status_line();
    EXPECT_EQ(session.hub(), Server::Pipewire) << "the hub stays where the audio already runs";

    // The PipeWire output plays on while JACK comes back. A cycle PipeWire
    // ran without us, or a witnessed host stall, during the recording is a
    // gap the session did not make: then JACK goes and comes back once more,
    // at most twice, and that return is heard instead. Seen: a gap of one
    // quantum in about 1 return of 6, always with one missed PipeWire cycle;
    // jackd's own start costs it, as an engine with no JACK endpoint (so no
    // JACK client in its process) missed 21 cycles over 12 jackd restarts
    // while another process opened a JACK client each time.
    std::uint64_t returns = 1;
    while (back.heard.gap >= 48 && back.disturbed && returns < 3) {
        std::cout << "[ note     ] a lost PipeWire cycle or a host stall while JACK came back (gap " << back.heard.gap
                  << " frames): JACK goes and comes back again\n";
        ASSERT_TRUE(kill_jack());
        ASSERT_GE(poll_until(session, [&] { return session.jack_link().state() != router::ServerState::Running; }, 5s), 0.0);
        back = jack_returns();
        ++returns;
    }
    ASSERT_GT(back.heard.frames, 48000u);
    std::cout << "[ figures  ] test-sink-a while JACK came back: " << back.heard.frames << " frames, longest gap "
              << back.heard.gap << " frames\n";
    EXPECT_LT(back.heard.gap, 48u) << "the PipeWire output stopped while JACK came back ("
                                   << (back.disturbed ? "after " : "with no ") << "a lost cycle or stall, return "
                                   << returns << "); " << session.status_line();
    expect_tone_on_jack(watch, session, "jack-again:mon_L", "after the JACK restart, at the recalled -6 dB", 0.1259);
    EXPECT_EQ(session.jack_link().losses(), returns);
    EXPECT_EQ(session.engine(Server::Pipewire).overlapping_cycles(), 0u);
    session.stop();
}

// A PipeWire sink that goes (unplugged) and comes back, with a preset
// recall while it is gone: the output waits for it and is linked again
// within 2 s of its return, at the recalled gain; the JACK output plays on.
TEST_F(LiveFaults, ATargetRemovedAndAddedBackIsLinkedAgainWithARecallBetween) {
    JackProbe probe("probe-unplug", 2, 0.0, 0.0, 30.0);
    ASSERT_TRUE(probe.ok());
    const std::string sink = "unplug-sink-" + std::to_string(getpid());
    // Through PipeWire's PulseAudio front, as a USB device or a Bluetooth
    // headset comes and goes: `pw-cli destroy` of a node made with pw-cli
    // was seen to crash WirePlumber 0.4.13, and every test after it.
    std::string module;
    const auto make_sink = [&] {
        const auto r = run_command("pactl load-module module-null-sink sink_name=" + sink +
                                   " channel_map=front-left,front-right");
        module = r.output.substr(0, r.output.find_first_of("\r\n"));
        return r.exit_code == 0 && !module.empty();
    };
    const auto unplug = [&] { return run_command("pactl unload-module " + module).exit_code == 0; };
    struct Gone {
        std::function<bool()> unplug;
        ~Gone() { unplug(); }
    };
    ASSERT_TRUE(make_sink());
    Gone gone{unplug};
    const auto preset = [&](double gain_db) {
        return model_of(R"({ "switchyard": 1, "name": "unplug",
          "inputs": [ { "id": "synth", "channels": 1, "jack": { "connect": [] } } ],
          "outputs": [ { "id": "a", "channels": 2, "pipewire": { "target": ")" + sink + R"(" } },
                       { "id": "mon", "channels": 2, "jack": { "connect": [")" + probe.port("in", 1) + R"(", ")" + probe.port("in", 2) + R"("] } } ],
          "routes": [ { "from": "synth", "to": "a", "gain_db": )" + std::to_string(gain_db) + R"( }, { "from": "synth", "to": "mon" } ] })");
    };
    const StallWatch watch;
    router::LiveSession session(preset(0.0));
    session.set_test_tone("synth", 997.0, -12.0);
    ASSERT_EQ(session.start(), "");
    const std::string node = "switchyard.unplug";
    ASSERT_GE(poll_until(session, [&] { return pipewire_linked(node + ":a_FL", sink + ":playback_FL"); }, 5s), 0.0)
        << session.status_line() << "\n" << run_command("pw-link -l").output;

    probe.start_recording();
    ASSERT_TRUE(unplug());
    ASSERT_GE(poll_until(session, [&] { return !session.endpoint_states().at("a").ready; }, 3s), 0.0)
        << "the output still says it plays into a sink that is gone";
    EXPECT_TRUE(session.apply(preset(-6.0)).empty()) << "the recall while the sink was gone";
    poll_for(session, 500ms);
    ASSERT_TRUE(make_sink());
    const double back_s = poll_until(session, [&] { return pipewire_linked(node + ":a_FL", sink + ":playback_FL"); }, 5s);
    std::cout << "[ figures  ] output linked again " << back_s << " s after its sink came back\n";
    ASSERT_GE(back_s, 0.0) << session.status_line();
    EXPECT_LT(back_s, 2.0);
    poll_for(session, 300ms);
    const auto jack_side = probe.take_recording(0);
    ASSERT_GT(jack_side.size(), 24000u);
    const std::size_t gap = longest_silence(jack_side);
    std::cout << "[ figures  ] JACK output while the sink went and came back: longest gap " << gap << " frames\n";
    EXPECT_LT(gap, 48u) << "the JACK endpoint stopped while a PipeWire sink was unplugged";

    ASSERT_GE(poll_until(session, [&] { return session.bridges_locked(); }, 10s), 0.0) << session.status_line();
    const Audio heard = take_clean(watch, session_misses(session), [&] { return capture_sink(sink, 1.5); },
                                   bridges_settle(session));
    ASSERT_GT(heard.frames(), 48000u);
    const auto l = channel(heard, 0);
    const SineFit fit = fit_sine_near(std::span<const float>(l).subspan(12000, l.size() - 24000), 997.0, heard.rate);
    std::cout << "[ figures  ] back on the sink at the recalled -6 dB: amplitude " << fit.amplitude
              << " (0.1259 due), SNR " << fit.snr_db << " dB\n";
    EXPECT_NEAR(fit.amplitude, 0.1259, 0.01) << session.status_line();
    EXPECT_GT(fit.snr_db, 40.0) << session.status_line();
    session.stop();
}

// A JACK client that comes and goes five times (a DAW restarted, a plug-in
// host crashing), with a recall in the middle: its connection to our input
// is made again each time within 2 s, and our other JACK output plays on.
TEST_F(LiveFaults, AJackClientComingAndGoingIsConnectedEachTimeAndNothingElseStops) {
    JackProbe keep("probe-keep", 2, 0.0, 0.0, 30.0);
    ASSERT_TRUE(keep.ok());
    const std::string flap = "flap-" + std::to_string(getpid());
    const auto preset = [&](double gain_db) {
        return model_of(R"({ "switchyard": 1, "name": "flapping",
          "inputs": [ { "id": "synth", "channels": 1, "jack": { "connect": [] } },
                      { "id": "daw", "channels": 1, "jack": { "connect": [")" + flap + R"(:out_1"] } } ],
          "outputs": [ { "id": "a", "channels": 2, "pipewire": { "target": "test-sink-a" } },
                       { "id": "mon", "channels": 2, "jack": { "connect": [")" + keep.port("in", 1) + R"(", ")" + keep.port("in", 2) + R"("] } } ],
          "routes": [ { "from": "synth", "to": "mon" }, { "from": "daw", "to": "a", "gain_db": )" + std::to_string(gain_db) + R"( } ] })");
    };
    router::LiveSession session(preset(0.0));
    session.set_test_tone("synth", 997.0, -12.0);
    ASSERT_EQ(session.start(), "");
    ASSERT_GE(poll_until(session, [&] { return jack_connected("flapping:mon_L", keep.port("in", 1)); }, 5s), 0.0);
    const auto connected_from = [](const std::string& port) {
        for (const auto& l : jack_connections()) {
            if (l.output == port) return true;
        }
        return false;
    };
    keep.start_recording();
    double worst_s = 0.0;
    for (int round = 0; round < 5; ++round) {
        if (round == 2) {
            EXPECT_TRUE(session.apply(preset(-6.0)).empty()) << "the recall between two comings";
        }
        JackProbe client(flap, 1, 440.0, 0.25);
        ASSERT_TRUE(client.ok());
        const double s = poll_until(session, [&] { return connected_from(client.port("out", 1)); }, 5s);
        ASSERT_GE(s, 0.0) << "round " << round << ": never connected again; " << session.status_line();
        worst_s = std::max(worst_s, s);
        poll_for(session, 200ms);
    } // each round's client closes here
    poll_for(session, 300ms);
    std::cout << "[ figures  ] a JACK client opened 5 times: connected again " << worst_s << " s after it came, at worst\n";
    EXPECT_LT(worst_s, 2.0);
    const auto mon = keep.take_recording(0);
    ASSERT_GT(mon.size(), 48000u);
    const std::size_t gap = longest_silence(mon);
    std::cout << "[ figures  ] the other JACK output meanwhile: longest gap " << gap << " frames\n";
    EXPECT_LT(gap, 48u);
    session.stop();
}

// The preset's rate (44100) differs from JACK's (48000): the engine is
// rebuilt for JACK's rate before any callback runs the Plan.
TEST_F(LiveFaults, NoCallbackRunsThePlanBeforeTheSessionSaysAudioRuns) {
    const graph::Model model = model_of(R"({ "switchyard": 1, "name": "rate-44k",
      "engine": { "rate": 44100, "period": 256 },
      "inputs": [ { "id": "daw", "channels": 2, "jack": { "connect": [] } } ],
      "outputs": [ { "id": "a", "channels": 2, "pipewire": { "target": "test-sink-a" } } ],
      "routes": [ { "from": "daw", "to": "a" } ] })");
    for (int round = 0; round < 3; ++round) {
        router::LiveSession session(model);
        ASSERT_EQ(session.start(), "");
        ASSERT_EQ(session.hub(), Server::Jack);
        EXPECT_EQ(session.model().engine.rate, 48000);
        poll_for(session, 300ms);
        EXPECT_EQ(session.engine(Server::Pipewire).cycles_while_stopped(), 0u) << "round " << round;
        EXPECT_EQ(session.engine(Server::Pipewire).overlapping_cycles(), 0u) << "round " << round;
        session.stop();
    }
}

// Makes PipeWire's data thread finish `armed` of its callbacks late: each
// runs on for `hold_ns` (1.3 quanta) after it began, past the time the
// graph's driver wakes for the next cycle, as a host that takes the CPU
// from us for a few milliseconds does.
struct LateCycles {
    std::atomic<int> armed{0};
    std::atomic<long long> hold_ns{0};
    std::atomic<int> done{0};
};

void make_late(void* user, router::LiveSession::Server server, bool begin) {
    auto* late = static_cast<LateCycles*>(user);
    if (!begin || server != router::LiveSession::Server::Pipewire || late->armed.load() <= 0) return;
    late->armed.fetch_sub(1);
    const auto until = std::chrono::steady_clock::now() + std::chrono::nanoseconds(late->hold_ns.load());
    while (std::chrono::steady_clock::now() < until) {
    }
    late->done.fetch_add(1);
}

// A cycle of ours that PipeWire ran on time but that we finished after its
// deadline lost its audio just as a skipped one does: the session counts
// it as missed, so the status shows it and a test's take is known spoilt.
TEST_F(LiveFaults, APipewireCycleFinishedLateCountsAsMissed) {
    LateCycles late;
    const StallWatch watch;
    router::LiveSession session(tone_to_sink_a("late-cycle"));
    session.set_cycle_observer(&make_late, &late);
    ASSERT_NO_FATAL_FAILURE(start_until_bridged(watch, session));
    const double quantum_ns = 1e9 * session.pipewire().quantum() / session.pipewire().rate();
    late.hold_ns = static_cast<long long>(1.3 * quantum_ns);
    const auto missed = session.pipewire().missed_cycles();
    late.armed = 3;
    ASSERT_GE(poll_until(session, [&] { return late.done.load() == 3; }, 5s), 0.0);
    poll_for(session, 100ms);
    const auto counted = session.pipewire().missed_cycles() - missed;
    std::cout << "[ figures  ] 3 cycles held " << late.hold_ns / 1000 << " us (quantum " << quantum_ns / 1000
              << " us): " << counted << " counted missed\n";
    EXPECT_GE(counted, 3u) << session.status_line();
    session.stop();
}

} // namespace
} // namespace sy::test
