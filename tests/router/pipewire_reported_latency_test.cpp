// The Latency param our PipeWire ports publish: our own part of each path
// in the rate field, added to what the peer at the path's other end said,
// in PipeWire's own units, as a range over the paths.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>

#include "router/pipewire/reported_latency.hpp"

namespace sy::router {
namespace {

std::optional<spa_latency_info> nothing_heard(const std::string&) { return std::nullopt; }

TEST(PipewireReportedLatency, AnEndpointOnNoPathPublishesZero) {
    const spa_latency_info got =
        pipewire_reported_latency({"idle", true, {}}, SPA_DIRECTION_INPUT, nothing_heard);
    EXPECT_EQ(got.direction, SPA_DIRECTION_INPUT);
    EXPECT_EQ(got.min_rate, 0u);
    EXPECT_EQ(got.max_rate, 0u);
    EXPECT_EQ(got.max_quantum, 0.0f);
}

TEST(PipewireReportedLatency, OurPartGoesInTheRateFieldRounded) {
    const graph::EndpointLatency loop{"loop", false, {{"send", 699.6}}};
    const spa_latency_info got = pipewire_reported_latency(loop, SPA_DIRECTION_OUTPUT, nothing_heard);
    EXPECT_EQ(got.direction, SPA_DIRECTION_OUTPUT);
    EXPECT_EQ(got.min_rate, 700u) << "send is not on the node: only our 699.6 frames";
    EXPECT_EQ(got.max_rate, 700u);
}

TEST(PipewireReportedLatency, KeepsWhatThePeerSaidInItsOwnUnits) {
    // A source 1.5 quanta and 2 ms old feeds "mic" (an input of ours);
    // "stream" hears mic through 300 frames of ours and "game" through none.
    spa_latency_info source = SPA_LATENCY_INFO(SPA_DIRECTION_OUTPUT);
    source.min_quantum = source.max_quantum = 1.5f;
    source.min_ns = source.max_ns = 2000000;
    const std::map<std::string, spa_latency_info> heard = {{"mic", source}};
    const graph::EndpointLatency stream{"stream", false, {{"mic", 300}, {"game", 0}}};
    const spa_latency_info got =
        pipewire_reported_latency(stream, SPA_DIRECTION_OUTPUT, [&](const std::string& id) -> std::optional<spa_latency_info> {
            const auto it = heard.find(id);
            if (it == heard.end()) return std::nullopt;
            return it->second;
        });
    EXPECT_EQ(got.min_quantum, 0.0f) << "game's path: nothing beyond, nothing of ours";
    EXPECT_EQ(got.max_quantum, 1.5f);
    EXPECT_EQ(got.min_rate, 0u);
    EXPECT_EQ(got.max_rate, 300u);
    EXPECT_EQ(got.min_ns, 0u);
    EXPECT_EQ(got.max_ns, 2000000u);
}

} // namespace
} // namespace sy::router
