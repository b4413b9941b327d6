// Where the control socket of an engine instance lives, and the checks that
// make its folder safe to put a socket in (docs/control-protocol.md, "The
// socket").
#pragma once

#include <sys/un.h>

#include <string>

namespace sy::router {

// [a-z0-9_-]+, 1 to 64 characters: it becomes a file name, so no '/', no '.'.
bool valid_instance_name(const std::string& name);

// $XDG_RUNTIME_DIR/switchyard, or /tmp/switchyard-<uid> when XDG_RUNTIME_DIR
// is unset or empty.
std::string control_socket_dir();

// control_socket_dir() + "/" + instance + ".sock".
std::string control_socket_path(const std::string& instance);

// Creates `dir` mode 0700 if it is missing, then checks it is a real folder
// (not a symbolic link) owned by our uid, and narrows its mode to 0700 if it
// was wider. "" or why not, naming the folder. Its parent must exist.
std::string make_private_dir(const std::string& dir);

// Fills a socket address with `path`: "" or why it does not fit (a Unix
// socket path is at most 107 bytes).
std::string unix_address(const std::string& path, sockaddr_un& address);

} // namespace sy::router
