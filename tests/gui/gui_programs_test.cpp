// Two programs: the engine (`switchyard`) links no GTK, the GUI
// (`switchyard-gui`) no audio server library, and `switchyard gui` still
// reaches the GUI.
#include <string>

#include "gui_harness.hpp"

namespace sy::test {
namespace {

// The shared libraries `program` loads whose names match `pattern`
// (an extended regular expression), one per line; empty when none.
std::string linked(const std::string& program, const std::string& pattern) {
    const CommandResult r = run_command("ldd " + shell_quote(program) + " | grep -Ei '" + pattern + "' || true");
    return r.output;
}

TEST(GuiPrograms, TheEngineLinksNoGtkAndTheGuiNoAudioServer) {
    ASSERT_EQ(run_command("ldd " + shell_quote(SY_SWITCHYARD_BIN)).exit_code, 0);
    EXPECT_EQ(linked(SY_SWITCHYARD_BIN, "gtk|gdk|ayatana|dbusmenu"), "");
    // Sanity: the pattern does find GTK where it is.
    EXPECT_NE(linked(SY_GUI_BIN, "gtk|gdk|ayatana|dbusmenu"), "");
    EXPECT_EQ(linked(SY_GUI_BIN, "libjack|libpipewire"), "");
    EXPECT_NE(linked(SY_SWITCHYARD_BIN, "libjack|libpipewire"), "");
}

TEST(GuiPrograms, SwitchyardGuiRunsTheGuiProgram) {
    const CommandResult r = run_command(std::string(SY_SWITCHYARD_BIN) + " gui --help", 30.0);
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("--instance"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("--no-tray"), std::string::npos) << r.output;
}

TEST(GuiPrograms, SwitchyardGuiSaysSoWhenTheGuiProgramIsMissing) {
    // A copy of the engine alone in a folder, with no switchyard-gui on PATH.
    const std::string dir = temp_folder("sy-gui-alone");
    ASSERT_EQ(run_command("cp " + shell_quote(SY_SWITCHYARD_BIN) + " " + shell_quote(dir + "/switchyard")).exit_code, 0);
    const CommandResult r = run_command("PATH=/nonexistent " + shell_quote(dir + "/switchyard") + " gui --help 2>&1");
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find("cannot run switchyard-gui"), std::string::npos) << r.output;
}

} // namespace
} // namespace sy::test
