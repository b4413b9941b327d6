// One test per kind of problem the reader finds in a well-formed JSON file:
// each names the field path and says what is allowed.
#include <gtest/gtest.h>

#include "presets/preset_reader.hpp"
#include "problem_matchers.hpp"

namespace sy::presets {
namespace {

using test_support::find_problem;
using test_support::listed;
using test_support::mentions;

// A preset with one input, one bus and one output; `inputs`, `outputs` and
// `routes` replace those lists so each test changes only what it is about.
std::string preset(const std::string& inputs = R"([{"id": "mic", "channels": 1}])",
                   const std::string& outputs = R"([{"id": "out", "channels": 2}])",
                   const std::string& routes = R"([{"from": "mic", "to": "mix"}, {"from": "mix", "to": "out"}])") {
    return R"({"switchyard": 1, "name": "test", "inputs": )" + inputs +
           R"(, "buses": [{"id": "mix", "channels": 2}], "outputs": )" + outputs + R"(, "routes": )" + routes + "}";
}

std::string with_route(const std::string& route) {
    return preset(R"([{"id": "mic", "channels": 1}])", R"([{"id": "out", "channels": 2}])", "[" + route + "]");
}

// Expects exactly one problem, on `field`, whose message contains `text`.
void expect_one(const std::string& text, const std::string& field, const std::string& message_part) {
    const ReadResult r = parse_preset(text);
    EXPECT_FALSE(r.model.has_value()) << "a file with a problem gives no model";
    ASSERT_EQ(r.problems.size(), 1u) << listed(r.problems) << "\nfor: " << text;
    EXPECT_EQ(r.problems[0].field, field) << listed(r.problems);
    EXPECT_NE(r.problems[0].message.find(message_part), std::string::npos)
        << "message: \"" << r.problems[0].message << "\"\nexpected it to contain: \"" << message_part << "\"";
    EXPECT_EQ(r.problems[0].line, 0) << "semantic problems have a field, not a position";
}

TEST(PresetReader, TheBasePresetIsValid) {
    const ReadResult r = parse_preset(preset());
    ASSERT_TRUE(r.model.has_value()) << listed(r.problems);
    EXPECT_TRUE(r.problems.empty());
}

TEST(PresetReader, UnsupportedVersionStopsReading) {
    // Version 2 may mean other things by the same names: only this one problem.
    expect_one(R"({"switchyard": 2, "name": 5, "whatever": []})", "switchyard",
               "unsupported preset version 2 (this Switchyard reads 1)");
}

TEST(PresetReader, MissingVersion) {
    expect_one(R"({"name": "x"})", "switchyard", "missing");
}

TEST(PresetReader, VersionMustBeANumber) {
    expect_one(R"({"switchyard": "1", "name": "x"})", "switchyard", "must be the format version 1, not \"1\"");
}

TEST(PresetReader, MissingName) {
    expect_one(R"({"switchyard": 1})", "name", "missing (required: a string)");
}

TEST(PresetReader, NameMustBeANonEmptyString) {
    expect_one(R"({"switchyard": 1, "name": ""})", "name", "must be a non-empty string, not \"\"");
}

TEST(PresetReader, TopLevelMustBeAnObject) {
    expect_one("[1, 2]", "", "a preset must be a JSON object");
}

TEST(PresetReader, BadIdPattern) {
    expect_one(preset(R"([{"id": "Mic 1", "channels": 1}])"), "inputs[0].id",
               "must be made of a-z, 0-9, '_' and '-' only ([a-z0-9_-]+), not \"Mic 1\"");
}

TEST(PresetReader, MissingId) {
    expect_one(preset(R"([{"channels": 1}])"), "inputs[0].id", "missing");
}

TEST(PresetReader, DuplicateIdNamesBothPlaces) {
    expect_one(preset(R"([{"id": "mic", "channels": 1}])",
                      R"([{"id": "out", "channels": 2}, {"id": "mic", "channels": 2}])"),
               "outputs[1].id", "duplicate id \"mic\": also used by inputs[0]");
}

TEST(PresetReader, ChannelsOutOfRange) {
    expect_one(preset(R"([{"id": "mic", "channels": 65}])"), "inputs[0].channels",
               "must be an integer from 1 to 64, not 65");
    expect_one(preset(R"([{"id": "mic", "channels": 0}])"), "inputs[0].channels",
               "must be an integer from 1 to 64, not 0");
}

TEST(PresetReader, MissingChannels) {
    expect_one(preset(R"([{"id": "mic"}])"), "inputs[0].channels", "missing (required: an integer from 1 to 64)");
}

TEST(PresetReader, NonIntegerWhereAnIntegerIsRequired) {
    expect_one(preset(R"([{"id": "mic", "channels": 2.5}])"), "inputs[0].channels",
               "must be an integer from 1 to 64, not 2.5");
    expect_one(preset(R"([{"id": "mic", "channels": "2"}])"), "inputs[0].channels",
               "must be an integer from 1 to 64, not \"2\"");
    expect_one(R"({"switchyard": 1, "name": "x", "engine": {"rate": 44100.5}})", "engine.rate",
               "must be an integer from 8000 to 384000, not 44100.5");
}

TEST(PresetReader, AnIntegerWrittenWithAZeroFractionIsAccepted) {
    const ReadResult r = parse_preset(preset(R"([{"id": "mic", "channels": 1.0, "rate": 4.41e4}])"));
    ASSERT_TRUE(r.model.has_value()) << listed(r.problems);
    EXPECT_EQ(r.model->inputs[0].channels, 1);
    EXPECT_EQ(r.model->inputs[0].rate, 44100);
}

TEST(PresetReader, EngineRanges) {
    expect_one(R"({"switchyard": 1, "name": "x", "engine": {"rate": 4000}})", "engine.rate",
               "must be an integer from 8000 to 384000, not 4000");
    expect_one(R"({"switchyard": 1, "name": "x", "engine": {"period": 8}})", "engine.period",
               "must be an integer from 16 to 8192, not 8");
    expect_one(R"({"switchyard": 1, "name": "x", "engine": {"resampler": "sox"}})", "engine.resampler",
               "must be \"libsamplerate\" or \"zita\", not \"sox\"");
    expect_one(R"({"switchyard": 1, "name": "x", "engine": 48000})", "engine", "must be an object");
}

TEST(PresetReader, EndpointRateRange) {
    expect_one(preset(R"([{"id": "mic", "channels": 1, "rate": 500000}])"), "inputs[0].rate",
               "must be an integer from 8000 to 384000, not 500000");
}

TEST(PresetReader, BadQuality) {
    expect_one(preset(R"([{"id": "mic", "channels": 1, "quality": "high"}])"), "inputs[0].quality",
               "must be \"fast\", \"medium\" or \"best\", not \"high\"");
}

TEST(PresetReader, BadLatency) {
    expect_one(preset(R"([{"id": "mic", "channels": 1, "latency": "ultra"}])"), "inputs[0].latency",
               "must be \"safe\" or \"low\", not \"ultra\"");
    expect_one(R"({"switchyard": 1, "name": "x", "engine": {"latency": 5}})", "engine.latency",
               "must be \"safe\" or \"low\"");
}

TEST(PresetReader, LatencyOnABusIsRefusedWithWhereItBelongs) {
    expect_one(R"({"switchyard": 1, "name": "x", "buses": [{"id": "mix", "channels": 2, "latency": "low"}]})",
               "buses[0].latency", "a bus crosses no bridge of its own");
}

TEST(PresetReader, VirtualSourceOnAnInput) {
    expect_one(preset(R"([{"id": "mic", "channels": 1, "pipewire": {"virtual": "source"}}])"),
               "inputs[0].pipewire.virtual", "\"source\" is for outputs; an input can be a virtual \"sink\"");
}

TEST(PresetReader, VirtualSinkOnAnOutput) {
    expect_one(preset(R"([{"id": "mic", "channels": 1}])",
                      R"([{"id": "out", "channels": 2, "pipewire": {"virtual": "sink"}}])"),
               "outputs[0].pipewire.virtual", "\"sink\" is for inputs; an output can be a virtual \"source\"");
}

TEST(PresetReader, VirtualMustBeSinkOrSource) {
    expect_one(preset(R"([{"id": "mic", "channels": 1, "pipewire": {"virtual": "device"}}])"),
               "inputs[0].pipewire.virtual", "must be \"sink\" on an input, not \"device\"");
}

TEST(PresetReader, TargetAndVirtualExcludeEachOther) {
    expect_one(preset(R"([{"id": "mic", "channels": 1, "pipewire": {"target": "alsa_input.x", "virtual": "sink"}}])"),
               "inputs[0].pipewire", "has both \"target\" and \"virtual\"");
}

TEST(PresetReader, JackAndPipewireOnOneEndpoint) {
    expect_one(preset(R"([{"id": "mic", "channels": 1, "jack": {}, "pipewire": {}}])"), "inputs[0]",
               "has both \"jack\" and \"pipewire\"");
}

TEST(PresetReader, BusCannotHaveJackPipewireOrRate) {
    const ReadResult r = parse_preset(
        R"({"switchyard": 1, "name": "x", "buses": [{"id": "mix", "channels": 2, "rate": 44100, "jack": {}}]})");
    ASSERT_EQ(r.problems.size(), 2u) << listed(r.problems);
    EXPECT_TRUE(mentions(find_problem(r.problems, "buses[0].jack"), "a bus cannot have \"jack\"")) << listed(r.problems);
    EXPECT_TRUE(mentions(find_problem(r.problems, "buses[0].rate"), "a bus cannot have \"rate\"")) << listed(r.problems);
}

TEST(PresetReader, JackConnectMustBeStringsOnePerChannel) {
    expect_one(preset(R"([{"id": "mic", "channels": 2, "jack": {"connect": ["system:capture_1", 2]}}])"),
               "inputs[0].jack.connect[1]", "must be a non-empty string, not 2");
    expect_one(preset(R"([{"id": "mic", "channels": 1, "jack": {"connect": ["a:1", "a:2"]}}])"),
               "inputs[0].jack.connect", "lists 2 ports for 1 channel (one port per channel)");
    expect_one(preset(R"([{"id": "mic", "channels": 1, "jack": {"connect": "system:capture_1"}}])"),
               "inputs[0].jack.connect", "must be an array");
}

TEST(PresetReader, RouteNeedsFromAndTo) {
    const ReadResult r = parse_preset(with_route(R"({"gain_db": -3})"));
    ASSERT_EQ(r.problems.size(), 2u) << listed(r.problems);
    EXPECT_TRUE(mentions(find_problem(r.problems, "routes[0].from"), "missing")) << listed(r.problems);
    EXPECT_TRUE(mentions(find_problem(r.problems, "routes[0].to"), "missing")) << listed(r.problems);
}

TEST(PresetReader, GainOverPlus24) {
    expect_one(with_route(R"({"from": "mic", "to": "mix", "gain_db": 30})"), "routes[0].gain_db",
               "must be at most +24 dB, not +30");
    expect_one(with_route(R"({"from": "mic", "to": "mix", "gain_db": 24.5})"), "routes[0].gain_db",
               "must be at most +24 dB, not +24.5");
}

TEST(PresetReader, GainOfExactly24IsAllowed) {
    const ReadResult r = parse_preset(with_route(R"({"from": "mic", "to": "mix", "gain_db": 24})"));
    ASSERT_TRUE(r.model.has_value()) << listed(r.problems);
    EXPECT_EQ(r.model->routes[0].gain_db, 24.0);
}

TEST(PresetReader, GainMustBeANumberOrNull) {
    expect_one(with_route(R"({"from": "mic", "to": "mix", "gain_db": "-3"})"), "routes[0].gain_db",
               "must be a number of dB (at most +24) or null for silence, not \"-3\"");
}

TEST(PresetReader, NullGainIsSilence) {
    const ReadResult r = parse_preset(with_route(R"({"from": "mic", "to": "mix", "gain_db": null})"));
    ASSERT_TRUE(r.model.has_value()) << listed(r.problems);
    const double gain = r.model->routes[0].gain_db;
    EXPECT_TRUE(std::isinf(gain) && gain < 0) << "gain_db null read as " << gain << ", expected -inf";
    EXPECT_EQ(gain, graph::kSilenceDb);
}

TEST(PresetReader, AbsentGainIsZeroAndMuteFalse) {
    const ReadResult r = parse_preset(with_route(R"({"from": "mic", "to": "mix"})"));
    ASSERT_TRUE(r.model.has_value()) << listed(r.problems);
    EXPECT_EQ(r.model->routes[0].gain_db, 0.0);
    EXPECT_FALSE(r.model->routes[0].mute);
    EXPECT_FALSE(r.model->routes[0].map.has_value());
}

TEST(PresetReader, MuteMustBeABoolean) {
    expect_one(with_route(R"({"from": "mic", "to": "mix", "mute": 1})"), "routes[0].mute",
               "must be true or false, not 1");
}

TEST(PresetReader, RouteSoloMustBeABoolean) {
    expect_one(with_route(R"({"from": "mic", "to": "mix", "solo": "yes"})"), "routes[0].solo",
               "must be true or false, not \"yes\"");
}

TEST(PresetReader, EndpointMuteMustBeABoolean) {
    expect_one(preset(R"([{"id": "mic", "channels": 1, "mute": 1}])"), "inputs[0].mute",
               "must be true or false, not 1");
}

TEST(PresetReader, EndpointSoloMustBeABoolean) {
    expect_one(R"({"switchyard": 1, "name": "x", "buses": [{"id": "mix", "channels": 2, "solo": null}]})",
               "buses[0].solo", "must be true or false, not null");
}

TEST(PresetReader, EndpointGainOverPlus24) {
    expect_one(preset(R"([{"id": "mic", "channels": 1}])", R"([{"id": "out", "channels": 2, "gain_db": 30}])"),
               "outputs[0].gain_db", "must be at most +24 dB, not +30");
}

TEST(PresetReader, EndpointGainMustBeANumberOrNull) {
    expect_one(preset(R"([{"id": "mic", "channels": 1, "gain_db": "-6"}])"), "inputs[0].gain_db",
               "must be a number of dB (at most +24) or null for silence, not \"-6\"");
}

TEST(PresetReader, EndpointNullGainIsSilence) {
    const ReadResult r = parse_preset(preset(R"([{"id": "mic", "channels": 1, "gain_db": null}])"));
    ASSERT_TRUE(r.model.has_value()) << listed(r.problems);
    EXPECT_EQ(r.model->inputs[0].gain_db, graph::kSilenceDb) << "gain_db null read as " << r.model->inputs[0].gain_db;
}

TEST(PresetReader, MixerStateIsReadOnEveryKindOfEndpointAndOnRoutes) {
    const ReadResult r = parse_preset(R"({
      "switchyard": 1, "name": "strips",
      "inputs": [{"id": "mic", "channels": 1, "gain_db": -6, "mute": true, "solo": true}],
      "buses": [{"id": "mix", "channels": 2, "gain_db": -3.5, "solo": true}],
      "outputs": [{"id": "out", "channels": 2, "gain_db": 24, "mute": true}],
      "routes": [{"from": "mic", "to": "mix", "solo": true}, {"from": "mix", "to": "out"}]
    })");
    ASSERT_TRUE(r.model.has_value()) << listed(r.problems);
    const graph::Model& m = *r.model;
    EXPECT_EQ(m.inputs[0].gain_db, -6.0);
    EXPECT_TRUE(m.inputs[0].mute);
    EXPECT_TRUE(m.inputs[0].solo);
    EXPECT_EQ(m.buses[0].gain_db, -3.5);
    EXPECT_FALSE(m.buses[0].mute);
    EXPECT_TRUE(m.buses[0].solo);
    EXPECT_EQ(m.outputs[0].gain_db, 24.0);
    EXPECT_TRUE(m.outputs[0].mute);
    EXPECT_TRUE(m.routes[0].solo);
    EXPECT_FALSE(m.routes[1].solo);
}

TEST(PresetReader, AbsentMixerStateIsTheDefaults) {
    const ReadResult r = parse_preset(preset());
    ASSERT_TRUE(r.model.has_value()) << listed(r.problems);
    for (const auto* list : {&r.model->inputs, &r.model->buses, &r.model->outputs}) {
        for (const graph::Endpoint& e : *list) {
            EXPECT_EQ(e.gain_db, 0.0) << e.id;
            EXPECT_FALSE(e.mute) << e.id;
            EXPECT_FALSE(e.solo) << e.id;
        }
    }
    EXPECT_FALSE(r.model->routes[0].solo);
}

TEST(PresetReader, BadMapShape) {
    expect_one(with_route(R"({"from": "mic", "to": "mix", "map": [[0, 0], [1]]})"), "routes[0].map[1]",
               "must be a pair [from_channel, to_channel], not [1]");
    expect_one(with_route(R"({"from": "mic", "to": "mix", "map": [[0, -1]]})"), "routes[0].map[0][1]",
               "must be an integer from 0 to 63, not -1");
    expect_one(with_route(R"({"from": "mic", "to": "mix", "map": [[0.5, 1]]})"), "routes[0].map[0][0]",
               "must be an integer from 0 to 63, not 0.5");
    expect_one(with_route(R"({"from": "mic", "to": "mix", "map": {"0": 1}})"), "routes[0].map",
               "must be an array [ ... ], not an object");
    expect_one(with_route(R"({"from": "mic", "to": "mix", "map": [0, 1]})"), "routes[0].map",
               "must be a list of [from_channel, to_channel] pairs, not [0,1] (did you mean [[0,1]]?)");
}

TEST(PresetReader, MapIsReadAsChannelPairs) {
    const ReadResult r = parse_preset(with_route(R"({"from": "mic", "to": "mix", "map": [[0, 1], [0, 0]]})"));
    ASSERT_TRUE(r.model.has_value()) << listed(r.problems);
    const std::vector<graph::ChannelPair> want = {{0, 1}, {0, 0}};
    ASSERT_TRUE(r.model->routes[0].map.has_value());
    EXPECT_EQ(*r.model->routes[0].map, want);
}

TEST(PresetReader, UnknownFieldTypoGetsASuggestion) {
    const ReadResult r = parse_preset(preset(R"([{"id": "mic", "chanels": 1}])"));
    ASSERT_EQ(r.problems.size(), 2u) << listed(r.problems);
    const graph::Problem* typo = find_problem(r.problems, "inputs[0].chanels");
    ASSERT_NE(typo, nullptr) << listed(r.problems);
    EXPECT_EQ(typo->message, "unknown field \"chanels\" (did you mean \"channels\"?)");
    EXPECT_TRUE(mentions(find_problem(r.problems, "inputs[0].channels"), "missing")) << listed(r.problems);
}

TEST(PresetReader, UnknownFieldsAreCaughtAtEveryLevel) {
    expect_one(R"({"switchyard": 1, "name": "x", "rotues": []})", "rotues",
               "unknown field \"rotues\" (did you mean \"routes\"?)");
    expect_one(with_route(R"({"from": "mic", "to": "mix", "gain": -3})"), "routes[0].gain",
               "unknown field \"gain\" (did you mean \"gain_db\"?)");
    expect_one(R"({"switchyard": 1, "name": "x", "engine": {"perod": 64}})", "engine.perod",
               "unknown field \"perod\" (did you mean \"period\"?)");
    expect_one(preset(R"([{"id": "mic", "channels": 1, "pipewire": {"virtal": "sink"}}])"),
               "inputs[0].pipewire.virtal", "unknown field \"virtal\" (did you mean \"virtual\"?)");
}

TEST(PresetReader, UnknownFieldFarFromAnyListsTheKnownOnes) {
    expect_one(preset(R"([{"id": "mic", "channels": 1, "colour": "red"}])"), "inputs[0].colour",
               "unknown field \"colour\" (known here: id, channels, rate, quality, latency, jack, pipewire, gain_db, mute, "
               "solo, inserts)");
}

TEST(PresetReader, KeyGivenTwice) {
    expect_one(preset(R"([{"id": "mic", "channels": 1, "channels": 2}])"), "inputs[0].channels",
               "given twice in the same object");
}

TEST(PresetReader, EndpointMustBeAnObject) {
    expect_one(preset(R"(["mic"])"), "inputs[0]", "must be an object");
}

TEST(PresetReader, EveryProblemIsReportedNotJustTheFirst) {
    const std::string text = R"({
      "switchyard": 1,
      "engine": {"rate": 1},
      "inputs": [{"id": "Mic", "channels": 2.5}, {"id": "desk", "channels": 2, "quality": "ultra"}],
      "buses": [{"id": "desk", "channels": 99}],
      "outputs": [{"id": "out", "channels": 2, "pipewire": {"virtual": "sink"}}],
      "routes": [{"from": "desk", "to": "out", "gain_db": 40, "map": [[0]]}, {"to": "out", "mute": "no"}]
    })";
    const ReadResult r = parse_preset(text);
    EXPECT_FALSE(r.model.has_value());
    const char* fields[] = {"name",
                            "engine.rate",
                            "inputs[0].id",
                            "inputs[0].channels",
                            "inputs[1].quality",
                            "buses[0].channels",
                            "buses[0].id",
                            "outputs[0].pipewire.virtual",
                            "routes[0].gain_db",
                            "routes[0].map[0]",
                            "routes[1].from",
                            "routes[1].mute"};
    for (const char* field : fields) {
        EXPECT_NE(find_problem(r.problems, field), nullptr) << "no problem for " << field << "; " << listed(r.problems);
    }
    EXPECT_EQ(r.problems.size(), std::size(fields)) << listed(r.problems);
}

