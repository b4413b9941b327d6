// The engine's end of the control socket: JSON lines over a Unix stream
// socket (docs/control-protocol.md, "The socket" and "Framing"). It owns no
// thread: the control thread calls poll_once() in its loop, which accepts,
// reads, hands every complete line to a ControlHandler and writes what is
// queued, never waiting on a slow client.
#pragma once

#include <poll.h>
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "router/control/control_handler.hpp"

namespace sy::router {

class ControlServer : public EventSink {
public:
    static constexpr std::size_t kMaxLine = 1 << 20;   // bytes in one request line, without its '\n'
    static constexpr std::size_t kMaxQueued = 8 << 20; // bytes waiting for one client before it is closed
    static constexpr std::size_t kMaxClients = 512;    // more are accepted and closed at once
    static constexpr int kMaxDepth = 100;              // nesting of a request (dump() recurses)

    ControlServer() = default;
    ~ControlServer(); // close()
    ControlServer(const ControlServer&) = delete;
    ControlServer& operator=(const ControlServer&) = delete;

    // Control thread only. Makes the socket folder private, probes a socket
    // already at the path (refuses when an engine answers, replaces a stale
    // one) and binds a 0600 socket there. "" or why not.
    std::string listen(const std::string& instance);
    // Closes every client (without calling the handler) and the listening
    // socket, and removes the socket file if it is still the one we bound.
    void close();

    // Control thread only. Waits at most `timeout` (negative: no limit) for
    // the listening socket, the clients or the caller's `extra` fds (their
    // revents are filled in, 0 when nothing happened), then accepts, reads,
    // calls handler.handle() for every complete line, writes what it can and
    // reports closed clients to handler.disconnected(). Returns early, having
    // done nothing, when a signal interrupts the wait.
    void poll_once(std::chrono::milliseconds timeout, ControlHandler& handler, std::span<pollfd> extra = {});

    // Control thread only. Queues one event line for `client`; an unknown or
    // closed client is ignored. A client with more than kMaxQueued bytes
    // waiting is closed (reported at the next poll_once).
    void send(ClientId client, const nlohmann::json& message) override;

    std::vector<ClientId> clients() const; // connected, in the order they came
    const std::string& path() const { return path_; }
    bool listening() const { return listen_fd_ >= 0; }

private:
    struct Connection {
        int fd = -1;
        std::string in;          // the line being received
        bool discarding = false; // inside a line over kMaxLine: drop up to its newline
        std::string out;         // bytes queued, out_sent of them already written
        std::size_t out_sent = 0;
        bool peer_done = false;  // the peer shut down its side: close once out is written
        bool dead = false;       // to close and report at the end of poll_once
    };

    std::string bind_and_rename(const std::string& dir, const std::string& path);
    void accept_clients();
    void read_from(ClientId id, Connection& c, ControlHandler& handler);
    void take_bytes(ClientId id, Connection& c, const char* data, std::size_t size, ControlHandler& handler);
    void handle_line(ClientId id, Connection& c, std::string& line, ControlHandler& handler);
    void queue(Connection& c, const nlohmann::json& message);
    void write_to(Connection& c);
    void reap(ControlHandler& handler);

    int listen_fd_ = -1;
    std::string path_;
    dev_t dev_ = 0; // the socket file we bound, to remove only that one
    ino_t ino_ = 0;
    std::map<ClientId, Connection> clients_;
    ClientId next_id_ = 1;
    std::chrono::steady_clock::time_point accept_paused_until_{};
};

} // namespace sy::router
