#include "router/control/control_server.hpp"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <climits>
#include <cstring>

#include "router/client/control_paths.hpp"

namespace sy::router {

namespace {

using nlohmann::json;

// One client is read at most this much per poll_once, so a client that
// floods cannot starve the others (poll is level-triggered: the rest waits).
constexpr std::size_t kReadPerRound = 1 << 20;
// accept() out of descriptors leaves the listening socket readable; waiting
// a little before trying again avoids spinning on it.
constexpr auto kAcceptPause = std::chrono::milliseconds(100);

std::string errno_text() { return std::strerror(errno); }

json error_reply(const json& id, const char* code, std::string message) {
    return {{"id", id}, {"ok", false}, {"error", {{"code", code}, {"message", std::move(message)}}}};
}

// One line on the wire. `replace` turns bad UTF-8 (from a request echoed
// back, say) into U+FFFD instead of throwing.
std::string wire_line(const json& message) {
    std::string line = message.dump(-1, ' ', false, json::error_handler_t::replace);
    line += '\n';
    return line;
}

enum class Probe { live, stale, failed };

// Whether an engine answers on the socket at `path`. Non-blocking, so an
// engine too busy to accept (a full backlog: EAGAIN) counts as live rather
// than making us wait.
Probe probe(const std::string& path, std::string& error) {
    sockaddr_un address{};
    if (error = unix_address(path, address); !error.empty()) return Probe::failed;
    const int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        error = "cannot make a socket: " + errno_text();
        return Probe::failed;
    }
    int rc;
    do {
        rc = connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address);
    } while (rc != 0 && errno == EINTR);
    const int err = rc == 0 ? 0 : errno;
    ::close(fd);
    if (rc == 0 || err == EAGAIN || err == EINPROGRESS) return Probe::live;
    if (err == ECONNREFUSED || err == ENOENT) return Probe::stale;
    error = "cannot probe the socket " + path + ": " + std::strerror(err);
    return Probe::failed;
}

struct DepthExceeded {};

} // namespace

ControlServer::~ControlServer() { close(); }

std::string ControlServer::listen(const std::string& instance) {
    if (listen_fd_ >= 0) return "already listening on " + path_;
    if (!valid_instance_name(instance)) {
        return "\"" + instance + "\" is not an instance name: use 1 to 64 of a-z, 0-9, '_' and '-'";
    }
    const std::string dir = control_socket_dir();
    if (std::string error = make_private_dir(dir); !error.empty()) return error;
    const std::string path = control_socket_path(instance);

    // Only a socket is probed: lstat does not follow a planted symbolic link,
    // and whatever is not a socket is simply replaced by the rename below.
    struct stat st {};
    if (lstat(path.c_str(), &st) == 0 && S_ISSOCK(st.st_mode)) {
        std::string error;
        switch (probe(path, error)) {
        case Probe::live:
            return "an engine already runs as instance \"" + instance + "\" (" + path + "); stop it or use --instance";
        case Probe::failed:
            return error;
        case Probe::stale:
            break;
        }
    }
    return bind_and_rename(dir, path);
}

// The socket is bound under a temporary name with umask 0177, so it is 0600
// from its first moment (fchmod on a socket does not reach its file), then
// renamed over `path`: rename replaces a symbolic link there instead of
// following it, and clients never see a half-made socket.
std::string ControlServer::bind_and_rename(const std::string& dir, const std::string& path) {
    static std::atomic<unsigned> serial{0};
    const std::string temp = dir + "/.bind-" + std::to_string(getpid()) + "-" + std::to_string(serial++) + ".sock";
    sockaddr_un address{};
    if (std::string error = unix_address(path, address); !error.empty()) return error;
    if (std::string error = unix_address(temp, address); !error.empty()) return error;

    const int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return "cannot make a socket: " + errno_text();
    ::unlink(temp.c_str()); // left by a dead process that had our pid
    // umask is per process: another thread creating a file in these few
    // instructions gets 0600 too, which is harmless.
    const mode_t old_umask = umask(0177);
    const int bound = bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address);
    const int bind_errno = errno;
    umask(old_umask);

    std::string error;
    if (bound != 0) {
        error = "cannot bind " + temp + ": " + std::strerror(bind_errno);
    } else if (::listen(fd, SOMAXCONN) != 0) {
        error = "cannot listen on " + temp + ": " + errno_text();
    } else if (rename(temp.c_str(), path.c_str()) != 0) {
        error = "cannot put the socket at " + path + ": " + errno_text();
    }
    struct stat st {};
    if (error.empty() && lstat(path.c_str(), &st) != 0) error = "cannot inspect " + path + ": " + errno_text();
    if (!error.empty()) {
        ::close(fd);
        if (bound == 0) ::unlink(temp.c_str());
        return error;
    }
    listen_fd_ = fd;
    path_ = path;
    dev_ = st.st_dev;
    ino_ = st.st_ino;
    return "";
}

