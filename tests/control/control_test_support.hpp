// What the control transport tests share: a private XDG_RUNTIME_DIR, a
// handler that records what arrived, a server loop on a thread, and a raw
// socket client for framing tests that pump the server on their own thread.
#pragma once

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "router/control/control_server.hpp"

namespace sy::test {

using nlohmann::json;
using router::ClientId;
using router::ControlHandler;
using router::ControlServer;

// Only a guard against a hung test, never a figure the test measures.
inline constexpr auto kGuard = std::chrono::seconds(30);

// A fresh folder in /tmp as XDG_RUNTIME_DIR for the test's lifetime (short,
// since a socket path is at most 107 bytes).
class RuntimeDir {
public:
    RuntimeDir() {
        char name[] = "/tmp/sy-ctl-XXXXXX";
        path_ = mkdtemp(name);
        if (const char* old = std::getenv("XDG_RUNTIME_DIR")) old_ = old;
        setenv("XDG_RUNTIME_DIR", path_.c_str(), 1);
    }
    ~RuntimeDir() {
        if (old_) {
            setenv("XDG_RUNTIME_DIR", old_->c_str(), 1);
        } else {
            unsetenv("XDG_RUNTIME_DIR");
        }
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    RuntimeDir(const RuntimeDir&) = delete;
    RuntimeDir& operator=(const RuntimeDir&) = delete;

    const std::string& path() const { return path_; }
    std::string folder() const { return path_ + "/switchyard"; }
    std::string socket(const std::string& instance = "default") const { return folder() + "/" + instance + ".sock"; }

private:
    std::string path_;
    std::optional<std::string> old_;
};

// Answers {"id", "ok": true, "result": {"echo": request}} unless `answer` is
// set; records every request and disconnection. Thread-safe.
class RecordingHandler : public ControlHandler {
public:
    std::function<json(ClientId, const json&)> answer;

    json handle(ClientId client, const json& request) override {
        {
            std::lock_guard lock(mutex_);
            requests_.emplace_back(client, request);
        }
        if (answer) return answer(client, request);
        const json id = request.is_object() && request.contains("id") ? request["id"] : json(nullptr);
        return {{"id", id}, {"ok", true}, {"result", {{"echo", request}}}};
    }
    void disconnected(ClientId client) override {
        std::lock_guard lock(mutex_);
        gone_.push_back(client);
    }
    std::vector<std::pair<ClientId, json>> requests() const {
        std::lock_guard lock(mutex_);
        return requests_;
    }
    std::vector<ClientId> gone() const {
        std::lock_guard lock(mutex_);
        return gone_;
    }

private:
    mutable std::mutex mutex_;
    std::vector<std::pair<ClientId, json>> requests_;
    std::vector<ClientId> gone_;
};

// Runs server.poll_once in a loop on its own thread, like the engine's
// control thread. `each_round` runs on that thread after every poll_once
// (the place to send() events).
class ServerThread {
public:
    ServerThread(ControlServer& server, ControlHandler& handler, std::function<void()> each_round = {})
        : thread_([this, &server, &handler, each_round = std::move(each_round)] {
              while (!stop_) {
                  server.poll_once(std::chrono::milliseconds(5), handler);
                  if (each_round) each_round();
              }
          }) {}
    ~ServerThread() {
        stop_ = true;
        thread_.join();
    }
    ServerThread(const ServerThread&) = delete;
    ServerThread& operator=(const ServerThread&) = delete;

private:
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

// Pumps the server until `done()`; false if the guard ran out first.
template <class Done>
bool pump_until(ControlServer& server, ControlHandler& handler, Done done) {
    const auto deadline = std::chrono::steady_clock::now() + kGuard;
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        server.poll_once(std::chrono::milliseconds(5), handler);
    }
    return true;
}

// A bare non-blocking socket to the server, for tests that write exact bytes.
class RawClient {
public:
    explicit RawClient(const std::string& path) {
        fd_ = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
        if (connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
            ::close(fd_);
            fd_ = -1;
            return;
        }
        fcntl(fd_, F_SETFL, fcntl(fd_, F_GETFL) | O_NONBLOCK);
    }
    ~RawClient() { close(); }
    RawClient(const RawClient&) = delete;
    RawClient& operator=(const RawClient&) = delete;

    bool connected() const { return fd_ >= 0; }
    void close() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }
    void shutdown_writing() { ::shutdown(fd_, SHUT_WR); }

    // Writes all of `bytes`, pumping the server whenever the socket is full.
    bool write(ControlServer& server, ControlHandler& handler, const std::string& bytes) {
        std::size_t sent = 0;
        return pump_until(server, handler, [&] {
            while (sent < bytes.size()) {
                const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
                if (n <= 0) return false;
                sent += static_cast<std::size_t>(n);
            }
            return true;
        });
    }

    // Reads what has arrived; complete lines go to lines(), EOF sets eof().
    void read() {
        char buffer[65536];
        for (;;) {
            const ssize_t n = recv(fd_, buffer, sizeof buffer, 0);
            if (n == 0) eof_ = true;
            if (n <= 0) break;
            in_.append(buffer, static_cast<std::size_t>(n));
        }
        for (std::size_t nl; (nl = in_.find('\n')) != std::string::npos; in_.erase(0, nl + 1)) {
            lines_.push_back(in_.substr(0, nl));
        }
    }

    // Pumps the server until `count` lines have come in (or EOF, or the guard).
    bool await_lines(ControlServer& server, ControlHandler& handler, std::size_t count) {
        return pump_until(server, handler, [&] {
            read();
            return lines_.size() >= count || eof_;
        }) && lines_.size() >= count;
    }

    const std::vector<std::string>& lines() const { return lines_; }
    json line_json(std::size_t i) const { return json::parse(lines_.at(i)); }
    bool eof() const { return eof_; }
    int fd() const { return fd_; }

private:
    int fd_ = -1;
    std::string in_;
    std::vector<std::string> lines_;
    bool eof_ = false;
};

} // namespace sy::test
