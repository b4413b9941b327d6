#include "router/client/control_paths.hpp"

#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace sy::router {

bool valid_instance_name(const std::string& name) {
    if (name.empty() || name.size() > 64) return false;
    for (const char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        if (!ok) return false;
    }
    return true;
}

std::string control_socket_dir() {
    if (const char* xdg = std::getenv("XDG_RUNTIME_DIR"); xdg && *xdg) return std::string(xdg) + "/switchyard";
    return "/tmp/switchyard-" + std::to_string(geteuid());
}

std::string control_socket_path(const std::string& instance) {
    return control_socket_dir() + "/" + instance + ".sock";
}

std::string make_private_dir(const std::string& dir) {
    // mkdir never follows a symbolic link at `dir` (EEXIST), and lstat below
    // sees the link itself, so a link planted in a shared /tmp is refused
    // rather than used.
    if (mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
        return "cannot create the folder " + dir + ": " + std::strerror(errno);
    }
    struct stat st {};
    if (lstat(dir.c_str(), &st) != 0) return "cannot inspect the folder " + dir + ": " + std::strerror(errno);
    if (S_ISLNK(st.st_mode)) return dir + " is a symbolic link, not a folder; remove it (someone may have planted it)";
    if (!S_ISDIR(st.st_mode)) return dir + " exists and is not a folder; remove it";
    if (st.st_uid != geteuid()) {
        return dir + " belongs to uid " + std::to_string(st.st_uid) + ", not to us (uid " + std::to_string(geteuid()) +
               "); remove it or set XDG_RUNTIME_DIR";
    }
    // Ours but wider than 0700 (an old umask, a hand-made folder): narrow it,
    // since the socket's 0600 is the only other barrier.
    if ((st.st_mode & 07777) != 0700 && chmod(dir.c_str(), 0700) != 0) {
        return "cannot make the folder " + dir + " private (mode 0700): " + std::strerror(errno);
    }
    return "";
}

std::string unix_address(const std::string& path, sockaddr_un& address) {
    address = {};
    address.sun_family = AF_UNIX;
    if (path.empty() || path.size() >= sizeof address.sun_path) {
        return "the socket path " + path + " is too long for a Unix socket (" + std::to_string(path.size()) +
               " bytes, at most " + std::to_string(sizeof address.sun_path - 1) + "); use a shorter XDG_RUNTIME_DIR";
    }
    std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
    return "";
}

} // namespace sy::router
