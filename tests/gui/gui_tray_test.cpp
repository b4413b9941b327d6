// The tray: with no StatusNotifier host the GUI works and says why there is
// no icon; with a watcher on the bus (tests/gui/sni_watcher.py) the item is
// registered and its menu (read with gdbus, as a panel would) lists the
// presets, mute all and quit.
#include <filesystem>
#include <fstream>
#include <regex>

#include "gui_fixture.hpp"

namespace sy::test {
namespace {

using namespace std::chrono_literals;

// gdbus as a child while the loop turns: the GUI answers it from this process.
CommandResult gdbus_pumped(const std::string& args) {
    const std::string out = temp_path(".txt");
    BackgroundProcess p = BackgroundProcess::shell("gdbus " + args + " > " + shell_quote(out) + " 2>&1");
    pump_until([&] { return !p.running(); }, 20s);
    const int code = p.wait_exit(100ms);
    std::ifstream in(out);
    return {code, std::string(std::istreambuf_iterator<char>(in), {})};
}

TEST_F(GuiTest, WithoutATrayHostTheWindowIsTheWayInAndClosingQuits) {
    GuiEngine engine(example_preset("streaming"));
    ASSERT_TRUE(engine.ready()) << engine.process().output();
    auto& gui = open_gui(engine.instance(), /*tray=*/true);
    ASSERT_TRUE(shows("input daw")) << log();
    ASSERT_NE(gui.tray(), nullptr);
    EXPECT_TRUE(pump_until([&] {
        for (const auto& l : gui.log_lines()) {
            if (l.find("no tray icon: no StatusNotifier host") != std::string::npos) return true;
        }
        return false;
    }, 10s)) << log();
    EXPECT_FALSE(gui.tray()->shown());
    EXPECT_TRUE(gui.window().get_visible());
    gui.window().close();
    EXPECT_TRUE(pump_until([&] { return quit_called_; }, 10s)) << "with no tray, closing the window quits";
    EXPECT_TRUE(engine.answers());
}

TEST_F(GuiTest, WithAWatcherTheTrayItemShowsAndItsMenuListsThePresets) {
    // Presets for the list, in the engine's folder: streaming and a quieter
    // copy (switching between them keeps every endpoint).
    const std::string config = temp_folder("sy-gui-config");
    std::filesystem::create_directories(config + "/switchyard/presets");
    std::filesystem::copy_file(example_preset("streaming"), config + "/switchyard/presets/streaming.json");
    write_quiet_preset(config + "/switchyard/presets");
    GuiEngine engine(example_preset("streaming"), config);
    ASSERT_TRUE(engine.ready()) << engine.process().output();

    BackgroundProcess watcher({"/usr/bin/python3", std::string(SY_SOURCE_DIR) + "/tests/gui/sni_watcher.py"});
    ASSERT_TRUE(wait_until([&] { return watcher.output().find("READY") != std::string::npos; }, 15s)) << watcher.output();

    auto& gui = open_gui(engine.instance(), /*tray=*/true);
    ASSERT_TRUE(pump_until([&] { return gui.tray()->shown(); }, 20s)) << log() << watcher.output();
    ASSERT_TRUE(pump_until([&] { return watcher.output().find("ITEM ") != std::string::npos; }, 10s)) << watcher.output();
    std::smatch m;
    const std::string out = watcher.output();
    ASSERT_TRUE(std::regex_search(out, m, std::regex("ITEM (\\S+) (\\S+)"))) << out;
    const std::string owner = m[1], path = m[2];

    const CommandResult props = gdbus_pumped("call --session --dest " + owner + " --object-path " + path +
                                             " --method org.freedesktop.DBus.Properties.GetAll org.kde.StatusNotifierItem");
    ASSERT_EQ(props.exit_code, 0) << props.output;
    EXPECT_NE(props.output.find("'Switchyard'"), std::string::npos) << props.output;
    std::smatch menu;
    ASSERT_TRUE(std::regex_search(props.output, menu, std::regex("'Menu': <objectpath '([^']+)'>"))) << props.output;

    // The preset list arrives from the engine; then the menu holds it.
    ASSERT_TRUE(pump_until([&] { return gui.mirror().presets().size() == 2; }, 10s));
    pump_for(300ms);
    const CommandResult layout = gdbus_pumped("call --session --dest " + owner + " --object-path " + menu[1].str() +
                                              " --method com.canonical.dbusmenu.GetLayout -- 0 -1 '[]'");
    ASSERT_EQ(layout.exit_code, 0) << layout.output;
    for (const char* label : {"Hide Switchyard", "Presets", "quiet", "streaming", "Mute all outputs", "Quit"}) {
        EXPECT_NE(layout.output.find(std::string("'") + label + "'"), std::string::npos) << label << " not in " << layout.output;
    }

    // Picking a preset in the tray menu (as a panel would: a dbusmenu
    // "clicked" event) loads it in the engine.
    std::smatch item;
    ASSERT_TRUE(std::regex_search(layout.output, item, std::regex("\\((\\d+), \\{[^}]*'label': <'quiet'>"))) << layout.output;
    const CommandResult clicked = gdbus_pumped("call --session --dest " + owner + " --object-path " + menu[1].str() +
                                               " --method com.canonical.dbusmenu.Event -- " + item[1].str() +
                                               " clicked '<0>' 0");
    EXPECT_EQ(clicked.exit_code, 0) << clicked.output;
    auto next = std::chrono::steady_clock::now();
    EXPECT_TRUE(pump_until(
        [&] {
            if (std::chrono::steady_clock::now() < next) return false;
            next = std::chrono::steady_clock::now() + 250ms;
            const auto status = engine.ctl_json("status");
            return status.is_object() && status.contains("name") && status["name"] == "quiet";
        },
        20s))
        << "the engine did not load quiet from the tray; " << log();

    // Mute all outputs, from the tray.
    std::smatch mute;
    ASSERT_TRUE(std::regex_search(layout.output, mute, std::regex("\\((\\d+), \\{[^}]*'label': <'Mute all outputs'>")))
        << layout.output;
    const CommandResult muted = gdbus_pumped("call --session --dest " + owner + " --object-path " + menu[1].str() +
                                             " --method com.canonical.dbusmenu.Event -- " + mute[1].str() + " clicked '<0>' 0");
    EXPECT_EQ(muted.exit_code, 0) << muted.output;
    next = std::chrono::steady_clock::now();
    EXPECT_TRUE(pump_until(
        [&] {
            if (std::chrono::steady_clock::now() < next) return false;
            next = std::chrono::steady_clock::now() + 250ms;
            const auto endpoints = engine.ctl_json("endpoints");
            int outputs = 0, muted_outputs = 0;
            for (const auto& e : endpoints) {
                if (e.value("kind", "") != "output") continue;
                ++outputs;
                muted_outputs += e.value("mute", false);
            }
            return outputs > 0 && outputs == muted_outputs;
        },
        20s))
        << "not every output muted after the tray's Mute all outputs";

    // With the tray, closing the window hides it and the engine runs on.
    gui.window().close();
    pump_for(300ms);
    EXPECT_FALSE(gui.window().get_visible());
    EXPECT_FALSE(quit_called_);
    EXPECT_TRUE(engine.answers());
}

} // namespace
} // namespace sy::test
