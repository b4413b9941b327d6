// What the GUI tests share: GTK started once in the test program, the main
// loop turned while waiting (the GUI under test lives in this process, so
// nothing happens unless the loop runs), widgets found by their accessible
// names, synthetic input through xdotool (a child process, so the loop keeps
// turning while it runs), screenshots through GDK, and an engine of the
// test's own (`switchyard run PRESET --instance gui-...` on the test servers).
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include <gtkmm.h>
#include <nlohmann/json.hpp>

#include "../integration/test_servers.hpp"

namespace sy::test {

// GTK up (once per program), our theme loaded.
void ensure_gtk();

// Turns the main loop until condition() holds or timeout passes (a failure
// guard, not a measurement). The condition is checked between iterations.
bool pump_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout);
void pump_for(std::chrono::milliseconds duration);

// Every widget under root (root included) whose accessible name is `name`.
std::vector<Gtk::Widget*> find_named(Gtk::Widget& root, const std::string& name);
Gtk::Widget* find_one(Gtk::Widget& root, const std::string& name); // the first, or null
// Every accessible name under root, for failure messages.
std::vector<std::string> all_names(Gtk::Widget& root);

// The centre of a widget in root-window coordinates (what xdotool takes),
// or a point `fx`, `fy` of the way across it.
struct ScreenPoint {
    int x = 0, y = 0;
};
ScreenPoint screen_point(Gtk::Widget& widget, double fx = 0.5, double fy = 0.5);

// Runs `xdotool ARGS` while the loop turns; true if it exited 0.
bool xdotool(const std::string& args, std::chrono::milliseconds timeout = std::chrono::seconds(20));
// A drag with the left button, in small steps, as a hand would make it.
bool drag(ScreenPoint from, ScreenPoint to);
bool click(ScreenPoint at, int button = 1);

// The window as it is on screen, saved as a PNG; "" or why not.
std::string save_screenshot(Gtk::Window& window, const std::string& path);
// SY_GUI_ARTIFACTS/NAME (the folder is made).
std::string artifact_path(const std::string& name);

// `switchyard run [PRESET] --instance gui-PID-N` with its own config folder.
class GuiEngine {
public:
    explicit GuiEngine(std::string preset, std::string config_home = "");
    ~GuiEngine();

    void start();
    int stop();
    bool ready(std::chrono::milliseconds limit = std::chrono::seconds(20)); // answers `status`; pumps the loop
    bool answers();                                                          // `ctl status` exits 0 now
    nlohmann::json ctl_json(const std::string& args);                        // ctl --json ARGS, parsed
    CommandResult ctl(const std::string& args);

    const std::string& instance() const { return instance_; }
    const std::string& config_home() const { return config_home_; }
    BackgroundProcess& process() { return process_; }

private:
    std::string preset_;
    std::string instance_;
    std::string config_home_;
    BackgroundProcess process_;
};

// A fresh instance name, "gui-PID-N".
std::string fresh_gui_instance();
// The path of an example preset in presets/examples.
std::string example_preset(const std::string& name);
// Writes DIR/quiet.json: the streaming example named "quiet", with daw ->
// stream at -20 dB. Switching between the two keeps every endpoint, so a
// preset load here changes gains only.
std::string write_quiet_preset(const std::string& dir);

} // namespace sy::test
