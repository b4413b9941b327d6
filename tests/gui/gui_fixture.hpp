// The fixture of the GUI tests: the servers are required, GTK is up, and a
// GuiApp (the whole of `switchyard gui`, in this process) is made on demand
// for an instance, with its log kept and its quit caught.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "gui/gui_app.hpp"
#include "gui_harness.hpp"

namespace sy::test {

class GuiTest : public ServersTest {
protected:
    void SetUp() override;
    void TearDown() override;

    // The GUI for `instance`; started (connected, or an engine launched).
    sy::gui::GuiApp& open_gui(const std::string& instance, bool tray = false);
    // Waits until the window shows `name` (an accessible name), mapped and laid out.
    bool shows(const std::string& name, std::chrono::milliseconds limit = std::chrono::seconds(20));
    Gtk::Widget* named(const std::string& name); // in the window, or null
    std::string names() const;                   // every accessible name, for messages
    std::string log() const;                     // the GUI's log lines

    std::unique_ptr<sy::gui::GuiApp> gui_;
    bool quit_called_ = false;
};

// Polls the engine (a `ctl --json WHAT` call every 250 ms) while the GUI's
// loop turns, until `test` holds or `limit` passes.
bool engine_until(GuiEngine& engine, const std::string& what, const std::function<bool(const nlohmann::json&)>& test,
                  std::chrono::milliseconds limit = std::chrono::seconds(20));
// Any route from `from` to `to` in `ctl --json routes`.
bool has_route(const nlohmann::json& routes, const std::string& from, const std::string& to);
// The gain_db of endpoint `id` in `ctl --json endpoints` (NaN when missing or silent).
double endpoint_gain(const nlohmann::json& endpoints, const std::string& id);

} // namespace sy::test
