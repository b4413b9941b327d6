// `cmake --install` puts the desktop file, the icon and the systemd user
// unit where desktops and systemd look for them.
#include <filesystem>
#include <fstream>

#include "gui_harness.hpp"

namespace sy::test {
namespace {

std::string read(const std::string& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(GuiInstall, PutsTheDesktopFileTheIconAndTheUserUnitInPlace) {
    const std::string prefix = temp_folder("sy-gui-install");
    const CommandResult r =
        run_command("cmake --install " + shell_quote(SY_BINARY_DIR) + " --prefix " + shell_quote(prefix), 120.0);
    ASSERT_EQ(r.exit_code, 0) << r.output;

    const std::string desktop = prefix + "/share/applications/switchyard.desktop";
    const std::string icon = prefix + "/share/icons/hicolor/scalable/apps/switchyard.svg";
    const std::string unit = prefix + "/lib/systemd/user/switchyard.service";
    ASSERT_TRUE(std::filesystem::exists(desktop)) << r.output;
    ASSERT_TRUE(std::filesystem::exists(icon)) << r.output;
    ASSERT_TRUE(std::filesystem::exists(unit)) << r.output;
    EXPECT_TRUE(std::filesystem::exists(prefix + "/bin/switchyard"));
    EXPECT_TRUE(std::filesystem::exists(prefix + "/bin/switchyard-gui"));

    const std::string d = read(desktop);
    EXPECT_NE(d.find("Exec=switchyard-gui"), std::string::npos) << d;
    EXPECT_NE(d.find("Icon=switchyard"), std::string::npos) << d;
    if (run_command("command -v desktop-file-validate").exit_code == 0) {
        const CommandResult v = run_command("desktop-file-validate " + shell_quote(desktop));
        EXPECT_EQ(v.exit_code, 0) << v.output;
    }
    const std::string u = read(unit);
    EXPECT_NE(u.find("ExecStart=" + prefix + "/bin/switchyard run"), std::string::npos)
        << "the unit names the installed binary:\n" << u;
    EXPECT_NE(u.find("WantedBy=default.target"), std::string::npos) << u;
    EXPECT_NE(read(icon).find("<svg"), std::string::npos);
    std::filesystem::remove_all(prefix);
}

} // namespace
} // namespace sy::test
