// The control API's commands against a session that is not started: what
// each command changes in the model, and that a refused one changes nothing.
// (The same commands against real servers are in tests/integration.)
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "presets/preset_reader.hpp"
#include "presets/preset_writer.hpp"
#include "router/control/controller.hpp"
#include "tests/presets/scratch_dir.hpp"

namespace sy::router {
namespace {

using nlohmann::json;

const char* kPreset = R"({ "switchyard": 1, "name": "ctl-unit",
  "inputs": [ { "id": "daw", "channels": 2 }, { "id": "mic", "channels": 1 } ],
  "buses": [ { "id": "mix", "channels": 2 } ],
  "outputs": [ { "id": "obs", "channels": 2 } ],
  "routes": [ { "from": "daw", "to": "mix" }, { "from": "mic", "to": "mix" }, { "from": "mix", "to": "obs" } ] })";

class ControllerTest : public ::testing::Test {
protected:
    ControllerTest() : session_(*presets::parse_preset(kPreset).model), controller_(session_, nullptr, nullptr) {
        setenv("XDG_CONFIG_HOME", dir_.path().string().c_str(), 1);
    }

    json ask(const json& request) { return controller_.handle(1, request); }
    std::string model_text() { return presets::to_text(session_.model()); }

    presets::test_support::ScratchDir dir_;
    LiveSession session_;
    Controller controller_;
};

TEST_F(ControllerTest, RepliesEchoTheIdAndSayOk) {
    const json r = ask({{"id", "a7"}, {"cmd", "status"}});
    EXPECT_EQ(r["id"], "a7");
    EXPECT_TRUE(r["ok"].get<bool>()) << r.dump();
    EXPECT_EQ(r["result"]["name"], "ctl-unit");
}

TEST_F(ControllerTest, RouteGainChangesTheModel) {
    const json r = ask({{"id", 1}, {"cmd", "gain"}, {"from", "daw"}, {"to", "mix"}, {"db", -6}});
    ASSERT_TRUE(r["ok"].get<bool>()) << r.dump();
    EXPECT_EQ(session_.model().routes[0].gain_db, -6);
    EXPECT_EQ(controller_.revision(), 1u);
}

TEST_F(ControllerTest, NullGainIsSilence) {
    ASSERT_TRUE(ask({{"cmd", "gain"}, {"endpoint", "mic"}, {"db", nullptr}})["ok"].get<bool>());
    EXPECT_TRUE(std::isinf(session_.model().inputs[1].gain_db));
}

TEST_F(ControllerTest, MuteAndSoloSetTheEndpointAndTheRoute) {
    ASSERT_TRUE(ask({{"cmd", "mute"}, {"endpoint", "mic"}})["ok"].get<bool>());
    EXPECT_TRUE(session_.model().inputs[1].mute);
    ASSERT_TRUE(ask({{"cmd", "mute"}, {"endpoint", "mic"}, {"on", false}})["ok"].get<bool>());
    EXPECT_FALSE(session_.model().inputs[1].mute);
    ASSERT_TRUE(ask({{"cmd", "solo"}, {"from", "daw"}, {"to", "mix"}})["ok"].get<bool>());
    EXPECT_TRUE(session_.model().routes[0].solo);
}

TEST_F(ControllerTest, SoloOnAnOutputIsRefusedAndChangesNothing) {
    const std::string before = model_text();
    const json r = ask({{"cmd", "solo"}, {"endpoint", "obs"}});
    EXPECT_FALSE(r["ok"].get<bool>());
    EXPECT_EQ(r["error"]["code"], "invalid") << r.dump();
    EXPECT_EQ(r["error"]["problems"][0]["field"], "outputs[0].solo") << r.dump();
    EXPECT_EQ(model_text(), before);
    EXPECT_EQ(controller_.revision(), 0u);
}

TEST_F(ControllerTest, AnUnknownEndpointIsNamedWithAHint) {
    const json r = ask({{"cmd", "gain"}, {"from", "dax"}, {"to", "mix"}, {"db", -6}});
    EXPECT_EQ(r["error"]["code"], "unknown_endpoint") << r.dump();
    EXPECT_NE(r["error"]["message"].get<std::string>().find("did you mean \"daw\""), std::string::npos) << r.dump();
}

