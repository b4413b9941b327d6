// The patchbay and the mixer against a real engine on the test servers:
// what is drawn is read from the widget tree (accessible names), edits are
// made with synthetic input (xdotool) and checked in the engine with
// `switchyard ctl --json`.
#include <cmath>

#include "gui_fixture.hpp"

namespace sy::test {
namespace {

using namespace std::chrono_literals;

TEST_F(GuiTest, PatchbayDrawsEveryEndpointPortAndRouteOfTheRunningPreset) {
    GuiEngine engine(example_preset("streaming"));
    ASSERT_TRUE(engine.ready()) << engine.process().output();
    // A tone into the virtual sink, so the meters have something to show.
    const std::string tone = temp_path(".wav");
    ASSERT_TRUE(write_tone_wav(tone, 48000, 2, 30.0, 440.0, 0.5));
    BackgroundProcess player = BackgroundProcess::shell("pw-play --target switchyard.streaming.desktop " + shell_quote(tone));

    auto& gui = open_gui(engine.instance());
    ASSERT_TRUE(shows("output monitor")) << names() << log();

    for (const char* name : {"input daw", "input desktop", "input mic", "bus stream", "output obs", "output phones",
                             "output monitor", "port daw 1", "port daw 2", "port mic 1", "port stream 2", "port obs 1",
                             "route daw to stream", "route desktop to stream", "route mic to stream",
                             "route stream to obs", "route daw to phones", "route daw to monitor", "fader daw",
                             "mute stream", "solo desktop", "meter obs", "latency threshold in ms"}) {
        EXPECT_NE(named(name), nullptr) << "no widget named \"" << name << "\" in: " << names();
    }
    EXPECT_EQ(named("port daw 3"), nullptr) << "daw has two channels";

    // Inputs left, buses in the middle, outputs right.
    auto& canvas = gui.window().canvas();
    ASSERT_TRUE(canvas.box("daw") && canvas.box("stream") && canvas.box("obs"));
    const int x_in = canvas.box("daw")->get_allocation().get_x();
    const int x_bus = canvas.box("stream")->get_allocation().get_x();
    const int x_out = canvas.box("obs")->get_allocation().get_x();
    EXPECT_LT(x_in, x_bus);
    EXPECT_LT(x_bus, x_out);

    // The endpoints still waiting for their devices are drawn as such.
    auto* phones = canvas.box("phones");
    ASSERT_NE(phones, nullptr);
    EXPECT_TRUE(phones->get_style_context()->has_class("sy-waiting"));
    EXPECT_NE(phones->get_tooltip_text().find("waiting for node alsa_output.usb-dac"), std::string::npos)
        << phones->get_tooltip_text();
    EXPECT_FALSE(canvas.box("daw")->get_style_context()->has_class("sy-waiting"));

    // One row per path the engine reports.
    const auto paths = engine.ctl_json("paths");
    ASSERT_TRUE(paths.is_array());
    EXPECT_EQ(gui.window().paths().rows(), static_cast<int>(paths.size()));

    // Meters follow the subscription: the tone reaches the desktop strip.
    auto* desktop = gui.window().mixer().strip("desktop");
    ASSERT_NE(desktop, nullptr);
    const bool metered = pump_until(
        [&] {
            const auto& ch = desktop->meter().ballistics().channels();
            return !ch.empty() && ch[0].peak_db > -20.0;
        },
        20s);
    const auto& ch = desktop->meter().ballistics().channels();
    EXPECT_TRUE(metered) << "desktop peak " << (ch.empty() ? -999.0 : ch[0].peak_db) << " dB, a -6 dB tone plays";

    // A route selected shows its paths' budgets.
    canvas.select_route(sy::gui::RouteKey{"daw", "stream"});
    pump_for(300ms);
    EXPECT_EQ(gui.window().inspector().paths_shown(), 1) << "daw -> stream -> obs";
    const std::string shot = artifact_path("patchbay.png");
    EXPECT_EQ(save_screenshot(gui.window(), shot), "");
    std::cout << "screenshot: " << shot << "\n";
    player.stop();
}

TEST_F(GuiTest, DraggingAPortOntoAnotherAddsTheRouteAndDeleteRemovesIt) {
    GuiEngine engine(example_preset("streaming"));
    ASSERT_TRUE(engine.ready()) << engine.process().output();
    auto& gui = open_gui(engine.instance());
    ASSERT_TRUE(shows("port monitor 1")) << names() << log();
    ASSERT_FALSE(has_route(engine.ctl_json("routes"), "desktop", "monitor"));
    pump_for(500ms); // laid out and drawn

    Gtk::Widget* from = named("port desktop 1");
    Gtk::Widget* to = named("port monitor 1");
    ASSERT_TRUE(from && to);
    ASSERT_TRUE(drag(screen_point(*from), screen_point(*to)));
    EXPECT_TRUE(engine_until(engine, "routes", [](const nlohmann::json& r) { return has_route(r, "desktop", "monitor"); }))
        << "the engine has no desktop -> monitor route after the drag; " << gui.window().message_text();
    ASSERT_TRUE(shows("route desktop to monitor")) << names();
    EXPECT_EQ(save_screenshot(gui.window(), artifact_path("after-drag.png")), "");

    // Select it with a click on its handle, then Delete.
    Gtk::Widget* handle = named("route desktop to monitor");
    ASSERT_NE(handle, nullptr);
    pump_for(300ms);
    ASSERT_TRUE(click(screen_point(*handle)));
    ASSERT_TRUE(pump_until([&] { return gui.window().canvas().selected() == sy::gui::RouteKey{"desktop", "monitor"}; }, 5s));
    ASSERT_TRUE(xdotool("key Delete"));
    EXPECT_TRUE(engine_until(engine, "routes", [](const nlohmann::json& r) { return !has_route(r, "desktop", "monitor"); }))
        << "Delete left the route in the engine; " << gui.window().message_text();
    EXPECT_TRUE(pump_until([&] { return named("route desktop to monitor") == nullptr; }, 10s));
    // The other routes are untouched.
    EXPECT_TRUE(has_route(engine.ctl_json("routes"), "daw", "monitor"));
}

TEST_F(GuiTest, AFaderAndARoutesGainMovedWithThePointerLandInTheEngine) {
    GuiEngine engine(example_preset("streaming"));
    ASSERT_TRUE(engine.ready()) << engine.process().output();
    auto& gui = open_gui(engine.instance());
    ASSERT_TRUE(shows("fader daw")) << names() << log();
    pump_for(500ms);

    // A click on the fader's trough puts the fader there.
    auto* strip = gui.window().mixer().strip("daw");
    ASSERT_NE(strip, nullptr);
    ASSERT_TRUE(click(screen_point(strip->fader(), 0.5, 0.8)));
    ASSERT_TRUE(pump_until([&] { return strip->fader().get_value() < -3.0; }, 5s)) << strip->fader().get_value();
    const double want = std::round(strip->fader().get_value() * 10) / 10;
    EXPECT_TRUE(engine_until(engine, "endpoints", [&](const nlohmann::json& e) {
        return std::abs(endpoint_gain(e, "daw") - want) < 0.051;
    })) << "fader at " << want << " dB, engine at " << endpoint_gain(engine.ctl_json("endpoints"), "daw");

    // A route's own gain, from the route panel.
    gui.window().canvas().select_route(sy::gui::RouteKey{"desktop", "stream"});
    pump_for(300ms);
    auto& gain = gui.window().inspector().gain();
    ASSERT_TRUE(gain.is_sensitive());
    ASSERT_TRUE(click(screen_point(gain, 0.3, 0.5)));
    ASSERT_TRUE(pump_until([&] { return std::abs(gain.get_value() - -12.0) > 1.0; }, 5s)) << gain.get_value();
    const double route_want = std::round(gain.get_value() * 10) / 10;
    EXPECT_TRUE(engine_until(engine, "routes", [&](const nlohmann::json& routes) {
        for (const auto& r : routes) {
            if (r.value("from", "") == "desktop" && r.value("to", "") == "stream" && r["gain_db"].is_number()) {
                return std::abs(r["gain_db"].get<double>() - route_want) < 0.051;
            }
        }
        return false;
    })) << "route gain " << route_want << " dB not in the engine";

    // Mute from the strip.
    strip->mute().clicked();
    EXPECT_TRUE(engine_until(engine, "endpoints", [](const nlohmann::json& e) {
        for (const auto& x : e) {
            if (x.value("id", "") == "daw") return x.value("mute", false);
        }
        return false;
    }));
}

} // namespace
} // namespace sy::test

