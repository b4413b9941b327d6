// Saving a preset replaces the file in one step or not at all.
#include <filesystem>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "presets/preset_reader.hpp"
#include "presets/preset_writer.hpp"
#include "problem_matchers.hpp"
#include "scratch_dir.hpp"

namespace sy::presets {
namespace {

namespace fs = std::filesystem;
using test_support::listed;
using test_support::read_text;
using test_support::ScratchDir;
using test_support::write_text;

graph::Model small_model(const std::string& name) {
    graph::Model m;
    m.name = name;
    graph::Endpoint in;
    in.id = "in";
    in.channels = 2;
    m.inputs = {in};
    return m;
}

std::vector<std::string> names_in(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += n + " ";
    return out;
}

TEST(AtomicWrite, WritesANewFileAndLeavesNothingElse) {
    ScratchDir dir;
    ASSERT_FALSE(dir.path().empty());
    const std::string path = dir.file("new.json");
    const WriteResult w = write_preset_file(path, small_model("new"));
    ASSERT_TRUE(w.ok) << w.error;
    EXPECT_EQ(read_text(path), to_text(small_model("new")));
    EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"new.json"}) << "left: " << joined(names_in(dir.path()));
    const ReadResult back = read_preset_file(path);
    ASSERT_TRUE(back.model.has_value()) << listed(back.problems);
    EXPECT_EQ(back.model->name, "new");
}

TEST(AtomicWrite, ReplacesAnExistingFileAndKeepsItsMode) {
    ScratchDir dir;
    const std::string path = dir.file("p.json");
    write_text(path, "old contents");
    ASSERT_EQ(::chmod(path.c_str(), 0640), 0);
    const WriteResult w = write_preset_file(path, small_model("replaced"));
    ASSERT_TRUE(w.ok) << w.error;
    EXPECT_EQ(read_text(path), to_text(small_model("replaced")));
    struct stat st {};
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0640u) << "mode is " << std::oct << (st.st_mode & 07777);
    EXPECT_EQ(names_in(dir.path()).size(), 1u) << "left: " << joined(names_in(dir.path()));
}

TEST(AtomicWrite, NewFileGetsTheUmaskMode) {
    ScratchDir dir;
    const mode_t old = ::umask(027);
    const WriteResult w = write_preset_file(dir.file("u.json"), small_model("u"));
    ::umask(old);
    ASSERT_TRUE(w.ok) << w.error;
    struct stat st {};
    ASSERT_EQ(::stat(dir.file("u.json").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0640u) << "mode is " << std::oct << (st.st_mode & 07777) << ", umask 027";
}

TEST(AtomicWrite, MissingDirectoryIsAnErrorValue) {
    ScratchDir dir;
    const std::string path = dir.file("no-such-dir/p.json");
    const WriteResult w = write_preset_file(path, small_model("x"));
    EXPECT_FALSE(w.ok);
    EXPECT_NE(w.error.find(path), std::string::npos) << "error should name the file: " << w.error;
    EXPECT_NE(w.error.find("No such file or directory"), std::string::npos) << w.error;
    EXPECT_TRUE(names_in(dir.path()).empty()) << "left: " << joined(names_in(dir.path()));
}

TEST(AtomicWrite, FailedRenameLeavesTheTargetAndNoTemporaryFile) {
    // The target is a directory: everything succeeds up to the rename, which
    // fails; the directory and its content must be exactly as before.
    ScratchDir dir;
    const std::string target = dir.file("preset.json");
    ASSERT_TRUE(fs::create_directory(target));
    write_text(target + "/inside", "keep me");
    const WriteResult w = write_preset_file(target, small_model("x"));
    EXPECT_FALSE(w.ok);
    EXPECT_FALSE(w.error.empty());
    EXPECT_TRUE(fs::is_directory(target));
    EXPECT_EQ(read_text(target + "/inside"), "keep me");
    EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"preset.json"})
        << "temporary file left behind: " << joined(names_in(dir.path()));
}

TEST(AtomicWrite, FailedSaveLeavesTheOldFileUntouched) {
    // A file whose directory cannot be created in: the old file is still whole.
    ScratchDir dir;
    const std::string old_path = dir.file("keep.json");
    write_text(old_path, "{\"old\": true}\n");
    const WriteResult w = write_preset_file(old_path + "/child.json", small_model("x"));
    EXPECT_FALSE(w.ok);
    EXPECT_NE(w.error.find("Not a directory"), std::string::npos) << w.error;
    EXPECT_EQ(read_text(old_path), "{\"old\": true}\n");
    EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"keep.json"}) << "left: " << joined(names_in(dir.path()));
}

TEST(AtomicWrite, SymbolicLinkStaysALink) {
    ScratchDir dir;
    const std::string real = dir.file("real.json");
    const std::string link = dir.file("link.json");
    write_text(real, "old");
    fs::create_symlink(real, link);
    const WriteResult w = write_preset_file(link, small_model("through-link"));
    ASSERT_TRUE(w.ok) << w.error;
    EXPECT_TRUE(fs::is_symlink(link));
    EXPECT_EQ(read_text(real), to_text(small_model("through-link")));
}

TEST(AtomicWrite, EmptyPathIsAnErrorValue) {
    const WriteResult w = write_preset_file("", small_model("x"));
    EXPECT_FALSE(w.ok);
    EXPECT_FALSE(w.error.empty());
}

} // namespace
} // namespace sy::presets
