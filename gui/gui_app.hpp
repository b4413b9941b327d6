// `switchyard gui` put together: the engine link, the engine it may start,
// the window, the tray. It decides the three things the issue asks of the
// whole: start an engine when none answers (and say so), hide the window on
// close when the tray shows, and quit both (an engine it started, never one
// it found) when it does not. Main thread only.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "gui/engine_launcher.hpp"
#include "gui/engine_link.hpp"
#include "gui/engine_mirror.hpp"
#include "gui/main_window.hpp"
#include "gui/preset_actions.hpp"
#include "gui/tray_icon.hpp"

namespace sy::gui {

struct GuiOptions {
    std::string instance = "default";
    bool tray = true;
    std::string engine_program; // "" : this process's own executable
    std::string recent_file;    // "" : RecentPresets::default_file()
    bool quiet = false;         // no log lines on stderr (they are still kept)
};

class GuiApp {
public:
    // `quit` ends the main loop (Gtk::Application::quit, or a test's flag).
    GuiApp(GuiOptions options, std::function<void()> quit);
    ~GuiApp();
    GuiApp(const GuiApp&) = delete;
    GuiApp& operator=(const GuiApp&) = delete;

    // Connects, or starts an engine; shows the window.
    void start();
    void close_window(); // what the window's close button does
    void quit();         // stops the engine it started, then the main loop

    MainWindow& window() { return *window_; }
    EngineLink& link() { return link_; }
    EngineMirror& mirror() { return mirror_; }
    EngineLauncher& launcher() { return launcher_; }
    TrayIcon* tray() { return tray_.get(); }
    PresetActions& presets() { return actions_; }
    const std::vector<std::string>& log_lines() const { return log_; }
    bool started_engine() const { return launcher_.started(); }

private:
    void log(const std::string& line);
    void on_connected();
    void on_disconnected(const std::string& why);
    void start_engine();
    void toggle_window();

    GuiOptions options_;
    std::function<void()> quit_;
    EngineLink link_;
    EngineMirror mirror_;
    PresetActions actions_;
    EngineLauncher launcher_;
    std::unique_ptr<MainWindow> window_;
    std::unique_ptr<TrayIcon> tray_;
    std::vector<std::string> log_;
    bool was_connected_ = false;
    bool told_hidden_ = false;
    bool quitting_ = false;
    sigc::connection child_watch_;
};

} // namespace sy::gui
