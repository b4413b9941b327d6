// Which port of Switchyard's node links to which port of a target node:
// by channel position when every channel finds its match, by order
// otherwise, mono fanned out (never summed). No server needed.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "router/pipewire/links.hpp"

namespace sy::router {
namespace {

// Ports of node `node` with ids node*100 + index, one per channel name.
std::vector<PipewirePortInfo> ports(std::uint32_t node, bool output, const std::vector<std::string>& channels) {
    std::vector<PipewirePortInfo> list;
    for (std::size_t i = 0; i < channels.size(); ++i) {
        PipewirePortInfo p;
        p.id = node * 100 + static_cast<std::uint32_t>(i);
        p.node = node;
        p.output = output;
        p.index = static_cast<std::uint32_t>(i);
        p.channel = channels[i];
        list.push_back(p);
    }
    return list;
}

using Pairs = std::vector<PipewirePortPair>;

TEST(PipewirePortPairs, StereoPlaysToStereoByChannel) {
    // The target lists FR before FL: channel names win over order.
    const auto pairs = pipewire_port_pairs(ports(1, true, {"FL", "FR"}), ports(2, false, {"FR", "FL"}), false);
    EXPECT_EQ(pairs, (Pairs{{1, 100, 2, 201}, {1, 101, 2, 200}}));
}

TEST(PipewirePortPairs, CaptureRunsFromTheirOutputsToOurInputs) {
    const auto pairs = pipewire_port_pairs(ports(1, false, {"FL", "FR"}), ports(2, true, {"FL", "FR"}), true);
    EXPECT_EQ(pairs, (Pairs{{2, 200, 1, 100}, {2, 201, 1, 101}}));
}

TEST(PipewirePortPairs, UnknownChannelsPairByOrder) {
    const auto pairs = pipewire_port_pairs(ports(1, true, {"FL", "FR", "LFE"}),
                                           ports(2, false, {"AUX0", "AUX1", "AUX2", "AUX3"}), false);
    EXPECT_EQ(pairs, (Pairs{{1, 100, 2, 200}, {1, 101, 2, 201}, {1, 102, 2, 202}}));
}

TEST(PipewirePortPairs, MonoPlaysToEveryChannel) {
    const auto pairs = pipewire_port_pairs(ports(1, true, {"MONO"}), ports(2, false, {"FL", "FR"}), false);
    EXPECT_EQ(pairs, (Pairs{{1, 100, 2, 200}, {1, 100, 2, 201}}));
}

TEST(PipewirePortPairs, MonoCapturesTheFirstChannelOnly) {
    // Two links into one input port would sum them.
    const auto pairs = pipewire_port_pairs(ports(1, false, {"MONO"}), ports(2, true, {"FL", "FR"}), true);
    EXPECT_EQ(pairs, (Pairs{{2, 200, 1, 100}}));
}

TEST(PipewirePortPairs, AMonoSourceFeedsEveryChannelOfACapture) {
    const auto pairs = pipewire_port_pairs(ports(1, false, {"FL", "FR"}), ports(2, true, {"MONO"}), true);
    EXPECT_EQ(pairs, (Pairs{{2, 200, 1, 100}, {2, 200, 1, 101}}));
}

TEST(PipewirePortPairs, StereoToAMonoSinkPlaysTheFirstChannel) {
    const auto pairs = pipewire_port_pairs(ports(1, true, {"FL", "FR"}), ports(2, false, {"MONO"}), false);
    EXPECT_EQ(pairs, (Pairs{{1, 100, 2, 200}}));
}

TEST(PipewirePortPairs, NothingToLinkWithoutPorts) {
    EXPECT_TRUE(pipewire_port_pairs({}, ports(2, false, {"FL"}), false).empty());
    EXPECT_TRUE(pipewire_port_pairs(ports(1, true, {"FL"}), {}, false).empty());
}

} // namespace
} // namespace sy::router
