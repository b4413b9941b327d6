// PipeWire's JACK (pipewire-jack, as `pw-jack` runs a program with it): a
// JACK client is a node of PipeWire's graph, on its clock, so Switchyard
// crosses no bridge between "JACK" and PipeWire. Measured as the issue asks,
// with jack_iodelay under pw-jack: its loop through a PipeWire null sink and
// the sink's monitor, first direct, then through Switchyard (a JACK input
// routed to a PipeWire output, or to the sink named as a JACK port). No frame
// may be added. The same loop with
// the hub pinned to JACK (a JACK client and a bridge) shows that the
// measurement sees a bridge when there is one.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <regex>
#include <string>
#include <vector>

#include "engine_under_test.hpp"
#include "live_faults_support.hpp"
#include "test_servers.hpp"

namespace sy::test {
namespace {

using namespace std::chrono_literals;

// The period the engine asks for; forced on the graph for the whole test so
// that the direct loop, measured before the engine runs, has the same quantum.
constexpr int kQuantum = 256;
// The preset's output, on PipeWire (a node's name) or on JACK (a port's
// name as pipewire-jack gives it: the node's description and the port's).
constexpr const char* kToTheSink = R"("pipewire": { "target": "test-sink-a" })";
constexpr const char* kToTheSinkByJackName = R"("jack": { "connect": ["Test Sink A:playback_FL"] })";

class PipewireJack : public ServersTest {
protected:
    void SetUp() override {
        ServersTest::SetUp();
        if (HasFatalFailure() || IsSkipped()) return;
        ASSERT_EQ(run_command("pw-metadata -n settings 0 clock.force-quantum " + std::to_string(kQuantum)).exit_code, 0);
        iodelay_ = BackgroundProcess::shell("stdbuf -o0 pw-jack jack_iodelay");
        ASSERT_TRUE(wait_until([] { return pw_jack("jack_lsp").output.find("jack_delay:out") != std::string::npos; }, 10s,
                               200ms))
            << iodelay_.output();
        // The sink's monitor is jack_iodelay's input throughout.
        ASSERT_EQ(pw_jack("jack_connect 'Test Sink A:monitor_FL' jack_delay:in").exit_code, 0);
    }
    void TearDown() override {
        iodelay_.stop();
        run_command("pw-metadata -n settings 0 clock.force-quantum 0");
    }

    static CommandResult pw_jack(const std::string& command) { return run_command("pw-jack " + command, 10.0); }

    // jack_iodelay's round trip in frames once it has settled on one figure
    // (its last three readings printed after output offset `from` agree to
    // `within` frames), or -1 when it does not within 10 s.
    double settled_round_trip(std::size_t from, double within = 0.5) {
        static const std::regex reading(R"(([0-9]+\.[0-9]+) frames)");
        double settled = -1.0;
        wait_until(
            [&] {
                const std::string out = iodelay_.output();
                std::vector<double> seen;
                const std::string tail = out.size() > from ? out.substr(from) : std::string();
                for (std::sregex_iterator it(tail.begin(), tail.end(), reading), end; it != end; ++it)
                    seen.push_back(std::stod((*it)[1].str()));
                if (seen.size() < 3) return false;
                const double last = seen.back();
                const bool agree =
                    std::abs(seen[seen.size() - 2] - last) < within && std::abs(seen[seen.size() - 3] - last) < within;
                if (agree) settled = last;
                return agree;
            },
            10s, 100ms);
        return settled;
    }

    // The loop's round trip with jack_delay:out linked straight to the sink,
    // before any engine runs, the link taken down again after; -1 (and a
    // failure) when a link cannot be made or taken down.
    double direct_round_trip() {
        const auto linked = pw_jack("jack_connect jack_delay:out 'Test Sink A:playback_FL'");
        if (linked.exit_code != 0) {
            ADD_FAILURE() << "jack_connect: " << linked.output;
            return -1.0;
        }
        const double direct = settled_round_trip(0);
        const auto unlinked = pw_jack("jack_disconnect jack_delay:out 'Test Sink A:playback_FL'");
        if (unlinked.exit_code != 0) {
            ADD_FAILURE() << "jack_disconnect: " << unlinked.output;
            return -1.0;
        }
        return direct;
    }

    // The loop's round trip through an engine started with `args` on a
    // preset whose input "daw" takes jack_delay:out and whose output
    // "speakers" is `output`, and the engine's status once it was measured;
    // readings agree to `within` frames.
    double through_engine(const std::string& output, const std::vector<std::string>& args, nlohmann::json& status,
                          double within = 0.5) {
        const std::string preset = write_temp_preset(R"({ "switchyard": 1, "name": "pwjack", "engine": { "rate": 48000, "period": 256 },
  "inputs": [ { "id": "daw", "channels": 1, "jack": { "connect": ["jack_delay:out"] } } ],
  "outputs": [ { "id": "speakers", "channels": 1, )" + output + R"( } ],
  "routes": [ { "from": "daw", "to": "speakers" } ] })");
        EngineUnderTest engine(preset, args, "", {"pw-jack"});
        EXPECT_TRUE(engine.ready()) << engine.process().output();
        const bool linked = wait_until(
            [&] {
                status = engine.ctl_json("status");
                return status.is_object() && status["waiting"].empty() && status["bridges"].is_array() &&
                       std::all_of(status["bridges"].begin(), status["bridges"].end(),
                                   [](const nlohmann::json& b) { return b["locked"].get<bool>(); });
            },
            20s, 250ms);
        EXPECT_TRUE(linked) << status.dump() << "\n" << engine.process().output();
        const double frames = settled_round_trip(iodelay_.output().size(), within);
        status = engine.ctl_json("status");
        return frames;
    }

