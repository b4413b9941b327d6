#include "presets/atomic_file.hpp"

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sy::presets {
namespace {

std::string error_text(const std::string& what, int err) {
    return what + ": " + std::strerror(err);
}

std::string directory_of(const std::string& path) {
    const auto slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}

std::string name_of(const std::string& path) {
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// The umask, read without changing it: umask(2) can only be read by setting
// it, which races with other threads creating files.
mode_t current_umask() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.starts_with("Umask:")) return static_cast<mode_t>(std::strtoul(line.c_str() + 6, nullptr, 8));
    }
    return 022;
}

// The file the caller means: through a symbolic link (dotfile managers link
// presets into place, and a rename over the link would replace it).
std::string real_target(const std::string& path) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return path;
    char resolved[PATH_MAX];
    return ::realpath(path.c_str(), resolved) ? std::string(resolved) : path;
}

mode_t mode_for(const std::string& target) {
    struct stat st {};
    if (::stat(target.c_str(), &st) == 0 && S_ISREG(st.st_mode)) return st.st_mode & 07777;
    return 0666 & ~current_umask();
}

bool write_all(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return false;
        if (n == 0) {
            errno = EIO; // no progress and no reason given
            return false;
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

WriteResult replace(const std::string& path, std::string_view bytes) {
    const std::string target = real_target(path);
    const std::string directory = directory_of(target);
    std::string temp = directory + "/." + name_of(target) + ".XXXXXX";
    std::vector<char> temp_buffer(temp.begin(), temp.end());
    temp_buffer.push_back('\0');

    const int fd = ::mkostemp(temp_buffer.data(), O_CLOEXEC);
    if (fd < 0) {
        const int err = errno;
        return {false, error_text("cannot save " + path + ": cannot create a file in " + directory, err)};
    }
    temp = temp_buffer.data();

    // errno is taken right after the failing call, before anything else can
    // touch it; then the temporary file goes and the target stays as it was.
    const auto fail = [&](const char* what, bool still_open) -> WriteResult {
        const int err = errno;
        if (still_open) ::close(fd);
        ::unlink(temp.c_str());
        return {false, error_text("cannot save " + path + ": " + what, err)};
    };

    // mkstemp makes 0600; give the file the mode it had (or would get). A
    // file system without modes (vfat) refuses: not a reason to fail the save.
    (void)::fchmod(fd, mode_for(target));
    if (!write_all(fd, bytes)) return fail("write failed", true);
    if (::fsync(fd) != 0) return fail("fsync failed", true);
    if (::close(fd) != 0) return fail("close failed", false);
    if (::rename(temp.c_str(), target.c_str()) != 0) return fail("cannot put the new file in place", false);

    // The rename is durable only once the directory entry is on disk.
    const int dir = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0) {
        const int err = errno;
        return {false, error_text("saved " + path + ", but cannot open " + directory + " to sync it", err)};
    }
    const int synced = ::fsync(dir);
    const int err = errno;
    ::close(dir);
    if (synced != 0) return {false, error_text("saved " + path + ", but syncing " + directory + " failed", err)};
    return {true, {}};
}

} // namespace

WriteResult write_file_atomically(const std::string& path, std::string_view bytes) {
    if (path.empty() || path.back() == '/') return {false, "cannot save \"" + path + "\": not a file name"};
    try {
        return replace(path, bytes);
    } catch (const std::exception& e) {
        return {false, "cannot save " + path + ": " + e.what()};
    }
}

} // namespace sy::presets
