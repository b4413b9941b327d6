// A bridge's states, named and in order: the transition table on its own,
// then whole bridges between two simulated clocks walked from the start
// through a lock, a lost cycle, a stalled writer and a stale rate, each
// back to locked.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "router/bridge/bridge.hpp"
#include "bridge_configs.hpp"
#include "router/bridge/bridge_states.hpp"
#include "router/bridge/clock_sim.hpp"

namespace sy::router {
namespace {

using S = BridgeState;
using E = BridgeEvent;

std::string name_of(BridgePhase p) {
    return std::string(bridge_state_name(p.state)) + " (held " + bridge_state_name(p.held) + ")";
}

// The events in order from `from`, and the states they lead to.
std::vector<std::string> walk(BridgePhase from, const std::vector<E>& events) {
    std::vector<std::string> seen{bridge_state_name(from.state)};
    for (E e : events) {
        from = next_phase(from, e);
        seen.push_back(bridge_state_name(from.state));
    }
    return seen;
}

TEST(BridgeStates, TheTableWalksFromTheStartToALockAndBackAfterAResync) {
    const std::vector<std::string> want{"waiting", "acquiring", "narrowing", "locked", "tracking", "locked"};
    EXPECT_EQ(walk({}, {E::Resync, E::AcquiringOver, E::ErrorHeld, E::Resync, E::ErrorHeld}), want);
}

TEST(BridgeStates, AStallHoldsThePhaseTheWriterComesBackTo) {
    BridgePhase p{S::Locked, S::Acquiring};
    p = next_phase(p, E::RanDry);
    EXPECT_EQ(p, (BridgePhase{S::Stalled, S::Locked})) << name_of(p);
    EXPECT_EQ(next_phase(p, E::Resync).state, S::Tracking) << "a rate locked with goes on tracking";
    EXPECT_EQ(next_phase(p, E::ResyncAfterDrift).state, S::Acquiring) << "a drift shows the rate wrong";
    // While the rate is still being learnt, a resync or a stall goes on with it.
    for (S learning : {S::Acquiring, S::Narrowing}) {
        const BridgePhase stalled = next_phase({learning, S::Acquiring}, E::RanDry);
        EXPECT_EQ(next_phase(stalled, E::ResyncAfterDrift).state, learning) << name_of(stalled);
        EXPECT_EQ(next_phase({learning, S::Acquiring}, E::Resync).state, learning);
    }
}

TEST(BridgeStates, LosingTheErrorAcquiresAgainAndOnlyATrackingBandwidthLocks) {
    for (S s : {S::Narrowing, S::Tracking, S::Locked}) {
        EXPECT_EQ(next_phase({s, S::Acquiring}, E::ErrorLost).state, S::Acquiring) << bridge_state_name(s);
        EXPECT_EQ(next_phase({s, S::Acquiring}, E::ErrorHeld).state, S::Locked) << bridge_state_name(s);
    }
    EXPECT_EQ(next_phase({S::Acquiring, S::Acquiring}, E::ErrorLost).state, S::Acquiring);
    EXPECT_EQ(next_phase({S::Acquiring, S::Acquiring}, E::ErrorHeld).state, S::Acquiring);
    for (S s : {S::Waiting, S::Stalled}) {
        for (E e : {E::AcquiringOver, E::ErrorLost, E::ErrorHeld, E::RanDry}) {
            EXPECT_EQ(next_phase({s, S::Tracking}, e), (BridgePhase{s, S::Tracking})) << bridge_state_name(s);
        }
    }
}

TEST(BridgeStates, AGivenRateStartsTrackingAndAResetStartsOver) {
    const BridgePhase given = next_phase({}, E::RateGiven);
    EXPECT_EQ(given, (BridgePhase{S::Waiting, S::Tracking})) << name_of(given);
    EXPECT_EQ(next_phase(given, E::Resync).state, S::Tracking);
    for (S s : {S::Acquiring, S::Narrowing, S::Tracking, S::Locked, S::Stalled}) {
        EXPECT_EQ(next_phase({s, S::Locked}, E::Reset), BridgePhase{}) << bridge_state_name(s);
    }
}

// A bridge's states after each read, each named once as it is entered, and
// when (simulated seconds).
struct Walk {
    std::vector<std::string> names;
    std::vector<double> at;
};

void walk_until(ClockSim& sim, double seconds, Walk& w) {
    while (sim.now() < seconds) {
        sim.run_reads(1);
        const BridgeStats s = sim.bridge().stats();
        ASSERT_EQ(s.locked(), s.state == S::Locked) << "at " << sim.now() << " s";
        const std::string name = bridge_state_name(s.state);
        if (w.names.empty() || w.names.back() != name) {
            w.names.push_back(name);
            w.at.push_back(sim.now());
        }
    }
}

std::string joined(const Walk& w) {
    std::string out;
    char when[32];
    for (std::size_t i = 0; i < w.names.size(); ++i) {
        std::snprintf(when, sizeof when, " %.2f s", w.at[i]);
        out += (i ? ", " : "") + w.names[i] + when;
    }
    return out;
}

using test_configs::jack_to_pipewire_44k1;

TEST(BridgeStates, ALostReaderCycleResyncsALockedBridgeWhichTracksAndLocksAgain) {
    const BridgeConfig config = jack_to_pipewire_44k1();
    ClockSim sim(config, 40, -40);
    sim.stall_reader(30.0, 30.0 + 0.5 * config.reader_period / config.reader_rate); // one callback
    Walk w;
    walk_until(sim, 35.0, w);
    std::printf("[ figures  ] a lost reader cycle: %s\n", joined(w).c_str());
    const std::vector<std::string> want{"waiting", "acquiring", "narrowing", "locked", "tracking", "locked"};
    ASSERT_EQ(w.names, want) << joined(w);
    EXPECT_NEAR(w.at[2], 1.5, 0.05) << "acquiring lasts 1.5 s from the first write";
    EXPECT_NEAR(w.at[3], 3.4, 0.1) << "lock after the narrowing";
    EXPECT_NEAR(w.at[4], 30.0, 0.01) << "the resync comes with the read after the lost one";
    EXPECT_NEAR(w.at[5] - w.at[4], 1.0, 0.05) << "a second held within the lock band";
    EXPECT_EQ(sim.bridge().stats().resyncs, 1u);
}

TEST(BridgeStates, AStalledWriterIsStalledThenTracksAndLocksAgain) {
    ClockSim sim(jack_to_pipewire_44k1(), 300, 0);
    sim.stall_writer(30.0, 30.2);
    Walk w;
    walk_until(sim, 35.0, w);
    std::printf("[ figures  ] a writer stalled 200 ms: %s\n", joined(w).c_str());
    const std::vector<std::string> want{"waiting", "acquiring", "narrowing", "locked",
                                        "stalled", "tracking",  "locked"};
    ASSERT_EQ(w.names, want) << joined(w);
    EXPECT_NEAR(w.at[5], 30.2, 0.02) << "tracking from the writer's first write back";
    EXPECT_NEAR(w.at[6] - w.at[5], 1.0, 0.05) << "a second held within the lock band";
    EXPECT_GT(sim.bridge().stats().underruns, 0u);
    EXPECT_EQ(sim.bridge().stats().resyncs, 1u);
}

TEST(BridgeStates, AStaleRateGivenAtTheStartIsLostAndAcquiredAgain) {
    // Given a rate 3000 ppm off the clocks' (a rebuild after the clocks
    // changed): it tracks and locks at first, then the fill drifts past the
    // unlock band to the resync limit; the ring is put back at its target and
    // the loop, its rate shown wrong, acquires the true one from scratch.
    const BridgeConfig config; // 48 kHz, 256 frames a side
    ClockSim sim(config, 100, 0);
    sim.bridge().start_with_rate(1.0 / (1.0 + 100e-6) + 3000e-6);
    Walk w;
    walk_until(sim, 12.0, w);
    std::printf("[ figures  ] a stale rate given: %s\n", joined(w).c_str());
    const std::vector<std::string> want{"waiting", "tracking", "locked", "acquiring", "narrowing", "locked"};
    ASSERT_EQ(w.names, want) << joined(w);
    EXPECT_NEAR(w.at[2] - w.at[1], 1.0, 0.05) << "a given rate locks a second after the start";
    EXPECT_NEAR(w.at[5] - w.at[3], 3.4, 0.2) << "then as from a start";
    EXPECT_EQ(sim.bridge().stats().resyncs, 1u) << "the drift's";
}

} // namespace
} // namespace sy::router