    BackgroundProcess iodelay_{{"true"}};
};

TEST_F(PipewireJack, AJackInputToAPipewireOutputAddsNoFramesWhereAPinnedJackHubAddsABridge) {
    const double direct = direct_round_trip();
    ASSERT_GT(direct, 0.0) << iodelay_.output();

    nlohmann::json status;
    const double one_domain = through_engine(kToTheSink, {}, status);
    std::printf("jack_iodelay round trip: direct %.3f frames, through Switchyard on PipeWire's JACK %.3f frames\n",
                direct, one_domain);
    EXPECT_EQ(status["one_clock_domain"], true) << status.dump();
    EXPECT_EQ(status["hub"]["server"], "pipewire") << status.dump();
    EXPECT_TRUE(status["bridges"].empty()) << status.dump();
    EXPECT_NEAR(one_domain, direct, 0.5) << "Switchyard added frames between PipeWire's JACK and PipeWire";

    // Pinned to a JACK hub, the JACK endpoint is a JACK client's port and the
    // PipeWire output crosses a bridge: the loop must show it. A locked
    // bridge still steers within its lock band, and the loop with it: its
    // readings were seen to climb 0.37 frames each (798.6, 799.0, 799.4...),
    // which never agree to half a frame. Only "more than a quantum longer"
    // is asked of them.
    const double bridged = through_engine(kToTheSink, {"--hub", "jack"}, status, 8.0);
    std::printf("jack_iodelay round trip with --hub jack: %.3f frames\n", bridged);
    EXPECT_EQ(status["one_clock_domain"], false) << status.dump();
    EXPECT_EQ(status["bridges"].size(), 1u) << status.dump();
    EXPECT_GT(bridged, direct + kQuantum) << "the measurement does not see a bridge";
}

TEST_F(PipewireJack, AJackInputToAJackOutputIsOneCycleOfPipewireToo) {
    const double direct = direct_round_trip();
    ASSERT_GT(direct, 0.0) << iodelay_.output();

    nlohmann::json status;
    const double through = through_engine(kToTheSinkByJackName, {}, status);
    std::printf("jack_iodelay round trip: direct %.3f frames, JACK to JACK through Switchyard %.3f frames\n", direct,
                through);
    EXPECT_EQ(status["one_clock_domain"], true) << status.dump();
    EXPECT_TRUE(status["bridges"].empty()) << status.dump();
    EXPECT_NEAR(through, direct, 0.5);
}

// PipeWire's JACK changes its rate while it runs (jackd cannot): forced on
// the graph, it reaches a JACK client through the sample-rate callback. With
// the hub pinned to JACK, JACK's Plan is seated again at its server's new
// rate and the bridge to PipeWire is rebuilt for it and locks again.
TEST_F(PipewireJack, AJackRateChangeMovesAPinnedJackHubAndItsBridgeToTheNewRate) {
    const std::string preset = write_temp_preset(R"({ "switchyard": 1, "name": "jackrate", "engine": { "rate": 48000, "period": 256 },
  "inputs": [ { "id": "daw", "channels": 1, "jack": { "connect": ["jack_delay:out"] } } ],
  "outputs": [ { "id": "speakers", "channels": 1, )" + std::string(kToTheSink) + R"( } ],
  "routes": [ { "from": "daw", "to": "speakers" } ] })");
    EngineUnderTest engine(preset, {"--hub", "jack"}, "", {"pw-jack"});
    ASSERT_TRUE(engine.ready()) << engine.process().output();
    nlohmann::json status;
    nlohmann::json model;
    // The hub's rate in the status is its server's, which moves at once; the
    // Plan and the bridge follow at the engine's next poll, so the old
    // bridge may still say "locked" in between: the model's rate says the
    // Plan has moved, and only then is the bridge the new one.
    const auto bridged_at = [&](int rate) {
        model = engine.ctl_json("model");
        if (!model.is_object() || model["engine"]["rate"] != rate) return false;
        status = engine.ctl_json("status");
        return status.is_object() && status["hub"]["server"] == "jack" && status["hub"]["rate"] == rate &&
               status["bridges"].size() == 1 && status["bridges"][0]["locked"].get<bool>();
    };
    ASSERT_TRUE(wait_until([&] { return bridged_at(48000); }, 20s, 250ms)) << status.dump() << engine.process().output();
    const RateBack restore{48000};
    ASSERT_EQ(run_command("pw-metadata -n settings 0 clock.force-rate 44100").exit_code, 0);
    const auto t0 = std::chrono::steady_clock::now();
    const bool moved = wait_until([&] { return bridged_at(44100); }, 20s, 100ms);
    std::printf("JACK hub at 44100 Hz on PipeWire's JACK: bridge locked again %.2f s after\n",
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    ASSERT_TRUE(moved) << "the Plan or its bridge stayed at the old rate: " << model.dump() << "\n"
                       << status.dump() << engine.process().output();
    EXPECT_NE(engine.process().output().find("jack: rate: 44100 Hz"), std::string::npos) << engine.process().output();
}

} // namespace
} // namespace sy::test
