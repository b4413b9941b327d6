// The writer: minimal, readable text that reads back to an equal Model.
#include <gtest/gtest.h>

#include "presets/preset_reader.hpp"
#include "presets/preset_writer.hpp"
#include "problem_matchers.hpp"
#include "same_model.hpp"

namespace sy::presets {
namespace {

using test_support::expect_same_model;
using test_support::listed;

graph::Endpoint endpoint(std::string id, graph::EndpointKind kind, int channels) {
    graph::Endpoint e;
    e.id = std::move(id);
    e.kind = kind;
    e.channels = channels;
    return e;
}

graph::Route route(std::string from, std::string to, double gain_db = 0.0) {
    graph::Route r;
    r.from = std::move(from);
    r.to = std::move(to);
    r.gain_db = gain_db;
    return r;
}

// Every field of the format set to something other than its default somewhere.
graph::Model everything() {
    graph::Model m;
    m.name = "everything \"quoted\" é";
    m.engine.rate = 96000;
    m.engine.period = 64;
    m.engine.resampler = graph::ResamplerLib::Zita;
    m.engine.latency = graph::LatencyMode::Low;

    auto daw = endpoint("daw", graph::EndpointKind::Input, 2);
    daw.jack = graph::JackSpec{{"system:capture_1", "system:capture_2"}};
    auto desk = endpoint("desk", graph::EndpointKind::Input, 2);
    desk.pipewire = graph::PipewireSpec{"", "sink", "Switchyard Desktop"};
    auto mic = endpoint("mic", graph::EndpointKind::Input, 1);
    mic.rate = 44100;
    mic.quality = graph::Quality::Fast;
    mic.latency = graph::LatencyMode::Safe;
    mic.pipewire = graph::PipewireSpec{"alsa_input.usb-mic", "", ""};
    mic.gain_db = -6.5;
    mic.solo = true;
    desk.mute = true;
    desk.gain_db = graph::kSilenceDb;
    auto bare = endpoint("bare_in-2", graph::EndpointKind::Input, 64);
    bare.gain_db = 24.0;
    m.inputs = {daw, desk, mic, bare};

    auto mix = endpoint("mix", graph::EndpointKind::Bus, 2);
    mix.gain_db = -3.0;
    mix.mute = true;
    mix.solo = true;
    m.buses = {mix, endpoint("mono", graph::EndpointKind::Bus, 1)};

    auto obs = endpoint("obs", graph::EndpointKind::Output, 2);
    obs.pipewire = graph::PipewireSpec{"", "source", "Switchyard Stream Mix"};
    auto phones = endpoint("phones", graph::EndpointKind::Output, 2);
    phones.rate = 44100;
    phones.quality = graph::Quality::Best;
    phones.latency = graph::LatencyMode::Low;
    phones.pipewire = graph::PipewireSpec{"alsa_output.usb-dac", "", ""};
    auto own = endpoint("own", graph::EndpointKind::Output, 2);
    own.pipewire = graph::PipewireSpec{};
    own.quality = graph::Quality::Medium;
    auto monitor = endpoint("monitor", graph::EndpointKind::Output, 2);
    monitor.jack = graph::JackSpec{};
    monitor.gain_db = -0.25;
    monitor.mute = true;
    m.outputs = {obs, phones, own, monitor};

    auto silent = route("daw", "mix", graph::kSilenceDb);
    auto muted = route("desk", "mix", -12.25);
    muted.mute = true;
    auto mapped = route("mic", "mix", 24.0);
    mapped.map = std::vector<graph::ChannelPair>{{0, 0}, {0, 1}};
    mapped.solo = true;
    auto empty_map = route("mix", "obs", -0.1);
    empty_map.solo = true;
    empty_map.mute = true;
    empty_map.map = std::vector<graph::ChannelPair>{};
    m.routes = {silent, muted, mapped, empty_map, route("mix", "phones"), route("mix", "mono", 1e-9),
                route("mono", "own", -96.0)};
    return m;
}

TEST(PresetWriter, RoundTripKeepsEveryField) {
    const graph::Model original = everything();
    const std::string text = to_text(original);
    const ReadResult back = parse_preset(text);
    ASSERT_TRUE(back.model.has_value()) << listed(back.problems) << "\n" << text;
    expect_same_model(original, *back.model);
}

TEST(PresetWriter, WritingTwiceGivesTheSameText) {
    const std::string once = to_text(everything());
    const ReadResult back = parse_preset(once);
    ASSERT_TRUE(back.model.has_value()) << listed(back.problems);
    EXPECT_EQ(to_text(*back.model), once);
}

TEST(PresetWriter, SilenceIsWrittenAsNull) {
    graph::Model m;
    m.routes = {route("a", "b", graph::kSilenceDb)};
    const auto j = to_json(m);
    ASSERT_TRUE(j["routes"][0].contains("gain_db"));
    EXPECT_TRUE(j["routes"][0]["gain_db"].is_null()) << j.dump();
}

TEST(PresetWriter, MixerStateReadsBackTheSame) {
    graph::Model m;
    m.name = "strips";
    auto in = endpoint("in", graph::EndpointKind::Input, 2);
    in.gain_db = -6.0;
    in.solo = true;
    auto mix = endpoint("mix", graph::EndpointKind::Bus, 2);
    mix.gain_db = graph::kSilenceDb;
    mix.mute = true;
    auto out = endpoint("out", graph::EndpointKind::Output, 2);
    out.gain_db = 3.5;
    out.mute = true;
    m.inputs = {in};
    m.buses = {mix};
    m.outputs = {out};
    auto soloed = route("in", "mix", -1.0);
    soloed.solo = true;
    m.routes = {soloed, route("mix", "out")};
    const std::string text = to_text(m);
    const ReadResult back = parse_preset(text);
    ASSERT_TRUE(back.model.has_value()) << listed(back.problems) << "\n" << text;
    expect_same_model(m, *back.model);
}

TEST(PresetWriter, MixerStateIsWrittenOnlyWhenNotAtItsDefault) {
    graph::Model m;
    auto in = endpoint("in", graph::EndpointKind::Input, 2);
    in.gain_db = -6.0;
    in.mute = true;
    in.solo = true;
    auto silent = endpoint("silent", graph::EndpointKind::Input, 2);
    silent.gain_db = graph::kSilenceDb;
    m.inputs = {in, silent, endpoint("plain", graph::EndpointKind::Input, 2)};
    auto r = route("in", "out");
    r.solo = true;
    m.routes = {r};
    const auto j = to_json(m);
    const auto& strip = j["inputs"][0];
    EXPECT_EQ(strip["gain_db"], -6.0) << strip.dump();
    EXPECT_EQ(strip["mute"], true) << strip.dump();
    EXPECT_EQ(strip["solo"], true) << strip.dump();
    ASSERT_TRUE(j["inputs"][1].contains("gain_db")) << j["inputs"][1].dump();
    EXPECT_TRUE(j["inputs"][1]["gain_db"].is_null()) << "silence is null: " << j["inputs"][1].dump();
    EXPECT_EQ(j["inputs"][1].size(), 3u) << "id, channels, gain_db: " << j["inputs"][1].dump();
    EXPECT_EQ(j["inputs"][2].size(), 2u) << "no gain_db 0, mute false or solo false: " << j["inputs"][2].dump();
    EXPECT_EQ(j["routes"][0]["solo"], true) << j["routes"][0].dump();
}

TEST(PresetWriter, DefaultsAreLeftOut) {
    graph::Model m;
    m.name = "minimal";
    m.inputs = {endpoint("in", graph::EndpointKind::Input, 2)};
    m.routes = {route("in", "out")};
    const auto j = to_json(m);
    EXPECT_FALSE(j.contains("buses")) << j.dump();
    EXPECT_FALSE(j.contains("outputs")) << j.dump();
    const auto& e = j["inputs"][0];
    EXPECT_EQ(e.size(), 2u) << "only id and channels: " << e.dump();
    const auto& r = j["routes"][0];
    EXPECT_EQ(r.size(), 2u) << "no gain_db 0, mute false, solo false or map: " << r.dump();
}

TEST(PresetWriter, TextLooksLikeThePresetFormatDocument) {
    graph::Model m;
    m.name = "streaming";
    auto daw = endpoint("daw", graph::EndpointKind::Input, 2);
    daw.jack = graph::JackSpec{{"system:capture_1", "system:capture_2"}};
    m.inputs = {daw};
    m.buses = {endpoint("stream", graph::EndpointKind::Bus, 2)};
    auto r = route("daw", "stream", -3.0);
    r.map = std::vector<graph::ChannelPair>{{0, 0}, {1, 1}};
    m.routes = {r};
    const std::string want = R"({
  "switchyard": 1,
  "name": "streaming",
  "engine": { "rate": 48000, "period": 128 },
  "inputs": [
    { "id": "daw", "channels": 2, "jack": { "connect": ["system:capture_1", "system:capture_2"] } }
  ],
  "buses": [{ "id": "stream", "channels": 2 }],
  "routes": [{ "from": "daw", "to": "stream", "gain_db": -3.0, "map": [[0, 0], [1, 1]] }]
}
)";
    EXPECT_EQ(to_text(m), want);
}

TEST(PresetWriter, LongValuesFoldOverLines) {
    graph::Model m;
    auto e = endpoint("many", graph::EndpointKind::Input, 8);
    e.jack = graph::JackSpec{};
    for (int i = 1; i <= 8; ++i) e.jack->connect.push_back("system:capture_" + std::to_string(i));
    m.inputs = {e};
    const std::string text = to_text(m);
    std::size_t longest = 0, start = 0;
    for (std::size_t nl = text.find('\n'); nl != std::string::npos; start = nl + 1, nl = text.find('\n', start)) {
        longest = std::max(longest, nl - start);
    }
    EXPECT_LE(longest, 100u) << text;
    EXPECT_EQ(text.back(), '\n');
    const ReadResult back = parse_preset(text);
    ASSERT_TRUE(back.model.has_value()) << listed(back.problems);
    EXPECT_EQ(back.model->inputs[0].jack->connect.size(), 8u);
}

} // namespace
} // namespace sy::presets
