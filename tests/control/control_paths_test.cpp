// Where the control socket lives and how its folder is made safe.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "control_test_support.hpp"
#include "router/client/control_paths.hpp"

namespace sy::router {
namespace {

using test::RuntimeDir;

mode_t mode_of(const std::string& path) {
    struct stat st {};
    lstat(path.c_str(), &st);
    return st.st_mode & 07777;
}

TEST(ControlPaths, InstanceNamesAreLowercaseDigitsDashUnderscoreUpTo64) {
    for (const char* ok : {"default", "studio-2", "a_b", "0", "x-y_z9"}) EXPECT_TRUE(valid_instance_name(ok)) << ok;
    EXPECT_TRUE(valid_instance_name(std::string(64, 'a')));
    for (const char* bad : {"", "Default", "a.b", "../x", "a/b", "a b", "é", "a\n"}) {
        EXPECT_FALSE(valid_instance_name(bad)) << '"' << bad << '"';
    }
    EXPECT_FALSE(valid_instance_name(std::string(65, 'a')));
}

TEST(ControlPaths, SocketLivesInXdgRuntimeDir) {
    RuntimeDir dir;
    EXPECT_EQ(control_socket_dir(), dir.path() + "/switchyard");
    EXPECT_EQ(control_socket_path("studio"), dir.path() + "/switchyard/studio.sock");
}

TEST(ControlPaths, WithoutXdgRuntimeDirTheFolderIsPerUserInTmp) {
    RuntimeDir dir; // restores the variable afterwards
    const std::string expected = "/tmp/switchyard-" + std::to_string(geteuid());
    unsetenv("XDG_RUNTIME_DIR");
    EXPECT_EQ(control_socket_dir(), expected);
    setenv("XDG_RUNTIME_DIR", "", 1);
    EXPECT_EQ(control_socket_dir(), expected);
    EXPECT_EQ(control_socket_path("default"), expected + "/default.sock");
}

TEST(ControlPaths, FolderIsMadeWithMode0700) {
    RuntimeDir dir;
    const mode_t old_umask = umask(0);
    const std::string error = make_private_dir(dir.folder());
    umask(old_umask);
    ASSERT_EQ(error, "");
    EXPECT_EQ(mode_of(dir.folder()), 0700u) << std::oct << mode_of(dir.folder());
    EXPECT_EQ(make_private_dir(dir.folder()), "") << "an existing private folder is fine";
}

TEST(ControlPaths, OurFolderWithWiderModeIsNarrowedTo0700) {
    RuntimeDir dir;
    ASSERT_EQ(mkdir(dir.folder().c_str(), 0755), 0);
    chmod(dir.folder().c_str(), 0777);
    EXPECT_EQ(make_private_dir(dir.folder()), "");
    EXPECT_EQ(mode_of(dir.folder()), 0700u) << std::oct << mode_of(dir.folder());
}

TEST(ControlPaths, SymlinkInPlaceOfTheFolderIsRefused) {
    RuntimeDir dir;
    const std::string elsewhere = dir.path() + "/elsewhere";
    ASSERT_EQ(mkdir(elsewhere.c_str(), 0700), 0);
    ASSERT_EQ(symlink(elsewhere.c_str(), dir.folder().c_str()), 0);
    const std::string error = make_private_dir(dir.folder());
    EXPECT_NE(error.find("symbolic link"), std::string::npos) << error;
    EXPECT_NE(error.find(dir.folder()), std::string::npos) << error;
}

TEST(ControlPaths, FileInPlaceOfTheFolderIsRefused) {
    RuntimeDir dir;
    std::ofstream(dir.folder()) << "x";
    const std::string error = make_private_dir(dir.folder());
    EXPECT_NE(error.find("not a folder"), std::string::npos) << error;
}

TEST(ControlPaths, FolderOfAnotherUserIsRefused) {
    if (geteuid() != 0) GTEST_SKIP() << "needs root to give a folder away";
    RuntimeDir dir;
    ASSERT_EQ(mkdir(dir.folder().c_str(), 0700), 0);
    ASSERT_EQ(chown(dir.folder().c_str(), 65534, 65534), 0);
    const std::string error = make_private_dir(dir.folder());
    EXPECT_NE(error.find("belongs to uid 65534"), std::string::npos) << error;
}

TEST(ControlPaths, MissingParentIsAnErrorNamingTheFolder) {
    const std::string error = make_private_dir("/nonexistent-sy/switchyard");
    EXPECT_NE(error.find("/nonexistent-sy/switchyard"), std::string::npos) << error;
}

} // namespace
} // namespace sy::router
