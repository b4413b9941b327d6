// A running engine on the real servers takes bad input, crowds and floods
// of commands and stays exactly as it was (or did what was asked), running.
#include <gtest/gtest.h>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "engine_under_test.hpp"
#include "jack_probe.hpp"
#include "stall_watch.hpp"
#include "router/client/control_client.hpp"

namespace sy::test {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

class ControlRobustness : public ServersTest {};

std::string small_preset(const JackProbe& probe, const std::string& name) {
    return write_temp_preset(R"({ "switchyard": 1, "name": ")" + name + R"(",
      "inputs": [ { "id": "daw", "channels": 2, "jack": { "connect": [")" + probe.port("out", 1) + R"(", ")" + probe.port("out", 2) + R"("] } } ],
      "buses": [ { "id": "mix", "channels": 2 } ],
      "outputs": [ { "id": "back", "channels": 2, "jack": { "connect": [")" + probe.port("in", 1) + R"(", ")" + probe.port("in", 2) + R"("] } },
                   { "id": "a", "channels": 2, "pipewire": { "target": "test-sink-a" } } ],
      "routes": [ { "from": "daw", "to": "mix" }, { "from": "mix", "to": "back" }, { "from": "mix", "to": "a" } ] })");
}

// A raw connection: bytes in, lines out.
class RawClient {
public:
    explicit RawClient(const std::string& path) {
        fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        path.copy(addr.sun_path, sizeof addr.sun_path - 1);
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
            ::close(fd_);
            fd_ = -1;
        }
    }
    ~RawClient() {
        if (fd_ >= 0) ::close(fd_);
    }
    bool ok() const { return fd_ >= 0; }
    bool send(const std::string& bytes) {
        std::size_t done = 0;
        while (done < bytes.size()) {
            const ssize_t n = ::send(fd_, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
            if (n <= 0) return false;
            done += static_cast<std::size_t>(n);
        }
        return true;
    }
    json line(std::chrono::milliseconds limit = 10s) {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        while (buffer_.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
            timeval tv{0, 100000};
            setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
            char buf[65536];
            const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
            if (n == 0) break;
            if (n > 0) buffer_.append(buf, static_cast<std::size_t>(n));
        }
        const auto nl = buffer_.find('\n');
        if (nl == std::string::npos) return nullptr;
        const std::string l = buffer_.substr(0, nl);
        buffer_.erase(0, nl + 1);
        return json::parse(l, nullptr, false);
    }

private:
    int fd_ = -1;
    std::string buffer_;
};

TEST_F(ControlRobustness, BadCommandsGetTheirErrorAndChangeNothing) {
    JackProbe probe("probe-bad", 2, 440.0, 0.2);
    ASSERT_TRUE(probe.ok());
    EngineUnderTest engine(small_preset(probe, "ctl-bad"));
    ASSERT_TRUE(engine.ready()) << engine.process().output();
    const json before = engine.ctl_json("model");
    ASSERT_TRUE(before.is_object());

    struct Bad {
        const char* ctl;
        int exit_code;
        const char* code;
    };
    for (const Bad& b : {Bad{"gain dax mix -6", 1, "unknown_endpoint"}, Bad{"gain daw mix 99", 1, "invalid"},
                         Bad{"gain daw mix loud", 2, ""}, Bad{"mute daw a", 1, "unknown_route"},
                         Bad{"route add a daw", 1, "invalid"}, Bad{"solo back", 1, "invalid"},
                         Bad{"preset load nothere", 1, "not_found"}, Bad{"endpoint remove ghost", 1, "unknown_endpoint"},
                         Bad{"send '{\"cmd\":\"frobnicate\"}'", 1, "unknown_command"}}) {
        const auto r = engine.ctl(b.ctl);
        EXPECT_EQ(r.exit_code, b.exit_code) << "ctl " << b.ctl << ":\n" << r.output;
        if (*b.code) {
            EXPECT_NE(r.output.find(b.code), std::string::npos) << "ctl " << b.ctl << ":\n" << r.output;
        }
    }

    RawClient raw(engine.socket_path());
    ASSERT_TRUE(raw.ok());
    ASSERT_TRUE(raw.send("{\"id\": 1, \"cmd\": \"gain\", \n"));
    EXPECT_EQ(raw.line()["error"]["code"], "parse_error");
    ASSERT_TRUE(raw.send(std::string(10 * 1024 * 1024, 'x') + "\n"));
    EXPECT_EQ(raw.line()["error"]["code"], "line_too_long");
    ASSERT_TRUE(raw.send("{\"id\": 2, \"cmd\": \"status\"}\n"));
    const json answered = raw.line();
    EXPECT_EQ(answered["id"], 2) << "the same connection still works after a 10 MB line: " << answered.dump();
    {
        RawClient leaver(engine.socket_path());
        ASSERT_TRUE(leaver.send("{\"id\": 3, \"cmd\": \"gain\", \"endpoint\": \"daw\", \"db\""));
    } // gone mid-line

    EXPECT_TRUE(engine.process().running());
    const json after = engine.ctl_json("model");
    EXPECT_EQ(after, before) << "a refused command changed the engine";
}

