#include "router/control/osc_bridge.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <lo/lo.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "router/control/controller.hpp"

namespace sy::router {

namespace {

std::vector<std::string> split_path(const std::string& path) {
    std::vector<std::string> parts;
    std::size_t at = 0;
    while (at < path.size()) {
        if (path[at] == '/') {
            ++at;
            continue;
        }
        const std::size_t end = path.find('/', at);
        parts.push_back(path.substr(at, end == std::string::npos ? std::string::npos : end - at));
        if (end == std::string::npos) break;
        at = end;
    }
    return parts;
}

bool numeric(char t) { return t == 'f' || t == 'd' || t == 'i' || t == 'h'; }

} // namespace

OscRequest osc_to_request(const std::string& path, const std::string& types, double number, const std::string& text) {
    using nlohmann::json;
    const auto p = split_path(path);
    if (p.size() < 2 || p[0] != "switchyard") return {std::nullopt, "not a Switchyard address"};
    const char t = types.empty() ? '\0' : types[0];
    auto want_number = [&]() { return types.size() == 1 && numeric(t); };
    auto on = [&]() { return t == 'T' ? true : t == 'F' ? false : number != 0.0; };
    auto want_flag = [&]() { return types.size() == 1 && (numeric(t) || t == 'T' || t == 'F'); };

    if (p[1] == "route" && p.size() == 5) {
        json r = {{"from", p[2]}, {"to", p[3]}};
        if (p[4] == "gain_db" && want_number()) {
            r["cmd"] = "gain";
            r["db"] = number;
            return {r, ""};
        }
        if ((p[4] == "mute" || p[4] == "solo") && want_flag()) {
            r["cmd"] = p[4];
            r["on"] = on();
            return {r, ""};
        }
    } else if (p[1] == "endpoint" && p.size() == 4) {
        if (p[3] == "gain_db" && want_number()) return {json{{"cmd", "gain"}, {"endpoint", p[2]}, {"db", number}}, ""};
        if (p[3] == "mute" && want_flag()) return {json{{"cmd", "mute"}, {"endpoint", p[2]}, {"on", on()}}, ""};
        if (p[3] == "solo" && want_flag()) return {json{{"cmd", "solo"}, {"endpoint", p[2]}, {"on", on()}}, ""};
    } else if (p[1] == "endpoint" && p.size() == 6 && p[3] == "insert") {
        // /switchyard/endpoint/ID/insert/INSERT/bypass 1, .../SYMBOL value
        json r = {{"endpoint", p[2]}, {"insert", p[4]}};
        if (p[5] == "bypass" && want_flag()) {
            r["cmd"] = "insert.bypass";
            r["on"] = on();
            return {r, ""};
        }
        if (want_number() || types == "s") {
            r["cmd"] = "insert.set";
            r["controls"] = {{p[5], types == "s" ? json(text) : json(number)}};
            return {r, ""};
        }
    } else if (p[1] == "preset" && p.size() == 3 && p[2] == "load") {
        if (types == "s") return {json{{"cmd", "preset.load"}, {"name", text}}, ""};
    }
    return {std::nullopt, "unknown address or arguments (type tags \"" + types + "\")"};
}

OscBridge::~OscBridge() { close(); }

std::string OscBridge::open(const std::string& address, int port) {
    close();
    sockaddr_storage addr{};
    socklen_t len = 0;
    auto* v4 = reinterpret_cast<sockaddr_in*>(&addr);
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&addr);
    if (inet_pton(AF_INET, address.c_str(), &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(static_cast<std::uint16_t>(port));
        len = sizeof *v4;
    } else if (inet_pton(AF_INET6, address.c_str(), &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(static_cast<std::uint16_t>(port));
        len = sizeof *v6;
    } else {
        return "OSC: \"" + address + "\" is not an IP address (e.g. 127.0.0.1 or ::1)";
    }
    fd_ = ::socket(addr.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd_ < 0) return std::string("OSC: socket: ") + std::strerror(errno);
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), len) != 0) {
        const std::string error = "OSC: cannot bind " + address + ":" + std::to_string(port) + ": " + std::strerror(errno);
        close();
        return error;
    }
    sockaddr_storage bound{};
    socklen_t bound_len = sizeof bound;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&bound), &bound_len);
    port_ = ntohs(bound.ss_family == AF_INET ? reinterpret_cast<sockaddr_in*>(&bound)->sin_port
                                             : reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port);
    return "";
}

void OscBridge::close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
}

void OscBridge::receive(Controller& controller) {
    if (fd_ < 0) return;
    std::vector<char> buf(65536);
    for (;;) {
        const ssize_t n = ::recv(fd_, buf.data(), buf.size(), 0);
        if (n < 0) return; // EAGAIN: nothing more waiting (or an error: nothing to read)
        int result = 0;
        lo_message m = lo_message_deserialise(buf.data(), static_cast<std::size_t>(n), &result);
        if (!m) {
            std::fprintf(stderr, "switchyard: osc: a packet that is not an OSC message (liblo error %d)\n", result);
            continue;
        }
        const char* path = lo_get_path(buf.data(), static_cast<ssize_t>(n));
        const char* types = lo_message_get_types(m);
        lo_arg** argv = lo_message_get_argv(m);
        double number = 0.0;
        std::string text;
        if (types && types[0] && argv) {
            if (numeric(types[0])) number = lo_hires_val(static_cast<lo_type>(types[0]), argv[0]);
            if (types[0] == 's') text = &argv[0]->s;
        }
        const std::string address = path ? path : "";
        const OscRequest r = osc_to_request(address, types ? types : "", number, text);
        lo_message_free(m);
        if (!r.request) {
            std::fprintf(stderr, "switchyard: osc: %s: %s\n", address.c_str(), r.error.c_str());
            continue;
        }
        const nlohmann::json reply = controller.run(*r.request, "osc");
        if (!reply.value("ok", false)) {
            std::fprintf(stderr, "switchyard: osc: %s: %s\n", address.c_str(),
                         reply["error"].value("message", std::string("refused")).c_str());
        }
    }
}

} // namespace sy::router