namespace sy::test {
namespace {

using namespace std::chrono_literals;

// Keyboard only: Tab walks the ports in reading order, Enter on one port and
// then on another adds the route.
TEST_F(GuiTest, TheKeyboardReachesPortsAndPicksBothEndsOfARoute) {
    GuiEngine engine(example_preset("streaming"));
    ASSERT_TRUE(engine.ready()) << engine.process().output();
    auto& gui = open_gui(engine.instance());
    ASSERT_TRUE(shows("port monitor 2")) << names() << log();
    pump_for(500ms);
    Gtk::Widget* first = named("port desktop 1");
    ASSERT_NE(first, nullptr);
    // The pointer rests over the window, so the keys go to it.
    ASSERT_TRUE(xdotool("mousemove " + std::to_string(screen_point(gui.window(), 0.5, 0.02).x) + " " +
                        std::to_string(screen_point(gui.window(), 0.5, 0.02).y)));
    first->grab_focus();
    ASSERT_TRUE(xdotool("key Tab"));
    Gtk::Widget* focus = gui.window().get_focus();
    ASSERT_NE(focus, nullptr);
    EXPECT_EQ(std::string(focus->get_accessible()->get_name()), "port desktop 2");
    ASSERT_TRUE(xdotool("key Return"));
    named("port monitor 2")->grab_focus();
    ASSERT_TRUE(xdotool("key Return"));
    const bool added =
        engine_until(engine, "routes", [](const nlohmann::json& r) { return has_route(r, "desktop", "monitor"); });
    EXPECT_TRUE(added) << gui.window().message_text();
}

} // namespace
} // namespace sy::test

