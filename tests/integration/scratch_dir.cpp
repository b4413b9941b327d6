// Where the integration and GUI tests put their files: temp_path() and
// temp_folder() (declared in test_servers.hpp).
#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "test_servers.hpp"
#include "tests/presets/scratch_dir.hpp"

namespace sy::test {

namespace {

// The folder for one test program's files, removed when the program ends.
// In /dev/shm when there is one: pw-record writes its WAV from the thread
// that takes the stream's buffers, and a write that waits for a disk (an
// ext4 journal commit can take tens of milliseconds) loses buffers, a gap in
// the recording that no server missed and no witness saw. Memory never waits.
std::filesystem::path scratch_base() {
    const std::filesystem::path shm = "/dev/shm";
    std::error_code ec;
    return std::filesystem::is_directory(shm, ec) && access(shm.c_str(), W_OK) == 0
               ? shm
               : std::filesystem::temp_directory_path();
}

std::filesystem::path program_scratch() {
    static const presets::test_support::ScratchDir scratch(scratch_base());
    return scratch.path().empty() ? std::filesystem::temp_directory_path() : scratch.path();
}

} // namespace

std::string temp_folder(const std::string& stem) {
    std::string pattern = (program_scratch() / (stem + "-XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr) {
        ADD_FAILURE() << "mkdtemp(" << pattern << "): " << std::strerror(errno);
        return {};
    }
    return pattern;
}

std::string temp_path(const std::string& suffix) {
    const auto dir = program_scratch();
    std::string pattern = (dir / ("sy-test-XXXXXX" + suffix)).string();
    const int fd = mkstemps(pattern.data(), static_cast<int>(suffix.size()));
    if (fd < 0) {
        ADD_FAILURE() << "mkstemps(" << pattern << "): " << std::strerror(errno);
        return {};
    }
    close(fd);
    return pattern;
}

} // namespace sy::test