TEST_F(ControllerTest, AMissingRouteIsUnknownRoute) {
    const json r = ask({{"cmd", "mute"}, {"from", "daw"}, {"to", "obs"}});
    EXPECT_EQ(r["error"]["code"], "unknown_route") << r.dump();
}

TEST_F(ControllerTest, BadValuesAreBadRequestsAndChangeNothing) {
    const std::string before = model_text();
    for (const json& bad : {json{{"cmd", "gain"}, {"endpoint", "mic"}, {"db", "loud"}},
                            json{{"cmd", "gain"}, {"endpoint", "mic"}},
                            json{{"cmd", "mute"}, {"endpoint", "mic"}, {"on", 1}},
                            json{{"cmd", "gain"}, {"db", -3}},
                            json{{"cmd", 7}},
                            json::array({1, 2}),
                            json{{"cmd", "subscribe"}, {"meter_hz", 1000}}}) {
        const json r = ask(bad);
        EXPECT_FALSE(r["ok"].get<bool>()) << bad.dump();
        EXPECT_EQ(r["error"]["code"], "bad_request") << bad.dump() << " -> " << r.dump();
    }
    EXPECT_EQ(model_text(), before);
}

TEST_F(ControllerTest, AGainOverPlus24IsInvalid) {
    const json r = ask({{"cmd", "gain"}, {"from", "daw"}, {"to", "mix"}, {"db", 30}});
    EXPECT_EQ(r["error"]["code"], "invalid") << r.dump();
    EXPECT_EQ(session_.model().routes[0].gain_db, 0);
}

TEST_F(ControllerTest, AnUnknownCommandGetsAHint) {
    const json r = ask({{"cmd", "staus"}});
    EXPECT_EQ(r["error"]["code"], "unknown_command");
    EXPECT_NE(r["error"]["message"].get<std::string>().find("status"), std::string::npos) << r.dump();
}

TEST_F(ControllerTest, RoutesAreAddedAndRemoved) {
    ASSERT_TRUE(ask({{"cmd", "route.add"}, {"from", "mic"}, {"to", "obs"}, {"gain_db", -3}})["ok"].get<bool>());
    ASSERT_EQ(session_.model().routes.size(), 4u);
    EXPECT_EQ(session_.model().routes[3].gain_db, -3);
    EXPECT_EQ(ask({{"cmd", "route.add"}, {"from", "mic"}, {"to", "obs"}})["error"]["code"], "invalid");
    EXPECT_EQ(ask({{"cmd", "route.add"}, {"from", "obs"}, {"to", "mix"}})["error"]["code"], "invalid")
        << "a route out of an output";
    ASSERT_TRUE(ask({{"cmd", "route.remove"}, {"from", "mic"}, {"to", "obs"}})["ok"].get<bool>());
    EXPECT_EQ(session_.model().routes.size(), 3u);
}

TEST_F(ControllerTest, ACycleThroughBusesIsRefused) {
    ASSERT_TRUE(ask({{"cmd", "endpoint.add"}, {"kind", "bus"}, {"endpoint", {{"id", "b2"}, {"channels", 2}}}})["ok"].get<bool>());
    ASSERT_TRUE(ask({{"cmd", "route.add"}, {"from", "mix"}, {"to", "b2"}})["ok"].get<bool>());
    const json r = ask({{"cmd", "route.add"}, {"from", "b2"}, {"to", "mix"}});
    EXPECT_EQ(r["error"]["code"], "invalid") << r.dump();
}