TEST_F(ControlRobustness, FiftyClientsConnectingAtOnceAreAllAnswered) {
    JackProbe probe("probe-fifty", 2, 440.0, 0.2);
    ASSERT_TRUE(probe.ok());
    EngineUnderTest engine(small_preset(probe, "ctl-fifty"));
    ASSERT_TRUE(engine.ready()) << engine.process().output();
    std::vector<std::thread> threads;
    std::atomic<int> answered{0};
    for (int i = 0; i < 50; ++i) {
        threads.emplace_back([&, i] {
            router::ControlClient c;
            if (!c.connect(engine.instance()).ok()) return;
            const auto r = c.request({{"cmd", i % 2 ? "status" : "paths"}}, 20s);
            if (r.ok() && r.reply["ok"] == true) ++answered;
        });
    }
    for (auto& t : threads) t.join();
    std::cout << "[ figures  ] " << answered.load() << " of 50 simultaneous clients answered\n";
    EXPECT_EQ(answered.load(), 50);
    EXPECT_TRUE(engine.process().running());
}

TEST_F(ControlRobustness, AThousandGainChangesASecondForTenSecondsCauseNoXrun) {
    JackProbe probe("probe-flood", 2, 440.0, 0.2);
    ASSERT_TRUE(probe.ok());
    EngineUnderTest engine(small_preset(probe, "ctl-flood"));
    ASSERT_TRUE(engine.ready()) << engine.process().output();
    router::ControlClient c;
    ASSERT_TRUE(c.connect(engine.instance()).ok());

    // Ten seconds paced at 1 kHz: a request every millisecond, its reply
    // waited for. Every 100th asks for the status too, so that each xrun is
    // placed within 0.1 s; one at a moment the host stalled every real-time
    // thread (see stall_watch.hpp) says nothing about the engine and is
    // counted apart. Any other fails the test.
    const StallWatch watch;
    const auto xruns_now = [&] { return c.request({{"cmd", "status"}}).reply["result"]["hub"]["xruns"].get<std::uint64_t>(); };
    std::uint64_t xruns_seen = xruns_now(), own = 0, in_stalls = 0;
    int sent = 0, refused = 0;
    const auto start = std::chrono::steady_clock::now();
    for (; sent < 10000; ++sent) {
        std::this_thread::sleep_until(start + std::chrono::microseconds(1000 * sent));
        const double db = -20.0 + 20.0 * (sent % 200) / 200.0;
        const auto reply = c.request({{"cmd", "gain"}, {"from", "daw"}, {"to", "mix"}, {"db", db}});
        if (!reply.ok() || reply.reply["ok"] != true) ++refused;
        if (sent % 100 == 99) {
            const std::uint64_t x = xruns_now();
            if (x != xruns_seen) {
                const bool host = watch.stalled_near(std::chrono::steady_clock::now() - 50ms, 150ms);
                (host ? in_stalls : own) += x - xruns_seen;
                xruns_seen = x;
            }
        }
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const json hub = c.request({{"cmd", "status"}}).reply["result"]["hub"];
    own += hub["xruns"].get<std::uint64_t>() - xruns_seen; // after the last poll: not placed, not excused
    std::cout << "[ figures  ] " << sent << " gain changes in " << seconds << " s (" << sent / seconds
              << " a second), " << refused << " refused, xruns " << own << " (and " << in_stalls
              << " while the host stalled; " << watch.stalls() << " stalls, worst " << watch.worst_us()
              << " us), JACK DSP load " << hub["dsp_load"] << "%\n";
    EXPECT_EQ(refused, 0);
    EXPECT_EQ(own, 0u);
    EXPECT_EQ(hub["oversize_cycles"], 0u) << "cycles longer than the Plan was built for, silenced";
    if (!watch.real_time()) {
        EXPECT_EQ(in_stalls, 0u) << "no witness: nothing is excused";
    }
    EXPECT_LT(seconds, 12.0) << "the engine could not keep up with 1,000 changes a second";
}

TEST_F(ControlRobustness, TheSocketIsOursAlone) {
    JackProbe probe("probe-mode", 2, 440.0, 0.2);
    ASSERT_TRUE(probe.ok());
    EngineUnderTest engine(small_preset(probe, "ctl-mode"));
    ASSERT_TRUE(engine.ready()) << engine.process().output();
    struct stat st{};
    ASSERT_EQ(::stat(engine.socket_path().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    EXPECT_EQ(st.st_uid, ::getuid());

    if (::getuid() != 0) GTEST_SKIP() << "needs root to act as another user";
    const pid_t child = ::fork();
    if (child == 0) {
        if (::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(2);
        router::ControlClient other;
        const auto c = other.connect_path(engine.socket_path());
        if (!c.ok()) ::_exit(0);
        ::_exit(other.request({{"cmd", "status"}}, 2s).ok() ? 1 : 0);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "another user's process was answered";
    EXPECT_TRUE(engine.process().running());
}

TEST_F(ControlRobustness, ASecondEngineForTheSameInstanceIsRefused) {
    JackProbe probe("probe-twice", 2, 440.0, 0.2);
    ASSERT_TRUE(probe.ok());
    const std::string preset = small_preset(probe, "ctl-twice");
    EngineUnderTest engine(preset);
    ASSERT_TRUE(engine.ready()) << engine.process().output();
    const auto second = run_command(std::string(SY_SWITCHYARD_BIN) + " run " + preset + " --instance " +
                                        engine.instance() + " --seconds 5",
                                    20);
    EXPECT_EQ(second.exit_code, 1) << second.output;
    EXPECT_NE(second.output.find("already runs"), std::string::npos) << second.output;
    EXPECT_EQ(engine.ctl("status").exit_code, 0) << "the first engine was disturbed";
}

} // namespace
} // namespace sy::test
