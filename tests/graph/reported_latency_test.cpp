// What Switchyard reports to the servers as its own latency: the parts of a
// path that are not a device's, per endpoint, as a range over its paths.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "graph/latency_budget.hpp"
#include "graph/reported_latency.hpp"
#include "tests/support/model_builder.hpp"

namespace sy::graph {
namespace {

using test::bus;
using test::input;
using test::output;
using test::route;

PathBudget path(std::vector<std::string> hops, std::vector<LatencyPart> parts) {
    PathBudget b;
    b.hops = std::move(hops);
    b.parts = std::move(parts);
    for (const auto& p : b.parts) b.total_frames += p.frames;
    return b;
}

LatencyPart device(double frames) { return {"device", frames, 0.0, "device"}; }
LatencyPart bridge(double frames) { return {"bridge margin", frames, 0.0, "bridge"}; }
LatencyPart resampler(double frames) { return {"resampler", frames, 0.0, "resampler"}; }
LatencyPart period(double frames) { return {"jack period", frames, 0.0, "period"}; }

const EndpointLatency* find(const std::vector<EndpointLatency>& all, const std::string& id) {
    for (const auto& e : all) {
        if (e.id == id) return &e;
    }
    ADD_FAILURE() << "no endpoint " << id << " among " << all.size();
    return nullptr;
}

FrameRange nothing_beyond(const std::string&) { return {}; }

TEST(ReportedLatency, LeavesTheDevicesOutOfOurOwnPart) {
    const PathBudget b = path({"mic", "stream"}, {device(256), period(256), bridge(128), resampler(31.5), device(1024)});
    EXPECT_DOUBLE_EQ(own_frames(b), 256 + 128 + 31.5) << "of a total of " << b.total_frames;
}

TEST(ReportedLatency, EachEndOfAPathReportsThePathsOwnPart) {
    const auto all = endpoint_latencies({path({"mic", "stream"}, {device(256), bridge(400), device(1024)})});
    ASSERT_EQ(all.size(), 2u);
    const EndpointLatency* mic = find(all, "mic");
    const EndpointLatency* stream = find(all, "stream");
    ASSERT_TRUE(mic && stream);
    EXPECT_TRUE(mic->input);
    EXPECT_FALSE(stream->input);
    EXPECT_EQ(mic->terms, (std::vector<LatencyTerm>{{"stream", 400}}));
    EXPECT_EQ(stream->terms, (std::vector<LatencyTerm>{{"mic", 400}}));
    const FrameRange r = reported_range(*stream, nothing_beyond);
    EXPECT_DOUBLE_EQ(r.min, 400);
    EXPECT_DOUBLE_EQ(r.max, 400);
}

TEST(ReportedLatency, APortOnSeveralPathsReportsTheirRange) {
    // mic -> stream (bridged, 400 own) and mic -> monitor (same server, none):
    // mic plays to both, stream hears both.
    const auto all = endpoint_latencies({path({"mic", "stream"}, {bridge(400)}), path({"mic", "monitor"}, {device(64)}),
                                         path({"game", "stream"}, {bridge(300), resampler(40)})});
    const EndpointLatency* mic = find(all, "mic");
    const EndpointLatency* stream = find(all, "stream");
    ASSERT_TRUE(mic && stream);
    const FrameRange m = reported_range(*mic, nothing_beyond);
    EXPECT_DOUBLE_EQ(m.min, 0) << "mic -> monitor adds nothing of ours";
    EXPECT_DOUBLE_EQ(m.max, 400);
    const FrameRange s = reported_range(*stream, nothing_beyond);
    EXPECT_DOUBLE_EQ(s.min, 340);
    EXPECT_DOUBLE_EQ(s.max, 400);
}

TEST(ReportedLatency, AddsWhatTheServerKnowsBeyondTheOtherEnd) {
    // The reporting server knows game's capture latency (it is on it); mic is on the other server.
    const auto all = endpoint_latencies({path({"mic", "stream"}, {bridge(400)}), path({"game", "stream"}, {bridge(100)})});
    const EndpointLatency* stream = find(all, "stream");
    ASSERT_TRUE(stream);
    const std::map<std::string, FrameRange> known = {{"game", {500, 700}}};
    const FrameRange r = reported_range(*stream, [&](const std::string& other) {
        const auto it = known.find(other);
        return it == known.end() ? FrameRange{} : it->second;
    });
    EXPECT_DOUBLE_EQ(r.min, 400) << "mic's path: our 400 and nothing known beyond mic";
    EXPECT_DOUBLE_EQ(r.max, 800) << "game's path: our 100 and game's 700";
}

TEST(ReportedLatency, CountsInTheReportingServersFrames) {
    // The hub at 48000 Hz, the server at 44100 Hz: 480 hub frames are 441 of its own.
    const auto all = endpoint_latencies({path({"mic", "stream"}, {bridge(480)})}, 44100.0 / 48000.0);
    ASSERT_FALSE(all.empty());
    EXPECT_NEAR(all.front().terms.at(0).own_frames, 441.0, 1e-9);
}

TEST(ReportedLatency, FollowsPathsThroughBusesAndLeavesUnroutedEndpointsOut) {
    Model m;
    m.engine.rate = 48000;
    m.engine.period = 256;
    m.inputs = {input("mic"), input("idle")};
    m.buses = {bus("mix")};
    m.outputs = {output("stream"), output("rec")};
    m.routes = {route("mic", "mix"), route("mix", "stream"), route("mic", "rec")};
    const auto budgets = path_budgets(m, [](double, double, Quality) { return 0.0; }, [](const Endpoint& e, const Endpoint&) {
        return std::vector<LatencyPart>{e.id == "stream" ? bridge(300) : device(100)};
    });
    const auto all = endpoint_latencies(budgets);
    ASSERT_EQ(all.size(), 3u) << "mic, stream and rec; idle is on no path";
    const EndpointLatency* mic = find(all, "mic");
    ASSERT_TRUE(mic);
    const FrameRange r = reported_range(*mic, nothing_beyond);
    EXPECT_DOUBLE_EQ(r.min, 0) << "mic -> rec: devices only";
    EXPECT_DOUBLE_EQ(r.max, 300) << "mic -> mix -> stream: stream's bridge";
}

TEST(ReportedLatency, AnEndpointWithNoPathReportsNothing) {
    const EndpointLatency lonely{"idle", true, {}};
    const FrameRange r = reported_range(lonely, [](const std::string&) { return FrameRange{100, 100}; });
    EXPECT_DOUBLE_EQ(r.min, 0);
    EXPECT_DOUBLE_EQ(r.max, 0);
}

} // namespace
} // namespace sy::graph
