// Switchyard's PipeWire node in the real PipeWire graph of the test
// servers: a target that comes late (or comes back) gets linked, a server
// that dies is reported and joined again, and the nodes carry the names
// people see and go with Switchyard.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "pipewire_side_support.hpp"
#include "pw_dump.hpp"
#include "test_servers.hpp"

namespace sy::test {
namespace {

// ---- targets that come and go ----------------------------------------------

TEST_F(PipewireSideTest, AMissingTargetIsWaitedForAndLinkedWhenItAppearsAndComesBack) {
    LateSink late(preset_name("late-sink"));
    start("late", {target_output("out", 0, late.name())});
    std::this_thread::sleep_for(200ms);
    EXPECT_EQ(status_of(side, "out").state, "waiting for node " + late.name());
    EXPECT_FALSE(status_of(side, "out").ready);

    const std::string out_fl = side.node_name() + ":out_FL", out_fr = side.node_name() + ":out_FR";
    for (int round = 1; round <= 2; ++round) {
        const auto t0 = std::chrono::steady_clock::now();
        ASSERT_TRUE(late.create());
        const bool linked = wait_until(
            [&] {
                return status_of(side, "out").ready && pipewire_linked(out_fl, late.name() + ":playback_FL") &&
                       pipewire_linked(out_fr, late.name() + ":playback_FR");
            },
            2s, 10ms);
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        ASSERT_TRUE(linked) << "round " << round << ": not linked within 2 s of pw-cli create-node\n" << describe(side);
        std::printf("[ figure   ] round %d: linked %.0f ms after pw-cli create-node started\n", round, ms);
        RecordProperty("link_ms_round_" + std::to_string(round), static_cast<int>(ms));
        EXPECT_EQ(status_of(side, "out").state, "linked to " + late.name());

        late.remove();
        ASSERT_TRUE(wait_until([&] { return status_of(side, "out").state == "waiting for node " + late.name(); }, 2s))
            << "round " << round << ": the vanished target is not reported\n"
            << describe(side);
    }
}

// ---- the server going away ------------------------------------------------

// A private PipeWire (no session manager) that this test may kill.
BackgroundProcess private_pipewire(const std::string& dir) {
    return BackgroundProcess::shell("env XDG_RUNTIME_DIR=" + shell_quote(dir) + " PIPEWIRE_RUNTIME_DIR=" +
                                    shell_quote(dir) + " XDG_CONFIG_HOME=" + shell_quote(dir + "/config") +
                                    " DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent pipewire");
}

bool answers(const std::string& socket) {
    return run_command("PIPEWIRE_REMOTE=" + shell_quote(socket) + " pw-cli info 0", 5).exit_code == 0;
}

TEST_F(PipewireSideTest, AServerThatDiesIsReportedAndJoinedAgainWhenItReturns) {
    const std::string dir = temp_path("-pipewire");
    std::filesystem::remove(dir); // temp_path made a file; a folder is wanted
    ASSERT_TRUE(std::filesystem::create_directories(dir + "/config"));
    std::filesystem::permissions(dir, std::filesystem::perms::owner_all);
    const std::string socket = dir + "/pipewire-0";
    auto server = std::make_unique<BackgroundProcess>(private_pipewire(dir));
    ASSERT_TRUE(wait_until([&] { return answers(socket); }, 5s)) << server->output();

    side.set_remote(socket);
    probe.tone_rows[probe.tone_count++] = 0;
    start("gone", {plain("out", false, 2, 0)});
    // Nothing is linked, yet the node cycles (node.always-process).
    ASSERT_TRUE(wait_until([&] { return side.cycles() > 10; }, 3s)) << "cycles " << side.cycles();
    EXPECT_EQ(status_of(side, "out").state, "ports");

    server->stop();
    ASSERT_TRUE(wait_until([&] { return !side.running(); }, 3s)) << "the lost server is not noticed";
    EXPECT_EQ(side.server_losses(), 1u);
    EXPECT_EQ(status_of(side, "out").state.rfind("PipeWire server gone", 0), 0u) << status_of(side, "out").state;
    const auto cycles = side.cycles();
    std::this_thread::sleep_for(1100ms);
    EXPECT_FALSE(side.poll()) << "connected to a server that is not there";
    EXPECT_EQ(side.cycles(), cycles) << "the callback ran without a server";

    server = std::make_unique<BackgroundProcess>(private_pipewire(dir));
    ASSERT_TRUE(wait_until([&] { return answers(socket); }, 5s)) << server->output();
    ASSERT_TRUE(wait_until(
        [&] {
            side.poll();
            return side.running();
        },
        5s))
        << "not connected again: " << side.error();
    EXPECT_TRUE(wait_ready(side, "out")) << describe(side);
    EXPECT_TRUE(wait_until([&] { return side.cycles() > cycles + 10; }, 3s)) << "the callback does not run again";
    side.stop();
    server->stop();
    std::filesystem::remove_all(dir);
}

// ---- names ----------------------------------------------------------------

TEST_F(PipewireSideTest, NodesCarryTheirNamesAndDescriptionsAndGoWithSwitchyard) {
    start("names", {virtual_sink("desktop", 0, "Switchyard Desktop"), virtual_source("obs", 1, "Switchyard Stream Mix"),
                    plain("aux", true, 3, 2)});
    ASSERT_TRUE(wait_ready(side, "desktop")) << describe(side);
    ASSERT_TRUE(wait_ready(side, "obs")) << describe(side);
    ASSERT_TRUE(wait_ready(side, "aux")) << describe(side);
    EXPECT_EQ(side.node_name(), "switchyard." + preset);
    EXPECT_EQ(status_of(side, "aux").state, "ports");

    const auto dump = pw_dump();
    const auto self = node_props(dump, "switchyard." + preset);
    ASSERT_FALSE(self.is_null()) << "no node switchyard." << preset;
    EXPECT_FALSE(self.contains("media.class")) << "a session manager would treat it as a device or a stream";
    EXPECT_EQ(self.value("node.always-process", false), true);

    const auto sink = node_props(dump, "switchyard." + preset + ".desktop");
    ASSERT_FALSE(sink.is_null());
    EXPECT_EQ(sink.value("node.description", ""), "Switchyard Desktop");
    EXPECT_EQ(sink.value("media.class", ""), "Audio/Sink");
    EXPECT_EQ(sink.value("object.linger", true), false);
    const auto source = node_props(dump, "switchyard." + preset + ".obs");
    ASSERT_FALSE(source.is_null());
    EXPECT_EQ(source.value("node.description", ""), "Switchyard Stream Mix");
    EXPECT_EQ(source.value("media.class", ""), "Audio/Source/Virtual");
    EXPECT_EQ(source.value("object.linger", true), false);

    // Ports: <id>_FL/_FR for stereo, <id>_1.. otherwise, with their channel.
    std::vector<std::pair<std::string, std::string>> ports; // name, audio.channel
    for (const auto& o : dump) {
        if (o.value("type", "") != "PipeWire:Interface:Port" || o["info"].is_null()) continue;
        const auto& props = o["info"]["props"];
        if (props.value("node.id", -1) == self.value("object.id", -2))
            ports.emplace_back(props.value("port.name", ""), props.value("audio.channel", ""));
    }
    for (const auto& want : std::vector<std::pair<std::string, std::string>>{
             {"desktop_FL", "FL"}, {"desktop_FR", "FR"}, {"obs_FL", "FL"}, {"aux_1", "FL"}, {"aux_3", "LFE"}})
        EXPECT_NE(std::find(ports.begin(), ports.end(), want), ports.end()) << want.first << " (" << want.second << ")";
    EXPECT_EQ(ports.size(), 7u);

    side.stop();
    EXPECT_FALSE(side.running());
    EXPECT_TRUE(wait_until(
        [&] {
            const auto after = pw_dump();
            return node_props(after, "switchyard." + preset).is_null() &&
                   node_props(after, "switchyard." + preset + ".desktop").is_null() &&
                   node_props(after, "switchyard." + preset + ".obs").is_null();
        },
        2s))
        << "the node and the virtual devices outlived stop()";
}

} // namespace
} // namespace sy::test