void ControlServer::close() {
    for (auto& [id, c] : clients_) ::close(c.fd);
    clients_.clear();
    if (listen_fd_ < 0) return;
    ::close(listen_fd_);
    listen_fd_ = -1;
    // Another engine may have taken the name since (after we were thought
    // dead): its socket is not ours to remove.
    struct stat st {};
    if (lstat(path_.c_str(), &st) == 0 && S_ISSOCK(st.st_mode) && st.st_dev == dev_ && st.st_ino == ino_) {
        ::unlink(path_.c_str());
    }
}

std::vector<ClientId> ControlServer::clients() const {
    std::vector<ClientId> ids;
    for (const auto& [id, c] : clients_) {
        if (!c.dead) ids.push_back(id);
    }
    return ids;
}

void ControlServer::send(ClientId client, const json& message) {
    const auto it = clients_.find(client);
    if (it != clients_.end()) queue(it->second, message);
}

void ControlServer::poll_once(std::chrono::milliseconds timeout, ControlHandler& handler, std::span<pollfd> extra) {
    // Control thread only.
    for (auto& [id, c] : clients_) write_to(c); // events send() queued since the last round
    reap(handler);

    const auto now = std::chrono::steady_clock::now();
    const bool accepting = listen_fd_ >= 0 && now >= accept_paused_until_;
    if (listen_fd_ >= 0 && !accepting) {
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(accept_paused_until_ - now);
        if (timeout.count() < 0 || left < timeout) timeout = left;
    }
    std::vector<pollfd> fds;
    std::vector<ClientId> ids;
    fds.reserve(1 + clients_.size() + extra.size());
    fds.push_back({listen_fd_, static_cast<short>(accepting ? POLLIN : 0), 0});
    for (const auto& [id, c] : clients_) {
        short events = c.peer_done ? 0 : POLLIN; // after EOF POLLIN would never clear
        if (c.out_sent < c.out.size()) events |= POLLOUT;
        fds.push_back({c.fd, events, 0});
        ids.push_back(id);
    }
    for (const pollfd& p : extra) fds.push_back({p.fd, p.events, 0});

    const int wait_ms = timeout.count() < 0 ? -1 : static_cast<int>(std::min<long long>(timeout.count(), INT_MAX));
    const int ready = ::poll(fds.data(), fds.size(), wait_ms);
    const std::size_t first_extra = 1 + ids.size();
    for (std::size_t i = 0; i < extra.size(); ++i) extra[i].revents = ready > 0 ? fds[first_extra + i].revents : 0;
    if (ready <= 0) return; // timeout, or EINTR: the caller's loop looks at its signals and comes back

    if (fds[0].revents & POLLIN) accept_clients();
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (!(fds[1 + i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
        auto& c = clients_.at(ids[i]);
        if (!c.dead && !c.peer_done) read_from(ids[i], c, handler);
        if (fds[1 + i].revents & POLLERR) c.dead = true;
    }
    for (auto& [id, c] : clients_) {
        write_to(c);
        if (c.peer_done && c.out_sent == c.out.size()) c.dead = true; // every reply written: done
    }
    reap(handler);
}

void ControlServer::accept_clients() {
    for (;;) {
        const int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED) continue;
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                accept_paused_until_ = std::chrono::steady_clock::now() + kAcceptPause;
            }
            return; // EAGAIN: nobody else is waiting
        }
        // The socket's 0600 keeps other users out; the peer's uid is checked
        // as well so a socket made reachable by mistake still admits only us.
        ucred peer{};
        socklen_t size = sizeof peer;
        const bool ours = getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &peer, &size) == 0 && peer.uid == geteuid();
        if (!ours || clients_.size() >= kMaxClients) {
            ::close(fd);
            continue;
        }
        Connection c;
        c.fd = fd;
        clients_.emplace(next_id_++, std::move(c));
    }
}

