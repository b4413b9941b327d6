#include "presets/text_file.hpp"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sy::presets {

TextFile read_text_file(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return {std::nullopt, std::strerror(errno)};
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        ::close(fd);
        return {std::nullopt, "is a directory, not a preset file"};
    }
    // Read to the end rather than trusting st_size: pipes (<(...)) have none.
    std::string text;
    char buffer[65536];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const int err = errno;
            ::close(fd);
            return {std::nullopt, std::strerror(err)};
        }
        if (n == 0) break;
        text.append(buffer, static_cast<std::size_t>(n));
        if (text.size() > kMaxPresetBytes) {
            ::close(fd);
            return {std::nullopt, "larger than 16 MiB, not a preset file"};
        }
    }
    ::close(fd);
    return {std::move(text), {}};
}

} // namespace sy::presets
