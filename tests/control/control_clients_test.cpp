// Many connections on one server: one client's trouble (leaving mid-line,
// never reading) is never the others', and the server never waits.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>

#include "control_test_support.hpp"
#include "router/client/control_client.hpp"

namespace sy::router {
namespace {

using test::json;
using test::RawClient;
using test::RecordingHandler;
using test::RuntimeDir;

TEST(ControlClients, ClientDisconnectingMidLineLeavesTheOthersServedAndChangesNothing) {
    RuntimeDir dir;
    ControlServer server;
    RecordingHandler handler;
    ASSERT_EQ(server.listen("default"), "");
    RawClient leaver(dir.socket()), stayer(dir.socket());
    ASSERT_TRUE(leaver.write(server, handler, "{\"id\":1,\"cmd\":\"gain\",\"from\":\"daw\",\"to\":\"str"));
    ASSERT_TRUE(test::pump_until(server, handler, [&] { return server.clients().size() == 2; }));
    const ClientId leaver_id = server.clients().front();
    leaver.close();
    ASSERT_TRUE(test::pump_until(server, handler, [&] { return handler.gone().size() == 1; }));
    EXPECT_EQ(handler.gone().front(), leaver_id);
    ASSERT_TRUE(stayer.write(server, handler, "{\"id\":2}\n"));
    ASSERT_TRUE(stayer.await_lines(server, handler, 1));
    EXPECT_EQ(stayer.line_json(0)["id"], 2);
    ASSERT_EQ(handler.requests().size(), 1u) << "the unfinished line must not reach the handler";
    EXPECT_EQ(handler.requests()[0].second["id"], 2);
}

TEST(ControlClients, FiftyClientsConnectingAtOnceAllGetTheirAnswers) {
    RuntimeDir dir;
    ControlServer server;
    RecordingHandler handler;
    ASSERT_EQ(server.listen("default"), "");
    constexpr int kClients = 50;
    std::vector<std::string> failures(kClients);
    {
        test::ServerThread loop(server, handler);
        std::vector<std::thread> threads;
        for (int i = 0; i < kClients; ++i) {
            threads.emplace_back([&, i] {
                ControlClient client;
                if (const auto c = client.connect("default"); !c.ok()) {
                    failures[i] = "connect: " + c.error;
                    return;
                }
                for (int k = 0; k < 3; ++k) {
                    const json request = {{"cmd", "status"}, {"client", i}, {"k", k}};
                    const auto r = client.request(request, test::kGuard);
                    if (!r.ok()) {
                        failures[i] = r.error;
                    } else if (r.reply["result"]["echo"]["client"] != i || r.reply["result"]["echo"]["k"] != k) {
                        failures[i] = "got someone else's reply: " + r.reply.dump();
                    }
                }
            });
        }
        for (auto& t : threads) t.join();
    }
    for (int i = 0; i < kClients; ++i) EXPECT_EQ(failures[i], "") << "client " << i;
    EXPECT_EQ(handler.requests().size(), 3u * kClients);
}

TEST(ControlClients, ClientThatNeverReadsIsClosedWithoutBlockingTheServer) {
    RuntimeDir dir;
    ControlServer server;
    RecordingHandler handler;
    ASSERT_EQ(server.listen("default"), "");
    RawClient sleeper(dir.socket()), reader(dir.socket());
    ASSERT_TRUE(test::pump_until(server, handler, [&] { return server.clients().size() == 2; }));
    const ClientId sleeper_id = server.clients().front();

    // 64 KiB events, each followed by a round that must return at once: the
    // server writes what the socket takes and keeps the rest queued.
    const json event = {{"event", "meters"}, {"bulk", std::string(64 * 1024, 'm')}};
    int sent = 0;
    while (sent < 1000 && handler.gone().empty()) {
        server.send(sleeper_id, event);
        server.poll_once(std::chrono::milliseconds(0), handler);
        ++sent;
    }
    ASSERT_EQ(handler.gone(), std::vector<ClientId>{sleeper_id}) << "after " << sent << " events of 64 KiB";
    EXPECT_GE(sent * 64, 8 * 1024) << "closed before 8 MiB were queued: " << sent << " events";
    EXPECT_EQ(server.clients().size(), 1u);
    server.send(sleeper_id, event); // a closed client is ignored

    ASSERT_TRUE(reader.write(server, handler, "{\"id\":\"still here\"}\n"));
    ASSERT_TRUE(reader.await_lines(server, handler, 1));
    EXPECT_EQ(reader.line_json(0)["id"], "still here");
}

TEST(ControlClients, SendToAnUnknownClientIsIgnored) {
    RuntimeDir dir;
    ControlServer server;
    RecordingHandler handler;
    ASSERT_EQ(server.listen("default"), "");
    server.send(12345, {{"event", "changed"}});
    server.poll_once(std::chrono::milliseconds(0), handler);
    EXPECT_TRUE(server.clients().empty());
}

TEST(ControlClients, ClientIdsAreNotReused) {
    RuntimeDir dir;
    ControlServer server;
    RecordingHandler handler;
    ASSERT_EQ(server.listen("default"), "");
    std::vector<ClientId> seen;
    for (int i = 0; i < 3; ++i) {
        RawClient c(dir.socket());
        ASSERT_TRUE(test::pump_until(server, handler, [&] { return server.clients().size() == 1; }));
        seen.push_back(server.clients().front());
        c.close();
        ASSERT_TRUE(test::pump_until(server, handler, [&] { return server.clients().empty(); }));
    }
    EXPECT_NE(seen[0], seen[1]);
    EXPECT_NE(seen[1], seen[2]);
    EXPECT_EQ(handler.gone(), seen);
}

TEST(ControlClients, CallersFdsAreWatchedAndTheirReventsFilledIn) {
    RuntimeDir dir;
    ControlServer server;
    RecordingHandler handler;
    ASSERT_EQ(server.listen("default"), "");
    int pipe_fds[2];
    ASSERT_EQ(pipe(pipe_fds), 0);
    pollfd extra[1] = {{pipe_fds[0], POLLIN, 0}};
    server.poll_once(std::chrono::milliseconds(0), handler, extra);
    EXPECT_EQ(extra[0].revents, 0);
    ASSERT_EQ(write(pipe_fds[1], "x", 1), 1);
    // Nothing else is ready: the wait ends because of the caller's fd.
    server.poll_once(test::kGuard, handler, extra);
    EXPECT_TRUE(extra[0].revents & POLLIN);
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
}

} // namespace
} // namespace sy::router