TEST(PresetReader, ConvertsEveryFieldIntoTheModel) {
    const ReadResult r = parse_preset(R"({
      "switchyard": 1, "name": "full",
      "engine": {"rate": 96000, "period": 64, "resampler": "zita"},
      "inputs": [{"id": "daw", "channels": 2, "jack": {"connect": ["system:capture_1"]}},
                 {"id": "desk", "channels": 2, "pipewire": {"virtual": "sink", "description": "Desk"}}],
      "buses": [{"id": "mix", "channels": 2}],
      "outputs": [{"id": "phones", "channels": 2, "rate": 44100, "quality": "best",
                   "pipewire": {"target": "alsa_output.usb"}},
                  {"id": "own", "channels": 1, "pipewire": {}}],
      "routes": [{"from": "daw", "to": "mix", "gain_db": -3.5, "mute": true}]
    })");
    ASSERT_TRUE(r.model.has_value()) << listed(r.problems);
    const graph::Model& m = *r.model;
    EXPECT_EQ(m.name, "full");
    EXPECT_EQ(m.engine.rate, 96000);
    EXPECT_EQ(m.engine.period, 64);
    EXPECT_EQ(m.engine.resampler, graph::ResamplerLib::Zita);
    ASSERT_EQ(m.inputs.size(), 2u);
    EXPECT_EQ(m.inputs[0].kind, graph::EndpointKind::Input);
    ASSERT_TRUE(m.inputs[0].jack.has_value());
    EXPECT_EQ(m.inputs[0].jack->connect, std::vector<std::string>{"system:capture_1"});
    EXPECT_FALSE(m.inputs[0].pipewire.has_value());
    ASSERT_TRUE(m.inputs[1].pipewire.has_value());
    EXPECT_EQ(m.inputs[1].pipewire->virtual_kind, "sink");
    EXPECT_EQ(m.inputs[1].pipewire->description, "Desk");
    EXPECT_EQ(m.buses.at(0).kind, graph::EndpointKind::Bus);
    ASSERT_EQ(m.outputs.size(), 2u);
    EXPECT_EQ(m.outputs[0].kind, graph::EndpointKind::Output);
    EXPECT_EQ(m.outputs[0].rate, 44100);
    EXPECT_EQ(m.outputs[0].quality, graph::Quality::Best);
    EXPECT_EQ(m.outputs[0].pipewire->target, "alsa_output.usb");
    ASSERT_TRUE(m.outputs[1].pipewire.has_value()) << "pipewire: {} is an endpoint on Switchyard's own node";
    EXPECT_EQ(m.outputs[1].pipewire->target, "");
    EXPECT_FALSE(m.outputs[1].rate.has_value());
    EXPECT_FALSE(m.outputs[1].quality.has_value());
    ASSERT_EQ(m.routes.size(), 1u);
    EXPECT_EQ(m.routes[0].gain_db, -3.5);
    EXPECT_TRUE(m.routes[0].mute);
}

