// JSON lines on one connection: what a line is, what a bad one gets, the
// order replies and events go out in.
#include <gtest/gtest.h>

#include "control_test_support.hpp"

namespace sy::router {
namespace {

using test::json;
using test::RawClient;
using test::RecordingHandler;
using test::RuntimeDir;

class ControlFraming : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_EQ(server.listen("default"), "");
        client = std::make_unique<RawClient>(dir.socket());
        ASSERT_TRUE(client->connected());
    }
    bool write(const std::string& bytes) { return client->write(server, handler, bytes); }
    bool await(std::size_t lines) { return client->await_lines(server, handler, lines); }
    json line(std::size_t i) { return client->line_json(i); }

    RuntimeDir dir;
    ControlServer server;
    RecordingHandler handler;
    std::unique_ptr<RawClient> client;
};

TEST_F(ControlFraming, MalformedJsonGetsParseErrorAndTheConnectionKeepsWorking) {
    ASSERT_TRUE(write("{\"id\": 1, \"cmd\": \n{\"id\":2,\"cmd\":\"status\"}\n"));
    ASSERT_TRUE(await(2));
    const json bad = line(0);
    EXPECT_EQ(bad["id"], nullptr);
    EXPECT_EQ(bad["ok"], false);
    EXPECT_EQ(bad["error"]["code"], "parse_error");
    EXPECT_NE(bad["error"]["message"].get<std::string>().find("parse error"), std::string::npos) << bad;
    EXPECT_EQ(line(1)["id"], 2);
    EXPECT_EQ(line(1)["ok"], true);
    EXPECT_EQ(handler.requests().size(), 1u) << "a line that is not JSON never reaches the handler";
}

TEST_F(ControlFraming, NonObjectJsonGoesToTheHandler) {
    ASSERT_TRUE(write("[1,2]\n42\n"));
    ASSERT_TRUE(await(2));
    ASSERT_EQ(handler.requests().size(), 2u);
    EXPECT_EQ(handler.requests()[0].second, json::parse("[1,2]"));
    EXPECT_EQ(handler.requests()[1].second, 42);
}

TEST_F(ControlFraming, TenMegabyteLineGetsLineTooLongOnceThenTheNextRequestIsAnswered) {
    std::string huge = "{\"id\":1,\"cmd\":\"x\",\"pad\":\"" + std::string(10'000'000, 'a') + "\"}\n";
    ASSERT_TRUE(write(huge + "{\"id\":2,\"cmd\":\"status\"}\n"));
    ASSERT_TRUE(await(2));
    EXPECT_EQ(line(0)["id"], nullptr);
    EXPECT_EQ(line(0)["ok"], false);
    EXPECT_EQ(line(0)["error"]["code"], "line_too_long");
    EXPECT_EQ(line(1)["id"], 2) << "the rest of the long line must be discarded, not read as requests";
    ASSERT_TRUE(write("{\"id\":3}\n"));
    ASSERT_TRUE(await(3));
    EXPECT_EQ(line(2)["id"], 3);
    EXPECT_EQ(client->lines().size(), 3u) << "exactly one line_too_long";
    EXPECT_EQ(handler.requests().size(), 2u);
}

TEST_F(ControlFraming, LineOfExactlyTheLimitIsARequest) {
    const std::string head = "{\"id\":1,\"pad\":\"";
    const std::string tail = "\"}";
    ASSERT_TRUE(write(head + std::string(ControlServer::kMaxLine - head.size() - tail.size(), 'b') + tail + "\n"));
    ASSERT_TRUE(await(1));
    EXPECT_EQ(line(0)["ok"], true) << client->lines()[0].substr(0, 200);
}

TEST_F(ControlFraming, LineTooLongIsAnsweredBeforeItsNewlineArrives) {
    ASSERT_TRUE(write("{\"pad\":\"" + std::string(ControlServer::kMaxLine + 1, 'c')));
    ASSERT_TRUE(await(1));
    EXPECT_EQ(line(0)["error"]["code"], "line_too_long");
    ASSERT_TRUE(write(std::string(3'000'000, 'c') + "\"}\n{\"id\":9}\n"));
    ASSERT_TRUE(await(2));
    EXPECT_EQ(line(1)["id"], 9);
}

TEST_F(ControlFraming, EmptyAndBlankLinesAreIgnored) {
    ASSERT_TRUE(write("\n\n   \n\r\n{\"id\":1}\r\n\n{\"id\":2}\n"));
    ASSERT_TRUE(await(2));
    EXPECT_EQ(line(0)["id"], 1);
    EXPECT_EQ(line(1)["id"], 2);
    EXPECT_EQ(handler.requests().size(), 2u);
}

TEST_F(ControlFraming, RequestSplitAcrossManyWritesIsOneRequest) {
    const std::string request = "{\"id\":\"split\",\"cmd\":\"gain\",\"db\":-6}\n";
    for (const char c : request) {
        ASSERT_TRUE(write(std::string(1, c)));
        server.poll_once(std::chrono::milliseconds(0), handler);
    }
    ASSERT_TRUE(await(1));
    EXPECT_EQ(line(0)["id"], "split");
    EXPECT_EQ(line(0)["result"]["echo"]["db"], -6);
}

