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

// The dbusmenu id of the item labelled `label` in a GetLayout reply; ""
// when there is none.
std::string menu_item_id(const std::string& layout, const std::string& label) {
    std::smatch item;
    if (!std::regex_search(layout, item, std::regex("\\((\\d+), \\{[^}]*'label': <'" + label + "'>"))) return "";
    return item[1].str();
}

// Every output of an `endpoints` reply is muted (and there is one).
bool every_output_muted(const nlohmann::json& endpoints) {
    int outputs = 0, muted = 0;
    for (const auto& e : endpoints) {
        if (e.value("kind", "") != "output") continue;
        ++outputs;
        muted += e.value("mute", false);
    }
    return outputs > 0 && outputs == muted;
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
    const std::string quiet = menu_item_id(layout.output, "quiet");
    ASSERT_NE(quiet, "") << layout.output;
    const CommandResult clicked = gdbus_pumped("call --session --dest " + owner + " --object-path " + menu[1].str() +
                                               " --method com.canonical.dbusmenu.Event -- " + quiet + " clicked '<0>' 0");
    EXPECT_EQ(clicked.exit_code, 0) << clicked.output;
    EXPECT_TRUE(engine_until(
        engine, "status",
        [](const nlohmann::json& status) {
            return status.is_object() && status.contains("name") && status["name"] == "quiet";
        },
        20s))
        << "the engine did not load quiet from the tray; " << log();

    // Mute all outputs, from the tray.
    const std::string mute = menu_item_id(layout.output, "Mute all outputs");
    ASSERT_NE(mute, "") << layout.output;
    const CommandResult muted = gdbus_pumped("call --session --dest " + owner + " --object-path " + menu[1].str() +
                                             " --method com.canonical.dbusmenu.Event -- " + mute + " clicked '<0>' 0");
    EXPECT_EQ(muted.exit_code, 0) << muted.output;
    EXPECT_TRUE(engine_until(engine, "endpoints", every_output_muted, 20s))
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