TEST_F(ControllerTest, EndpointsAreAddedRenamedAndRemovedWithTheirRoutes) {
    const json add = ask({{"cmd", "endpoint.add"},
                          {"kind", "output"},
                          {"endpoint", {{"id", "phones"}, {"channels", 2}, {"pipewire", {{"target", "x"}}}}}});
    ASSERT_TRUE(add["ok"].get<bool>()) << add.dump();
    ASSERT_TRUE(ask({{"cmd", "route.add"}, {"from", "mix"}, {"to", "phones"}})["ok"].get<bool>());
    ASSERT_TRUE(ask({{"cmd", "endpoint.rename"}, {"endpoint", "phones"}, {"to", "cans"}})["ok"].get<bool>());
    EXPECT_EQ(session_.model().routes.back().to, "cans");
    const json removed = ask({{"cmd", "endpoint.remove"}, {"endpoint", "cans"}});
    ASSERT_TRUE(removed["ok"].get<bool>()) << removed.dump();
    EXPECT_EQ(removed["result"]["routes_removed"], json::parse(R"([{"from":"mix","to":"cans"}])"));
    EXPECT_EQ(session_.model().outputs.size(), 1u);
}

TEST_F(ControllerTest, AnEndpointIsReadAsInAPresetWithItsErrors) {
    const json r = ask({{"cmd", "endpoint.add"}, {"kind", "input"}, {"endpoint", {{"id", "Bad Id"}, {"chanels", 2}}}});
    EXPECT_EQ(r["error"]["code"], "bad_request") << r.dump();
    EXPECT_GE(r["error"]["problems"].size(), 2u) << r.dump();
    EXPECT_EQ(ask({{"cmd", "endpoint.rename"}, {"endpoint", "mic"}, {"to", "daw"}})["error"]["code"], "invalid");
    EXPECT_EQ(ask({{"cmd", "endpoint.rename"}, {"endpoint", "mic"}, {"to", "A B"}})["error"]["code"], "bad_request");
}

TEST_F(ControllerTest, PresetsAreSavedListedAndLoaded) {
    ASSERT_TRUE(ask({{"cmd", "gain"}, {"endpoint", "mic"}, {"db", -9}})["ok"].get<bool>());
    const json saved = ask({{"cmd", "preset.save"}, {"name", "live"}});
    ASSERT_TRUE(saved["ok"].get<bool>()) << saved.dump();
    EXPECT_TRUE(std::filesystem::exists(dir_.path().string() + "/switchyard/presets/live.json"));
    const json list = ask({{"cmd", "preset.list"}});
    ASSERT_EQ(list["result"].size(), 1u) << list.dump();
    EXPECT_EQ(list["result"][0]["name"], "live");

    ASSERT_TRUE(ask({{"cmd", "gain"}, {"endpoint", "mic"}, {"db", 0}})["ok"].get<bool>());
    const json loaded = ask({{"cmd", "preset.load"}, {"name", "live"}});
    ASSERT_TRUE(loaded["ok"].get<bool>()) << loaded.dump();
    EXPECT_EQ(session_.model().inputs[1].gain_db, -9);
    EXPECT_EQ(loaded["result"]["kept"].size(), 4u) << loaded.dump();
}

TEST_F(ControllerTest, ABadPresetIsRefusedWithItsLineAndChangesNothing) {
    const std::string before = model_text();
    std::filesystem::create_directories(dir_.path().string() + "/switchyard/presets");
    std::ofstream(dir_.path().string() + "/switchyard/presets/broken.json") << "{ \"switchyard\": 1,\n  \"name\": }\n";
    const json r = ask({{"cmd", "preset.load"}, {"name", "broken"}});
    EXPECT_EQ(r["error"]["code"], "preset_error") << r.dump();
    EXPECT_NE(r["error"]["message"].get<std::string>().find("broken.json:2:"), std::string::npos) << r.dump();
    EXPECT_EQ(ask({{"cmd", "preset.load"}, {"name", "nothere"}})["error"]["code"], "not_found");
    EXPECT_EQ(ask({{"cmd", "preset.load"}, {"name", "../x"}})["error"]["code"], "bad_request");
    EXPECT_EQ(model_text(), before);
}

TEST_F(ControllerTest, TheModelIsAPresetDocument) {
    const json r = ask({{"cmd", "model"}});
    ASSERT_TRUE(r["ok"].get<bool>());
    json doc = r["result"];
    doc.erase("revision");
    const auto read = presets::read_preset_json(doc);
    ASSERT_TRUE(read.model) << read.problems.front().message;
    EXPECT_EQ(presets::to_text(*read.model), model_text());
}

} // namespace
} // namespace sy::router
