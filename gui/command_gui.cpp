#include "gui/command_gui.hpp"

#include <glib-unix.h>

#include <algorithm>
#include <memory>

#include <CLI/CLI.hpp>
#include <gtkmm/application.h>

#include "gui/gui_app.hpp"
#include "gui/theme.hpp"
#include "router/client/control_paths.hpp"

namespace sy::gui {

int command_gui(std::vector<std::string> args) {
    GuiOptions options;
    CLI::App cli{"switchyard gui: the patchbay, mixer and latency view of a running engine (it starts one if none runs)",
                 "switchyard gui"};
    cli.add_option("--instance", options.instance, "the engine's instance (default: default)")->check([](const std::string& v) {
        return router::valid_instance_name(v) ? std::string() : "an instance name is [a-z0-9_-]+, 1 to 64 characters";
    });
    bool no_tray = false;
    cli.add_flag("--no-tray", no_tray, "no tray icon: closing the window quits (and stops an engine this GUI started)");
    try {
        std::reverse(args.begin(), args.end()); // CLI11 takes them last first
        cli.parse(args);
    } catch (const CLI::ParseError& e) {
        const int code = cli.exit(e);
        return code == 0 ? 0 : 2;
    }
    options.tray = !no_tray;

    // Each instance is its own window; GApplication's uniqueness would send
    // a second `switchyard gui --instance other` to the first one.
    auto app = Gtk::Application::create("org.switchyard.Gui", Gio::APPLICATION_NON_UNIQUE);
    std::unique_ptr<GuiApp> gui;
    app->signal_startup().connect([&] {
        install_theme();
        if (const std::string icon = icon_file(); !icon.empty()) {
            try {
                Gtk::Window::set_default_icon_from_file(icon);
            } catch (const Glib::Error&) {
                Gtk::Window::set_default_icon_name("switchyard"); // an icon theme may still have it
            }
        }
        gui = std::make_unique<GuiApp>(options, [&app] { app->quit(); });
        app->add_window(gui->window());
        app->hold(); // a hidden window (tray) keeps it running until quit()
    });
    app->signal_activate().connect([&] {
        if (gui) gui->start();
    });
    // Ctrl-C or a session logging out: quit as the menu would.
    auto on_signal = [](gpointer data) -> gboolean {
        auto* g = static_cast<std::unique_ptr<GuiApp>*>(data);
        if (*g) (*g)->quit();
        return G_SOURCE_CONTINUE;
    };
    const guint on_int = g_unix_signal_add(SIGINT, on_signal, &gui);
    const guint on_term = g_unix_signal_add(SIGTERM, on_signal, &gui);
    int argc = 1;
    char name[] = "switchyard-gui";
    char* argv[] = {name, nullptr};
    const int status = app->run(argc, argv);
    g_source_remove(on_int);
    g_source_remove(on_term);
    gui.reset();
    return status == 0 ? 0 : 1;
}

} // namespace sy::gui
