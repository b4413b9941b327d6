// The one door: the GUI finds an engine, or starts one and says so; it shows
// when the engine goes and comes back; closing the window quits what it
// started and leaves alone what it found.
#include <csignal>

#include "gui_fixture.hpp"

namespace sy::test {
namespace {

using namespace std::chrono_literals;

bool log_has(const sy::gui::GuiApp& gui, const std::string& words) {
    for (const auto& l : gui.log_lines()) {
        if (l.find(words) != std::string::npos) return true;
    }
    return false;
}

TEST_F(GuiTest, ShowsDisconnectedWhenTheEngineStopsAndReconnectsWhenItComesBack) {
    GuiEngine engine(example_preset("streaming"));
    ASSERT_TRUE(engine.ready()) << engine.process().output();
    auto& gui = open_gui(engine.instance());
    ASSERT_TRUE(shows("input daw")) << log();
    EXPECT_FALSE(gui.window().banner_shown());

    engine.stop();
    ASSERT_TRUE(pump_until([&] { return gui.window().banner_shown(); }, 10s)) << log();
    EXPECT_FALSE(gui.link().connected());
    EXPECT_EQ(gui.window().status_text(), "disconnected");
    EXPECT_NE(gui.window().banner_text().find("Trying again every second"), std::string::npos) << gui.window().banner_text();
    EXPECT_NE(named("input daw"), nullptr) << "the last state stays drawn";
    pump_for(1500ms); // a few retries against no engine: nothing breaks

    const auto fetched = gui.mirror().fetches();
    engine.start(); // same instance, same config: it restores the last state
    ASSERT_TRUE(engine.ready()) << engine.process().output();
    ASSERT_TRUE(pump_until([&] { return gui.link().connected() && !gui.window().banner_shown(); }, 15s)) << log();
    EXPECT_TRUE(pump_until([&] { return gui.mirror().fetches() > fetched; }, 10s));
    EXPECT_TRUE(log_has(gui, "reconnected")) << log();
    EXPECT_NE(named("route daw to stream"), nullptr) << names();
    EXPECT_EQ(save_screenshot(gui.window(), artifact_path("reconnected.png")), "");
}

TEST_F(GuiTest, StartsAnEngineWhenNoneRunsAndStopsItWhenTheWindowCloses) {
    // A last state for the engine to restore: an engine we run once.
    const std::string instance = fresh_gui_instance();
    const std::string config = temp_folder("sy-gui-config");
    {
        GuiEngine first(example_preset("podcast"), config);
        ASSERT_TRUE(first.ready()) << first.process().output();
        pump_for(1200ms); // last.json is written at most twice a second
    }
    setenv("XDG_CONFIG_HOME", config.c_str(), 1);
    auto& gui = open_gui(instance);
    EXPECT_TRUE(gui.started_engine());
    EXPECT_TRUE(log_has(gui, "started one")) << log();
    ASSERT_TRUE(pump_until([&] { return gui.link().connected(); }, 20s)) << log();
    EXPECT_TRUE(shows("input host-mic")) << "the last state, restored: " << names();
    const CommandResult status =
        run_command(std::string(SY_SWITCHYARD_BIN) + " ctl --instance " + instance + " status", 15.0);
    EXPECT_EQ(status.exit_code, 0) << status.output;

    // No tray: the window's close button quits, and takes its engine along.
    gui.window().close();
    ASSERT_TRUE(pump_until([&] { return quit_called_; }, 10s)) << log();
    EXPECT_FALSE(gui.launcher().running());
    EXPECT_TRUE(log_has(gui, "stopped the engine it started")) << log();
    const CommandResult after =
        run_command(std::string(SY_SWITCHYARD_BIN) + " ctl --instance " + instance + " status", 15.0);
    EXPECT_NE(after.exit_code, 0) << "the engine still answers after the GUI quit: " << after.output;
}

TEST_F(GuiTest, LeavesAnEngineItDidNotStartRunningWhenItQuits) {
    GuiEngine engine(example_preset("streaming"));
    ASSERT_TRUE(engine.ready()) << engine.process().output();
    auto& gui = open_gui(engine.instance());
    ASSERT_TRUE(pump_until([&] { return gui.link().connected(); }, 10s)) << log();
    EXPECT_FALSE(gui.started_engine());
    gui.window().close();
    ASSERT_TRUE(pump_until([&] { return quit_called_; }, 10s));
    EXPECT_TRUE(log_has(gui, "left the engine")) << log();
    EXPECT_TRUE(engine.answers());
    EXPECT_TRUE(engine.process().running());
}

// `switchyard gui` as a person starts it, in its own process.
TEST_F(GuiTest, TheGuiSubcommandConnectsAndQuitsCleanlyOnSigterm) {
    GuiEngine engine(example_preset("streaming"));
    ASSERT_TRUE(engine.ready()) << engine.process().output();
    BackgroundProcess gui({SY_SWITCHYARD_BIN, "gui", "--instance", engine.instance(), "--no-tray"});
    ASSERT_TRUE(wait_until([&] { return gui.output().find("connected to the engine") != std::string::npos; }, 20s))
        << gui.output();
    ASSERT_TRUE(gui.running()) << gui.output();
    gui.signal(SIGTERM);
    EXPECT_EQ(gui.wait_exit(10s), 0) << gui.output();
    EXPECT_NE(gui.output().find("left the engine"), std::string::npos) << gui.output();
    EXPECT_TRUE(engine.answers());
}

} // namespace
} // namespace sy::test