namespace sy::test {
namespace {

using namespace std::chrono_literals;

// Devices that come and go redraw the patchbay live: the `phones` output
// waits for alsa_output.usb-dac; a sink of that name appears and goes.
TEST_F(GuiTest, AnEndpointStopsWaitingWhenItsDeviceAppearsAndWaitsAgainWhenItGoes) {
    GuiEngine engine(example_preset("streaming"));
    ASSERT_TRUE(engine.ready()) << engine.process().output();
    auto& gui = open_gui(engine.instance());
    ASSERT_TRUE(shows("output phones")) << names() << log();
    auto waiting = [&] {
        auto* box = gui.window().canvas().box("phones");
        return box && box->get_style_context()->has_class("sy-waiting");
    };
    ASSERT_TRUE(waiting());

    const CommandResult loaded = run_command("pactl load-module module-null-sink sink_name=alsa_output.usb-dac");
    ASSERT_EQ(loaded.exit_code, 0) << loaded.output;
    const std::string module = loaded.output.substr(0, loaded.output.find_first_of("\r\n"));
    // The servers are left as they were, even when an assertion below fails.
    struct Unload {
        std::string module;
        bool done = false;
        void operator()() {
            if (!done) run_command("pactl unload-module " + module);
            done = true;
        }
        ~Unload() { (*this)(); }
    } unload{module};
    EXPECT_TRUE(pump_until([&] { return !waiting(); }, 20s)) << "phones still drawn as waiting";
    pump_for(300ms);
    EXPECT_EQ(save_screenshot(gui.window(), artifact_path("device-appeared.png")), "");

    unload();
    EXPECT_TRUE(pump_until(waiting, 20s)) << "phones not drawn as waiting after its sink went";
}

} // namespace
} // namespace sy::test