TEST(PresetReader, EngineDefaultsWhenAbsent) {
    const ReadResult r = parse_preset(R"({"switchyard": 1, "name": "x"})");
    ASSERT_TRUE(r.model.has_value()) << listed(r.problems);
    EXPECT_EQ(r.model->engine.rate, 48000);
    EXPECT_EQ(r.model->engine.period, 128);
    EXPECT_FALSE(r.model->engine.resampler.has_value());
    EXPECT_TRUE(r.model->inputs.empty() && r.model->buses.empty() && r.model->outputs.empty());
}

TEST(PresetReader, MissingFileIsOneProblem) {
    const ReadResult r = read_preset_file("/nonexistent-dir/preset.json");
    EXPECT_FALSE(r.model.has_value());
    ASSERT_EQ(r.problems.size(), 1u) << listed(r.problems);
    EXPECT_EQ(r.problems[0].message, "cannot read the file: No such file or directory");
}

TEST(PresetReader, DirectoryIsNotAPresetFile) {
    const ReadResult r = read_preset_file("/tmp");
    ASSERT_EQ(r.problems.size(), 1u) << listed(r.problems);
    EXPECT_EQ(r.problems[0].message, "cannot read the file: is a directory, not a preset file");
}

TEST(PresetReader, ReadsAnAlreadyParsedDocument) {
    const ReadResult r = read_preset_json(nlohmann::json::parse(preset()));
    ASSERT_TRUE(r.model.has_value()) << listed(r.problems);
    EXPECT_EQ(r.model->name, "test");
}

} // namespace
} // namespace sy::presets
