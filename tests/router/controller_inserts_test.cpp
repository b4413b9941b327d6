// The insert commands of the control API against a session that is not
// started: what each changes in the model, and that a refused one (an
// unknown plugin, control or value) changes nothing and says where.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "presets/preset_reader.hpp"
#include "presets/preset_writer.hpp"
#include "router/control/controller.hpp"
#include "router/control/osc_bridge.hpp"

namespace sy::router {
namespace {

using nlohmann::json;

const char* kPreset = R"({ "switchyard": 1, "name": "ctl-fx",
  "inputs": [ { "id": "mic", "channels": 1 } ],
  "outputs": [ { "id": "obs", "channels": 2 } ],
  "routes": [ { "from": "mic", "to": "obs" } ] })";

const char* kComp = "http://lsp-plug.in/plugins/lv2/compressor_mono";

class ControllerInsertsTest : public ::testing::Test {
protected:
    ControllerInsertsTest() : session_(*presets::parse_preset(kPreset).model), controller_(session_, nullptr, nullptr) {}

    json ask(const json& request) { return controller_.handle(1, request); }
    const graph::Inserts& inserts() { return session_.model().inputs[0].inserts; }
    void add_comp() {
        const json r = ask({{"cmd", "insert.add"}, {"endpoint", "mic"},
                            {"insert", {{"id", "comp"}, {"lv2", kComp}, {"controls", {{"cr", 3}}}}}});
        ASSERT_TRUE(r["ok"].get<bool>()) << r.dump();
    }

    LiveSession session_;
    Controller controller_;
};

TEST_F(ControllerInsertsTest, AddPutsTheInsertOnTheStripAtItsPlace) {
    add_comp();
    const json r = ask({{"cmd", "insert.add"}, {"endpoint", "mic"}, {"at", 0}, {"insert", {{"id", "nr"}, {"builtin", "denoise"}}}});
    ASSERT_TRUE(r["ok"].get<bool>()) << r.dump();
    ASSERT_EQ(inserts().size(), 2u);
    EXPECT_EQ(inserts()[0].id, "nr");
    EXPECT_EQ(inserts()[1].id, "comp");
    EXPECT_EQ(std::get<double>(inserts()[1].controls.at("cr")), 3.0);
    EXPECT_NE(presets::to_text(session_.model()).find("\"inserts\""), std::string::npos) << "saved with the model";
}

TEST_F(ControllerInsertsTest, SetChangesControlsAndNullGivesTheDefaultBack) {
    add_comp();
    ASSERT_TRUE(ask({{"cmd", "insert.set"}, {"endpoint", "mic"}, {"insert", "comp"}, {"controls", {{"at", 5}, {"cr", nullptr}}}})["ok"]
                    .get<bool>());
    EXPECT_EQ(std::get<double>(inserts()[0].controls.at("at")), 5.0);
    EXPECT_EQ(inserts()[0].controls.count("cr"), 0u);
}

TEST_F(ControllerInsertsTest, BypassAndRemove) {
    add_comp();
    ASSERT_TRUE(ask({{"cmd", "insert.bypass"}, {"endpoint", "mic"}, {"insert", "comp"}})["ok"].get<bool>());
    EXPECT_TRUE(inserts()[0].bypass);
    ASSERT_TRUE(ask({{"cmd", "insert.bypass"}, {"endpoint", "mic"}, {"insert", "comp"}, {"on", false}})["ok"].get<bool>());
    EXPECT_FALSE(inserts()[0].bypass);
    ASSERT_TRUE(ask({{"cmd", "insert.remove"}, {"endpoint", "mic"}, {"insert", "comp"}})["ok"].get<bool>());
    EXPECT_TRUE(inserts().empty());
}

