// ControlClient: telling "no engine" from other failures, ids and replies,
// events that arrive while a request waits, the non-blocking half.
#include <gtest/gtest.h>

#include <poll.h>

#include <fstream>

#include "control_test_support.hpp"
#include "router/client/control_client.hpp"
#include "router/client/control_paths.hpp"

namespace sy::router {
namespace {

using test::json;
using test::RecordingHandler;
using test::RuntimeDir;
using Status = ConnectResult::Status;

TEST(ControlClient, NoSocketMeansNoEngine) {
    RuntimeDir dir;
    ControlClient client;
    const auto r = client.connect("default");
    EXPECT_EQ(r.status, Status::no_engine) << r.error;
    EXPECT_NE(r.error.find(dir.socket()), std::string::npos) << r.error;
    EXPECT_FALSE(client.connected());
}

TEST(ControlClient, StaleSocketMeansNoEngine) {
    RuntimeDir dir;
    ASSERT_EQ(make_private_dir(dir.folder()), "");
    const int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address{};
    ASSERT_EQ(unix_address(dir.socket(), address), "");
    ASSERT_EQ(bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address), 0);
    ::close(fd);
    ControlClient client;
    EXPECT_EQ(client.connect("default").status, Status::no_engine);
}

TEST(ControlClient, BadInstanceNameOrUnreachableSocketIsAnotherFailure) {
    RuntimeDir dir;
    ControlClient client;
    EXPECT_EQ(client.connect("Bad/Name").status, Status::failed);
    std::ofstream(dir.path() + "/file") << "x";
    EXPECT_EQ(client.connect_path(dir.path() + "/file/x.sock").status, Status::failed) << "ENOTDIR";
    EXPECT_EQ(client.connect_path("/tmp/" + std::string(200, 'x')).status, Status::failed) << "too long";
}

class ControlClientTest : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_EQ(server.listen("default"), ""); }
    // After the test has set handler.answer: the loop reads it.
    void start() {
        loop = std::make_unique<test::ServerThread>(server, handler);
        const auto c = client.connect("default");
        ASSERT_TRUE(c.ok()) << c.error;
    }
    void TearDown() override { loop.reset(); }

    RuntimeDir dir;
    ControlServer server;
    RecordingHandler handler;
    std::unique_ptr<test::ServerThread> loop;
    ControlClient client;
};

TEST_F(ControlClientTest, EachRequestGetsAFreshIdAndItsOwnReply) {
    start();
    const auto a = client.request({{"cmd", "status"}});
    const auto b = client.request({{"cmd", "routes"}});
    ASSERT_TRUE(a.ok()) << a.error;
    ASSERT_TRUE(b.ok()) << b.error;
    EXPECT_TRUE(a.reply["id"].is_number_integer()) << a.reply;
    EXPECT_NE(a.reply["id"], b.reply["id"]);
    EXPECT_EQ(a.reply["result"]["echo"]["cmd"], "status");
    EXPECT_EQ(b.reply["result"]["echo"]["cmd"], "routes");
    const auto requests = handler.requests();
    ASSERT_EQ(requests.size(), 2u);
    EXPECT_EQ(requests[0].second["id"], a.reply["id"]);
}

TEST_F(ControlClientTest, IdTheCallerSetIsKept) {
    start();
    const auto r = client.request({{"id", "mine"}, {"cmd", "status"}});
    ASSERT_TRUE(r.ok()) << r.error;
    EXPECT_EQ(r.reply["id"], "mine");
}

TEST_F(ControlClientTest, EventsArrivingDuringARequestAreKeptInOrder) {
    handler.answer = [this](ClientId id, const json& request) {
        for (int i = 0; i < 3; ++i) server.send(id, {{"event", "changed"}, {"revision", i}});
        return json{{"id", request["id"]}, {"ok", true}, {"result", json::object()}};
    };
    start();
    const auto r = client.request({{"cmd", "gain"}, {"endpoint", "mic"}, {"db", -3}});
    ASSERT_TRUE(r.ok()) << r.error;
    EXPECT_EQ(r.reply["ok"], true);
    for (int i = 0; i < 3; ++i) {
        const auto event = client.next_event(test::kGuard);
        ASSERT_TRUE(event) << "event " << i;
        EXPECT_EQ((*event)["revision"], i);
    }
    EXPECT_FALSE(client.next_event(std::chrono::milliseconds(0)));
}

TEST_F(ControlClientTest, NonBlockingSendThenReadAvailableWhenTheFdIsReadable) {
    start();
    const auto sent = client.send_request({{"cmd", "status"}});
    ASSERT_TRUE(sent.ok()) << sent.error;
    std::vector<json> got;
    const auto deadline = std::chrono::steady_clock::now() + test::kGuard;
    while (got.empty() && std::chrono::steady_clock::now() < deadline) {
        pollfd p{client.fd(), POLLIN, 0};
        ::poll(&p, 1, 100);
        for (auto& m : client.read_available()) got.push_back(std::move(m));
    }
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0]["id"], sent.id);
    EXPECT_TRUE(client.read_available().empty()) << "nothing more, and no waiting";
}

TEST_F(ControlClientTest, ReplyToAnUnreadableLineIsTakenAsTheAnswer) {
    start();
    const auto r = client.request({{"cmd", "x"}, {"pad", std::string(ControlServer::kMaxLine + 10, 'p')}});
    ASSERT_TRUE(r.ok()) << r.error;
    EXPECT_EQ(r.reply["error"]["code"], "line_too_long");
    EXPECT_TRUE(client.request({{"cmd", "status"}}).ok()) << "the connection still works";
}

TEST_F(ControlClientTest, EngineGoingAwayIsReportedNotWaitedFor) {
    start();
    loop.reset();
    server.close();
    const auto r = client.request({{"cmd", "status"}}, test::kGuard);
    EXPECT_FALSE(r.ok());
    EXPECT_FALSE(client.connected());
    EXPECT_FALSE(r.error.empty());
}

TEST(ControlClient, SilentEngineTimesOut) {
    RuntimeDir dir;
    ASSERT_EQ(make_private_dir(dir.folder()), "");
    // A socket that listens but never accepts: connect succeeds (backlog),
    // nothing ever answers.
    const int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address{};
    ASSERT_EQ(unix_address(dir.socket(), address), "");
    ASSERT_EQ(bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address), 0);
    ASSERT_EQ(listen(fd, 4), 0);
    ControlClient client;
    ASSERT_TRUE(client.connect("default").ok());
    const auto r = client.request({{"cmd", "status"}}, std::chrono::milliseconds(100));
    EXPECT_FALSE(r.ok());
    EXPECT_NE(r.error.find("no reply"), std::string::npos) << r.error;
    ::close(fd);
}

} // namespace
} // namespace sy::router
