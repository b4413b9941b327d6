// Inserts and loudness on the mixer strips against a real engine on the
// test servers: a preset's inserts drawn with their bypass buttons, an
// insert added through the plugin picker, a control moved in the editor,
// and the LUFS readout and true-peak light fed by a tone. Every edit is
// checked in the engine's model (`switchyard ctl --json model`).
#include <cmath>
#include <fstream>

#include <gtkmm/comboboxtext.h>
#include <gtkmm/scale.h>

#include "gui/loudness_target.hpp"
#include "gui_fixture.hpp"

namespace sy::test {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

constexpr const char* kCompressor = "http://lsp-plug.in/plugins/lv2/compressor_stereo";
constexpr const char* kEqualizer = "http://lsp-plug.in/plugins/lv2/para_equalizer_x16_stereo";

// The streaming example with a compressor on the stream bus and the
// built-in denoiser on the desktop input.
std::string write_inserts_preset(const std::string& dir) {
    std::ifstream in(example_preset("streaming"));
    json preset = json::parse(in);
    preset["name"] = "inserts";
    for (auto& bus : preset["buses"]) {
        if (bus["id"] == "stream") bus["inserts"] = json::array({{{"id", "comp"}, {"lv2", kCompressor}}});
    }
    for (auto& input : preset["inputs"]) {
        if (input["id"] == "desktop") input["inserts"] = json::array({{{"id", "denoise"}, {"builtin", "denoise"}}});
    }
    const std::string path = dir + "/inserts.json";
    std::ofstream(path) << preset.dump(2);
    return path;
}

// Insert `id` of endpoint `endpoint` in a `model` result, or null.
json insert_of(const json& model, const std::string& endpoint, const std::string& id) {
    for (const char* list : {"inputs", "buses", "outputs"}) {
        if (!model.contains(list)) continue;
        for (const auto& e : model[list]) {
            if (e.value("id", "") != endpoint || !e.contains("inserts")) continue;
            for (const auto& i : e["inserts"]) {
                if (i.value("id", "") == id) return i;
            }
        }
    }
    return nullptr;
}

double control_of(const json& model, const std::string& endpoint, const std::string& id, const std::string& symbol) {
    const json i = insert_of(model, endpoint, id);
    if (i.is_null() || !i.contains("controls") || !i["controls"].contains(symbol) || !i["controls"][symbol].is_number())
        return std::nan("");
    return i["controls"][symbol].get<double>();
}

TEST_F(GuiTest, APresetsInsertShowsWithItsBypassAndAClickBypassesItInTheEngine) {
    GuiEngine engine(write_inserts_preset(temp_folder("sy-gui-inserts")));
    ASSERT_TRUE(engine.ready()) << engine.process().output();
    auto& gui = open_gui(engine.instance());
    ASSERT_TRUE(shows("bypass stream comp")) << names() << log();
    for (const char* name : {"insert stream comp", "remove insert stream comp", "add insert stream", "insert desktop denoise",
                             "bypass desktop denoise", "add insert daw"}) {
        EXPECT_NE(named(name), nullptr) << "no widget named \"" << name << "\" in: " << names();
    }
    auto* strip = gui.window().mixer().strip("stream");
    ASSERT_NE(strip, nullptr);
    auto* bypass = strip->inserts().bypass("comp");
    ASSERT_NE(bypass, nullptr);
    EXPECT_FALSE(bypass->get_active());
    pump_for(500ms);
    ASSERT_TRUE(click(screen_point(*bypass)));
    EXPECT_TRUE(engine_until(engine, "model", [](const json& m) {
        return insert_of(m, "stream", "comp").value("bypass", false);
    })) << "the engine's comp is not bypassed after the click; " << gui.window().message_text() << "\n"
        << insert_of(engine.ctl_json("model"), "stream", "comp").dump();
    EXPECT_EQ(save_screenshot(gui.window(), artifact_path("inserts.png")), "");

    // Remove: the row goes with the engine's insert.
    Gtk::Widget* remove = named("remove insert stream comp");
    ASSERT_NE(remove, nullptr);
    dynamic_cast<Gtk::Button*>(remove)->clicked();
    EXPECT_TRUE(engine_until(engine, "model", [](const json& m) { return insert_of(m, "stream", "comp").is_null(); }))
        << gui.window().message_text();
    EXPECT_TRUE(pump_until([&] { return named("insert stream comp") == nullptr; }, 10s)) << names();
}

TEST_F(GuiTest, AnInsertPickedFromTheSearchablePluginListLandsInTheEngine) {
    GuiEngine engine(example_preset("streaming"));
    ASSERT_TRUE(engine.ready()) << engine.process().output();
    auto& gui = open_gui(engine.instance());
    ASSERT_TRUE(shows("add insert daw")) << names() << log();
    pump_for(300ms);
    ASSERT_TRUE(click(screen_point(*named("add insert daw"))));
    auto* strip = gui.window().mixer().strip("daw");
    ASSERT_NE(strip, nullptr);
    ASSERT_TRUE(pump_until([&] { return strip->inserts().picker() && strip->inserts().picker()->get_mapped(); }, 5s));
    auto& picker = *strip->inserts().picker();
    ASSERT_TRUE(pump_until([&] { return gui.window().mixer().catalog().loaded(); }, 10s)) << "no plugin list";
    const int everything = picker.rows();
    EXPECT_GT(everything, 3) << "the denoiser and the installed plugins";
    ASSERT_NE(picker.row_choice(0), nullptr);
    EXPECT_EQ(picker.row_choice(0)->builtin, "denoise") << "the built-in denoiser is offered first";

    picker.search().set_text("para_equalizer_x16_stereo");
    ASSERT_TRUE(pump_until([&] { return picker.rows() == 1; }, 5s)) << picker.rows() << " rows for the search";
    EXPECT_EQ(picker.row_choice(0)->uri, kEqualizer);
    Gtk::ListBoxRow* row = picker.list().get_row_at_index(0);
    ASSERT_NE(row, nullptr);
    row->activate();
    EXPECT_TRUE(engine_until(engine, "model", [](const json& m) {
        return insert_of(m, "daw", "eq").value("lv2", "") == kEqualizer;
    })) << "no eq on daw in the engine; " << gui.window().message_text();
    EXPECT_TRUE(shows("insert daw eq")) << names();
    EXPECT_FALSE(picker.get_mapped()) << "the picker closes once one is picked";

    // A second one of the same kind gets a fresh id.
    strip->inserts().open_picker();
    picker.search().set_text("Parametric Equalizer x16 Stereo");
    ASSERT_TRUE(pump_until([&] { return picker.row_choice(0) && picker.row_choice(0)->uri == kEqualizer; }, 5s));
    picker.list().get_row_at_index(0)->activate();
    EXPECT_TRUE(engine_until(engine, "model", [](const json& m) { return !insert_of(m, "daw", "eq-2").is_null(); }))
        << gui.window().message_text();
}

TEST_F(GuiTest, TheControlEditorChangesAnInsertsControlsInTheEngine) {
    GuiEngine engine(write_inserts_preset(temp_folder("sy-gui-inserts")));
    ASSERT_TRUE(engine.ready()) << engine.process().output();
    auto& gui = open_gui(engine.instance());
    ASSERT_TRUE(shows("insert stream comp")) << names() << log();
    pump_for(300ms);
    ASSERT_TRUE(click(screen_point(*named("insert stream comp"))));
    auto& inserts = gui.window().mixer().strip("stream")->inserts();
    ASSERT_TRUE(pump_until([&] { return inserts.editor() && inserts.editor()->get_mapped(); }, 10s))
        << gui.window().message_text();
    auto* editor = inserts.editor();

    // Ratio: a logarithmic slider from 1 to 100; half way is 10.
    auto* ratio = dynamic_cast<Gtk::Scale*>(find_one(*editor, "control stream comp cr"));
    ASSERT_NE(ratio, nullptr) << "no ratio slider";
    ratio->set_value(0.5);
    EXPECT_NEAR(editor->value("cr").get<double>(), 10.0, 0.01);
    EXPECT_TRUE(engine_until(engine, "model", [](const json& m) {
        return std::abs(control_of(m, "stream", "comp", "cr") - 10.0) < 0.01;
    })) << "ratio in the engine: " << control_of(engine.ctl_json("model"), "stream", "comp", "cr") << "; "
        << gui.window().message_text();

    // A toggle and an enumeration.
    auto* enabled = dynamic_cast<Gtk::CheckButton*>(find_one(*editor, "control stream comp enabled"));
    ASSERT_NE(enabled, nullptr);
    EXPECT_TRUE(enabled->get_active()) << "the plugin's default";
    enabled->set_active(false);
    auto* mode = dynamic_cast<Gtk::ComboBoxText*>(find_one(*editor, "control stream comp scm"));
    ASSERT_NE(mode, nullptr);
    mode->set_active(2); // LPF
    EXPECT_TRUE(engine_until(engine, "model", [](const json& m) {
        return control_of(m, "stream", "comp", "enabled") == 0.0 && control_of(m, "stream", "comp", "scm") == 2.0;
    })) << insert_of(engine.ctl_json("model"), "stream", "comp").dump();

    // The denoiser: a combo of its four levels.
    auto& denoise = gui.window().mixer().strip("desktop")->inserts();
    denoise.open_editor("denoise");
    ASSERT_TRUE(pump_until([&] { return denoise.editor() != nullptr; }, 5s));
    auto* level = dynamic_cast<Gtk::ComboBoxText*>(find_one(*denoise.editor(), "control desktop denoise level"));
    ASSERT_NE(level, nullptr);
    EXPECT_EQ(level->get_active_id(), "high") << "the engine's default";
    level->set_active_id("low");
    EXPECT_TRUE(engine_until(engine, "model", [](const json& m) {
        return insert_of(m, "desktop", "denoise")["controls"].value("level", "") == "low";
    })) << insert_of(engine.ctl_json("model"), "desktop", "denoise").dump();
}

TEST_F(GuiTest, AStripsLoudnessShowsOnceAToneIsPlayingAndTheTruePeakLightLatches) {
    GuiEngine engine(example_preset("streaming"));
    ASSERT_TRUE(engine.ready()) << engine.process().output();
    // Nearly full scale: its true peak is above -1 dBTP.
    const std::string tone = temp_path(".wav");
    ASSERT_TRUE(write_tone_wav(tone, 48000, 2, 30.0, 997.0, 0.99));
    BackgroundProcess player = BackgroundProcess::shell("pw-play --target switchyard.streaming.desktop " + shell_quote(tone));
    auto& gui = open_gui(engine.instance());
    ASSERT_TRUE(shows("loudness desktop")) << names() << log();
    for (const char* name : {"integrated loudness desktop", "true peak desktop", "loudness target", "loudness obs"}) {
        EXPECT_NE(named(name), nullptr) << "no widget named \"" << name << "\" in: " << names();
    }
    auto& readout = gui.window().mixer().strip("desktop")->loudness();
    // Short-term loudness needs 3 s of sound.
    const bool shown = pump_until([&] { return readout.short_term().get_text() != "--"; }, 20s);
    EXPECT_TRUE(shown) << "the readout still says " << readout.short_term().get_text();
    EXPECT_TRUE(pump_until([&] { return readout.peak_lit(); }, 10s)) << "a 0.99 tone's true peak is above -1 dBTP";
    EXPECT_EQ(save_screenshot(gui.window(), artifact_path("loudness.png")), "");
    player.stop();
    pump_for(300ms);
    ASSERT_TRUE(click(screen_point(readout.peak_light())));
    EXPECT_FALSE(readout.peak_lit()) << "a click resets the true-peak light";
    pump_for(1s);
    EXPECT_FALSE(readout.peak_lit()) << "and the engine's true peak started over with it (loudness.reset)";

    // The target: picked once for the mixer, kept for the next run.
    auto& combo = gui.window().mixer().target_combo();
    combo.set_active_id("-23");
    EXPECT_DOUBLE_EQ(gui.window().mixer().loudness_target(), -23.0);
    EXPECT_DOUBLE_EQ(sy::gui::read_loudness_target(sy::gui::default_loudness_target_file()), -23.0);
    combo.set_active_id("-14");
}

} // namespace
} // namespace sy::test
