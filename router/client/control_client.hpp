// A client's end of the control socket: `switchyard ctl`, the tests, and a
// GUI main loop (which polls fd() and calls read_available()). Requests get a
// fresh numeric id; events, and replies nobody waits for, are kept in arrival
// order for next_event() and read_available(). One thread at a time.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace sy::router {

struct ConnectResult {
    enum class Status {
        connected,
        no_engine, // no socket, or a stale one: nothing listens (ENOENT, ECONNREFUSED)
        failed,    // anything else (permissions, a bad instance name, a foreign socket)
    };
    Status status = Status::failed;
    std::string error; // why, naming the socket path, unless connected
    bool ok() const { return status == Status::connected; }
};

struct RequestResult {
    nlohmann::json reply; // the whole reply ({"id", "ok", "result" or "error"}) when error is ""
    std::string error;    // the transport failed: timeout, connection lost
    bool ok() const { return error.empty(); }
};

struct SendResult {
    nlohmann::json id;  // the id the reply will carry
    std::string error;
    bool ok() const { return error.empty(); }
};

class ControlClient {
public:
    static constexpr std::chrono::milliseconds kDefaultTimeout{5000};

    ControlClient() = default;
    ~ControlClient(); // close()
    ControlClient(const ControlClient&) = delete;
    ControlClient& operator=(const ControlClient&) = delete;

    // The socket of `instance` (control_socket_path()). The engine must run
    // as our uid.
    ConnectResult connect(const std::string& instance);
    ConnectResult connect_path(const std::string& path);
    void close();
    bool connected() const { return fd_ >= 0; }
    int fd() const { return fd_; } // readable when read_available() has something; -1 when closed

    // Sends `request` and waits for its reply; messages arriving meanwhile
    // are kept. An object without "id" gets a fresh numeric one; an "id" the
    // caller set is kept. A reply with a null id and "ok" (the engine could
    // not read the line: parse_error, line_too_long) is taken as this one's.
    RequestResult request(nlohmann::json request, std::chrono::milliseconds timeout = kDefaultTimeout);

    // The two halves of request(), for a main loop that must not wait.
    SendResult send_request(nlohmann::json request, std::chrono::milliseconds timeout = kDefaultTimeout);
    RequestResult wait_reply(const nlohmann::json& id, std::chrono::milliseconds timeout = kDefaultTimeout);

    // The next kept message (an event, or a reply no request() claimed),
    // waiting at most `timeout` for one; nullopt on timeout or when the
    // connection is gone (then connected() is false).
    std::optional<nlohmann::json> next_event(std::chrono::milliseconds timeout);
    // Every kept message plus whatever can be read now, without waiting.
    std::vector<nlohmann::json> read_available();

    // Why the connection ended, once connected() is false.
    const std::string& last_error() const { return last_error_; }

private:
    bool write_all(const std::string& bytes, std::chrono::steady_clock::time_point deadline);
    bool read_some(std::chrono::steady_clock::time_point deadline); // false: nothing came in time, or closed
    void lose(std::string why);

    int fd_ = -1;
    std::string path_;
    std::string in_;
    std::deque<nlohmann::json> kept_;
    std::uint64_t next_id_ = 1;
    std::string last_error_;
};

} // namespace sy::router