TEST_F(ControlFraming, RepliesComeInRequestOrder) {
    std::string burst;
    for (int i = 0; i < 200; ++i) burst += "{\"id\":" + std::to_string(i) + "}\n";
    ASSERT_TRUE(write(burst));
    ASSERT_TRUE(await(200));
    for (int i = 0; i < 200; ++i) ASSERT_EQ(line(static_cast<std::size_t>(i))["id"], i) << "line " << i;
}

TEST_F(ControlFraming, EventsInterleaveOnlyBetweenLines) {
    // Each request makes the handler push a large event to the same client,
    // so event and reply bytes are queued back to back.
    const std::string bulk(300'000, 'e');
    handler.answer = [&](ClientId client, const json& request) {
        server.send(client, {{"event", "meters"}, {"bulk", bulk}, {"for", request["id"]}});
        return json{{"id", request["id"]}, {"ok", true}, {"result", json::object()}};
    };
    std::string burst;
    for (int i = 0; i < 10; ++i) burst += "{\"id\":" + std::to_string(i) + "}\n";
    ASSERT_TRUE(write(burst));
    ASSERT_TRUE(await(20));
    for (int i = 0; i < 10; ++i) {
        const json event = line(2 * static_cast<std::size_t>(i));
        const json reply = line(2 * static_cast<std::size_t>(i) + 1);
        EXPECT_EQ(event["event"], "meters");
        EXPECT_EQ(event["for"], i);
        EXPECT_EQ(event["bulk"].get<std::string>().size(), bulk.size());
        EXPECT_EQ(reply["id"], i);
    }
}

TEST_F(ControlFraming, EventsSentBetweenPollsArriveWhole) {
    ASSERT_TRUE(test::pump_until(server, handler, [&] { return server.clients().size() == 1; }));
    const ClientId id = server.clients().front();
    for (int i = 0; i < 5; ++i) server.send(id, {{"event", "changed"}, {"revision", i}});
    ASSERT_TRUE(write("{\"id\":\"after\"}\n"));
    ASSERT_TRUE(await(6));
    for (int i = 0; i < 5; ++i) EXPECT_EQ(line(static_cast<std::size_t>(i))["revision"], i);
    EXPECT_EQ(line(5)["id"], "after");
}

TEST_F(ControlFraming, BadUtf8IsAParseErrorThatStillDumps) {
    ASSERT_TRUE(write("{\"id\":1,\"cmd\":\"\xff\xfe\"}\n{\"id\":2}\n"));
    ASSERT_TRUE(await(2));
    EXPECT_EQ(line(0)["error"]["code"], "parse_error");
    EXPECT_EQ(line(1)["id"], 2);
}

TEST_F(ControlFraming, HandlerReplyWithBadUtf8IsSentWithReplacementCharacters) {
    handler.answer = [](ClientId, const json& request) {
        return json{{"id", request["id"]}, {"ok", true}, {"result", std::string("bad \xff byte")}};
    };
    ASSERT_TRUE(write("{\"id\":1}\n"));
    ASSERT_TRUE(await(1));
    EXPECT_EQ(line(0)["result"], "bad \xEF\xBF\xBD byte");
}

TEST_F(ControlFraming, DeeplyNestedRequestIsRefusedNotRecursedInto) {
    ASSERT_TRUE(write("{\"id\":" + std::string(100'000, '[') + std::string(100'000, ']') + "}\n{\"id\":2}\n"));
    ASSERT_TRUE(await(2));
    EXPECT_EQ(line(0)["error"]["code"], "parse_error");
    EXPECT_NE(line(0)["error"]["message"].get<std::string>().find("nested"), std::string::npos) << line(0);
    EXPECT_EQ(line(1)["id"], 2);
}

TEST_F(ControlFraming, HandlerThatThrowsGetsInternalErrorAndTheServerGoesOn) {
    handler.answer = [](ClientId, const json& request) -> json {
        if (request["id"] == 1) throw std::runtime_error("boom");
        return {{"id", request["id"]}, {"ok", true}};
    };
    ASSERT_TRUE(write("{\"id\":1}\n{\"id\":2}\n"));
    ASSERT_TRUE(await(2));
    EXPECT_EQ(line(0)["id"], 1);
    EXPECT_EQ(line(0)["error"]["code"], "internal_error");
    EXPECT_EQ(line(0)["error"]["message"], "boom");
    EXPECT_EQ(line(1)["id"], 2);
}

TEST_F(ControlFraming, PeerThatStopsWritingStillGetsItsRepliesThenIsClosed) {
    // `socat -` and `nc -U` send their input, shut down writing, then read.
    ASSERT_TRUE(write("{\"id\":1}\n{\"id\":2}\n{\"id\":3, \"unfinished\""));
    client->shutdown_writing();
    ASSERT_TRUE(test::pump_until(server, handler, [&] {
        client->read();
        return client->eof();
    }));
    ASSERT_EQ(client->lines().size(), 2u);
    EXPECT_EQ(line(1)["id"], 2);
    EXPECT_EQ(handler.gone().size(), 1u);
    EXPECT_TRUE(server.clients().empty());
}

} // namespace
} // namespace sy::router