void ControlServer::read_from(ClientId id, Connection& c, ControlHandler& handler) {
    char buffer[64 * 1024];
    std::size_t taken = 0;
    while (!c.dead && taken < kReadPerRound) {
        const ssize_t n = recv(c.fd, buffer, sizeof buffer, 0);
        if (n > 0) {
            taken += static_cast<std::size_t>(n);
            take_bytes(id, c, buffer, static_cast<std::size_t>(n), handler);
        } else if (n == 0) {
            // The peer is done sending; a line it left unfinished is dropped
            // unanswered. Replies already queued are still written.
            c.peer_done = true;
            c.in.clear();
            return;
        } else if (errno == EINTR) {
            continue;
        } else {
            if (errno != EAGAIN && errno != EWOULDBLOCK) c.dead = true;
            return;
        }
    }
}

void ControlServer::take_bytes(ClientId id, Connection& c, const char* data, std::size_t size,
                               ControlHandler& handler) {
    while (size > 0 && !c.dead) {
        const auto* newline = static_cast<const char*>(std::memchr(data, '\n', size));
        const std::size_t piece = newline ? static_cast<std::size_t>(newline - data) : size;
        if (c.discarding) {
            c.discarding = newline == nullptr;
        } else if (c.in.size() + piece > kMaxLine) {
            // Answered once, as soon as the limit is passed; the rest of the
            // line is then dropped without being kept.
            queue(c, error_reply(nullptr, "line_too_long",
                                 "a request line is at most " + std::to_string(kMaxLine) + " bytes"));
            c.in.clear();
            c.in.shrink_to_fit();
            c.discarding = newline == nullptr;
        } else {
            c.in.append(data, piece);
            if (newline) {
                handle_line(id, c, c.in, handler);
                c.in.clear();
            }
        }
        if (!newline) return;
        data = newline + 1;
        size -= piece + 1;
    }
}

void ControlServer::handle_line(ClientId id, Connection& c, std::string& line, ControlHandler& handler) {
    if (!line.empty() && line.back() == '\r') line.pop_back(); // socat's crlf, telnet
    if (line.find_first_not_of(" \t") == std::string::npos) return;

    json request;
    try {
        // dump() recurses: a request nested a million deep would overflow
        // the stack when echoed, so nesting is bounded while parsing.
        request = json::parse(line, [](int depth, json::parse_event_t, json&) {
            if (depth > kMaxDepth) throw DepthExceeded{};
            return true;
        });
    } catch (const json::exception& e) {
        queue(c, error_reply(nullptr, "parse_error", e.what()));
        return;
    } catch (const DepthExceeded&) {
        queue(c, error_reply(nullptr, "parse_error", "nested deeper than " + std::to_string(kMaxDepth) + " levels"));
        return;
    }
    try {
        queue(c, handler.handle(id, request));
    } catch (const std::exception& e) {
        // A bug in a command must not take the engine (and the audio) down.
        const json request_id = request.is_object() && request.contains("id") ? request["id"] : json(nullptr);
        queue(c, error_reply(request_id, "internal_error", e.what()));
    }
}

void ControlServer::queue(Connection& c, const json& message) {
    if (c.dead) return;
    const std::string line = wire_line(message);
    if (c.out.size() - c.out_sent + line.size() > kMaxQueued) {
        c.dead = true; // it stopped reading: nothing more for it
        c.out.clear();
        c.out.shrink_to_fit();
        c.out_sent = 0;
        return;
    }
    if (c.out_sent > 0 && c.out_sent >= c.out.size() / 2) {
        c.out.erase(0, c.out_sent);
        c.out_sent = 0;
    }
    c.out += line;
}

void ControlServer::write_to(Connection& c) {
    while (!c.dead && c.out_sent < c.out.size()) {
        // MSG_NOSIGNAL: a client gone mid-write is an EPIPE here, not a
        // SIGPIPE that would kill the engine.
        const ssize_t n = ::send(c.fd, c.out.data() + c.out_sent, c.out.size() - c.out_sent, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n >= 0) {
            c.out_sent += static_cast<std::size_t>(n);
        } else if (errno == EINTR) {
            continue;
        } else {
            if (errno != EAGAIN && errno != EWOULDBLOCK) c.dead = true;
            return;
        }
    }
    if (c.out_sent == c.out.size() && c.out_sent > 0) {
        c.out.clear();
        c.out_sent = 0;
    }
}

void ControlServer::reap(ControlHandler& handler) {
    std::vector<ClientId> gone;
    for (auto it = clients_.begin(); it != clients_.end();) {
        if (!it->second.dead) {
            ++it;
            continue;
        }
        ::close(it->second.fd);
        gone.push_back(it->first);
        it = clients_.erase(it);
    }
    for (const ClientId id : gone) handler.disconnected(id);
}

} // namespace sy::router
