#include "router/client/control_client.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <thread>

#include "router/client/control_paths.hpp"

namespace sy::router {

namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

// The engine's lines are bounded by what it sends (a model, a list of
// paths); this only stops a broken peer from eating all memory.
constexpr std::size_t kMaxIncomingLine = 64 << 20;

int ms_until(Clock::time_point deadline) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return static_cast<int>(std::clamp<long long>(left, 0, 1 << 30));
}

bool is_reply_to(const json& message, const json& id) {
    if (!message.is_object() || !message.contains("ok")) return false;
    const json& got = message["id"];
    return got == id || got.is_null();
}

} // namespace

ControlClient::~ControlClient() { close(); }

void ControlClient::close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    in_.clear();
}

void ControlClient::lose(std::string why) {
    close();
    last_error_ = std::move(why);
}

ConnectResult ControlClient::connect(const std::string& instance) {
    if (!valid_instance_name(instance)) {
        return {ConnectResult::Status::failed,
                "\"" + instance + "\" is not an instance name: use 1 to 64 of a-z, 0-9, '_' and '-'"};
    }
    return connect_path(control_socket_path(instance));
}

ConnectResult ControlClient::connect_path(const std::string& path) {
    close();
    kept_.clear();
    last_error_.clear();
    path_ = path;
    sockaddr_un address{};
    if (std::string error = unix_address(path, address); !error.empty()) return {ConnectResult::Status::failed, error};
    const int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return {ConnectResult::Status::failed, std::string("cannot make a socket: ") + std::strerror(errno)};

    // Non-blocking, so an engine whose backlog is full (EAGAIN) is retried
    // for a while instead of hanging us for good.
    const auto deadline = Clock::now() + kDefaultTimeout;
    int rc;
    for (;;) {
        rc = ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address);
        if (rc == 0 || (errno != EINTR && errno != EAGAIN) || Clock::now() >= deadline) break;
        if (errno == EAGAIN) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (rc != 0) {
        const int err = errno;
        ::close(fd);
        const auto status = err == ENOENT || err == ECONNREFUSED ? ConnectResult::Status::no_engine
                                                                 : ConnectResult::Status::failed;
        return {status, "cannot connect to " + path + ": " + std::strerror(err)};
    }
    // Our folder is private, but a socket in /tmp/switchyard-<uid> made by
    // someone else before us must not get our commands.
    ucred peer{};
    socklen_t size = sizeof peer;
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &peer, &size) != 0 || peer.uid != geteuid()) {
        ::close(fd);
        return {ConnectResult::Status::failed,
                "the engine at " + path + " runs as uid " + std::to_string(peer.uid) + ", not as us"};
    }
    fd_ = fd;
    return {ConnectResult::Status::connected, ""};
}

SendResult ControlClient::send_request(json request, std::chrono::milliseconds timeout) {
    if (fd_ < 0) return {nullptr, last_error_.empty() ? "not connected" : last_error_};
    json id = nullptr;
    if (request.is_object()) {
        if (!request.contains("id")) request["id"] = next_id_++;
        id = request["id"];
    }
    std::string line = request.dump(-1, ' ', false, json::error_handler_t::replace);
    line += '\n';
    if (!write_all(line, Clock::now() + timeout)) return {id, last_error_};
    return {id, ""};
}

RequestResult ControlClient::wait_reply(const json& id, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    std::size_t checked = 0; // kept_ before this index holds no reply to `id`
    for (;;) {
        for (; checked < kept_.size(); ++checked) {
            if (is_reply_to(kept_[checked], id)) {
                json reply = std::move(kept_[checked]);
                kept_.erase(kept_.begin() + static_cast<std::ptrdiff_t>(checked));
                return {std::move(reply), ""};
            }
        }
        if (fd_ < 0) return {nullptr, last_error_.empty() ? "not connected" : last_error_};
        if (Clock::now() >= deadline) {
            return {nullptr, "no reply from the engine within " + std::to_string(timeout.count()) + " ms"};
        }
        read_some(deadline);
    }
}

RequestResult ControlClient::request(json request, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    const SendResult sent = send_request(std::move(request), timeout);
    if (!sent.ok()) return {nullptr, sent.error};
    return wait_reply(sent.id, std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()));
}

std::optional<json> ControlClient::next_event(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    // One wait only: a signal (Ctrl-C in `ctl meters`) returns at once.
    if (kept_.empty() && fd_ >= 0) read_some(deadline);
    if (kept_.empty()) return std::nullopt;
    json message = std::move(kept_.front());
    kept_.pop_front();
    return message;
}

std::vector<json> ControlClient::read_available() {
    if (fd_ >= 0) read_some(Clock::now());
    std::vector<json> messages(std::make_move_iterator(kept_.begin()), std::make_move_iterator(kept_.end()));
    kept_.clear();
    return messages;
}

bool ControlClient::write_all(const std::string& bytes, Clock::time_point deadline) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n >= 0) {
            sent += static_cast<std::size_t>(n);
            continue;
        }
        if (errno == EINTR) continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK) {
            lose(std::string("cannot send to the engine: ") + std::strerror(errno));
            return false;
        }
        // The engine reads all the time; meanwhile keep what it sends us so
        // neither side waits on a full buffer.
        pollfd p{fd_, POLLOUT | POLLIN, 0};
        if (::poll(&p, 1, ms_until(deadline)) == 0 && Clock::now() >= deadline) {
            lose("the engine took no data for too long");
            return false;
        }
        if (p.revents & POLLIN) read_some(Clock::now());
        if (fd_ < 0) return false;
    }
    return true;
}

// Waits until `deadline` for data, then reads all there is and keeps every
// complete line that is JSON. Returns whether anything came.
bool ControlClient::read_some(Clock::time_point deadline) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, ms_until(deadline)) <= 0) return false; // timeout, or EINTR
    bool got = false;
    char buffer[64 * 1024];
    for (;;) {
        const ssize_t n = recv(fd_, buffer, sizeof buffer, 0);
        if (n > 0) {
            got = true;
            in_.append(buffer, static_cast<std::size_t>(n));
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
        // Lines already received stay readable below; the connection is gone.
        std::string why = n == 0 ? "the engine closed the connection" : std::string("connection lost: ") + std::strerror(errno);
        std::string pending = std::move(in_);
        lose(std::move(why));
        in_ = std::move(pending);
        break;
    }
    std::size_t start = 0;
    for (std::size_t nl; (nl = in_.find('\n', start)) != std::string::npos; start = nl + 1) {
        json message = json::parse(in_.begin() + static_cast<std::ptrdiff_t>(start),
                                   in_.begin() + static_cast<std::ptrdiff_t>(nl), nullptr, false);
        if (!message.is_discarded()) kept_.push_back(std::move(message));
    }
    in_.erase(0, start);
    if (fd_ < 0) in_.clear();
    if (in_.size() > kMaxIncomingLine) lose("the engine sent a line over 64 MiB");
    return got;
}

} // namespace sy::router