TEST_F(ControllerInsertsTest, BadInputIsRefusedWithWhereAndNothingChanges) {
    add_comp();
    const std::string before = presets::to_text(session_.model());
    const auto revision = controller_.revision();
    const json out_of_range = ask({{"cmd", "insert.set"}, {"endpoint", "mic"}, {"insert", "comp"}, {"controls", {{"cr", 500}}}});
    EXPECT_EQ(out_of_range["error"]["code"], "invalid") << out_of_range.dump();
    EXPECT_EQ(out_of_range["error"]["problems"][0]["field"], "inputs[0].inserts[0].controls.cr") << out_of_range.dump();
    const json unknown_symbol = ask({{"cmd", "insert.set"}, {"endpoint", "mic"}, {"insert", "comp"}, {"controls", {{"ratio", 2}}}});
    EXPECT_NE(unknown_symbol["error"]["message"].get<std::string>().find("has no control \"ratio\""), std::string::npos)
        << unknown_symbol.dump();
    const json unknown_uri = ask({{"cmd", "insert.add"}, {"endpoint", "mic"}, {"insert", {{"id", "x"}, {"lv2", "urn:none"}}}});
    EXPECT_EQ(unknown_uri["error"]["problems"][0]["field"], "inputs[0].inserts[1].lv2") << unknown_uri.dump();
    const json no_insert = ask({{"cmd", "insert.bypass"}, {"endpoint", "mic"}, {"insert", "eq"}});
    EXPECT_EQ(no_insert["error"]["code"], "unknown_insert");
    EXPECT_NE(no_insert["error"]["message"].get<std::string>().find("(it has comp)"), std::string::npos);
    const json twice = ask({{"cmd", "insert.add"}, {"endpoint", "mic"}, {"insert", {{"id", "comp"}, {"lv2", kComp}}}});
    EXPECT_EQ(twice["error"]["code"], "invalid");
    EXPECT_EQ(presets::to_text(session_.model()), before);
    EXPECT_EQ(controller_.revision(), revision);
}

TEST_F(ControllerInsertsTest, PluginsListsAndDescribes) {
    const json list = ask({{"cmd", "plugins"}, {"search", "compressor mono"}});
    ASSERT_TRUE(list["ok"].get<bool>()) << list.dump();
    bool found = false;
    for (const auto& p : list["result"]["plugins"]) found = found || p["uri"] == kComp;
    EXPECT_TRUE(found) << list.dump();
    const json one = ask({{"cmd", "plugins"}, {"uri", kComp}});
    ASSERT_TRUE(one["ok"].get<bool>());
    EXPECT_FALSE(one["result"]["controls"].empty());
    EXPECT_EQ(ask({{"cmd", "plugins"}, {"uri", "urn:none"}})["error"]["code"], "unknown_plugin");
}

TEST(OscInserts, BypassAndAControlMapToTheirRequests) {
    const auto bypass = osc_to_request("/switchyard/endpoint/mic/insert/comp/bypass", "i", 1, "");
    ASSERT_TRUE(bypass.request) << bypass.error;
    EXPECT_EQ(*bypass.request, (json{{"cmd", "insert.bypass"}, {"endpoint", "mic"}, {"insert", "comp"}, {"on", true}}));
    const auto ratio = osc_to_request("/switchyard/endpoint/mic/insert/comp/cr", "f", 4, "");
    ASSERT_TRUE(ratio.request) << ratio.error;
    EXPECT_EQ((*ratio.request)["controls"], (json{{"cr", 4.0}}));
    const auto level = osc_to_request("/switchyard/endpoint/mic/insert/nr/level", "s", 0, "high");
    ASSERT_TRUE(level.request) << level.error;
    EXPECT_EQ((*level.request)["controls"], (json{{"level", "high"}}));
}

} // namespace
} // namespace sy::router

namespace sy::router {
namespace {

TEST_F(ControllerInsertsTest, APresetWithABadInsertIsRefusedAndNothingChanges) {
    const auto file = std::filesystem::temp_directory_path() / ("sy-bad-insert-" + std::to_string(::getpid()) + ".json");
    std::ofstream(file) << R"({ "switchyard": 1, "name": "bad",
      "inputs": [ { "id": "mic", "channels": 1, "inserts": [
        { "id": "comp", "lv2": "http://lsp-plug.in/plugins/lv2/compressor_mono", "controls": { "cr": 500 } } ] } ],
      "outputs": [ { "id": "obs", "channels": 2 } ], "routes": [ { "from": "mic", "to": "obs" } ] })";
    const std::string before = presets::to_text(session_.model());
    const json r = ask({{"cmd", "preset.load"}, {"file", file.string()}});
    std::filesystem::remove(file);
    EXPECT_FALSE(r["ok"].get<bool>()) << r.dump();
    EXPECT_NE(r.dump().find("inputs[0].inserts[0].controls.cr"), std::string::npos) << r.dump();
    EXPECT_EQ(presets::to_text(session_.model()), before);
}

} // namespace
} // namespace sy::router
