#include "gui_fixture.hpp"

#include <cmath>
#include <limits>

namespace sy::test {

void GuiTest::SetUp() {
    ServersTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ensure_gtk();
}

void GuiTest::TearDown() {
    if (gui_) {
        if (HasFailure()) std::cerr << "GUI log:\n" << log();
        gui_->quit(); // stops an engine it started
        gui_.reset();
    }
    pump_for(std::chrono::milliseconds(50));
}

sy::gui::GuiApp& GuiTest::open_gui(const std::string& instance, bool tray) {
    sy::gui::GuiOptions options;
    options.instance = instance;
    options.tray = tray;
    options.engine_program = SY_SWITCHYARD_BIN;
    options.recent_file = temp_folder("sy-gui-state") + "/recent";
    gui_ = std::make_unique<sy::gui::GuiApp>(options, [this] { quit_called_ = true; });
    gui_->start();
    return *gui_;
}

bool GuiTest::shows(const std::string& name, std::chrono::milliseconds limit) {
    // Drawn, not just made: mapped on screen with a place of its own, so a
    // pointer sent to it lands on it.
    return pump_until(
        [&] {
            Gtk::Widget* w = named(name);
            return w && w->get_mapped() && w->get_allocated_width() > 1;
        },
        limit);
}

Gtk::Widget* GuiTest::named(const std::string& name) { return gui_ ? find_one(gui_->window(), name) : nullptr; }

std::string GuiTest::names() const {
    std::string s;
    if (!gui_) return s;
    for (const auto& n : all_names(gui_->window())) s += n + "; ";
    return s;
}

std::string GuiTest::log() const {
    std::string s;
    if (!gui_) return s;
    for (const auto& l : gui_->log_lines()) s += "  " + l + "\n";
    return s;
}

bool has_route(const nlohmann::json& routes, const std::string& from, const std::string& to) {
    if (!routes.is_array()) return false;
    for (const auto& r : routes) {
        if (r.value("from", "") == from && r.value("to", "") == to) return true;
    }
    return false;
}

double endpoint_gain(const nlohmann::json& endpoints, const std::string& id) {
    if (!endpoints.is_array()) return std::numeric_limits<double>::quiet_NaN();
    for (const auto& e : endpoints) {
        if (e.value("id", "") == id && e.contains("gain_db") && e["gain_db"].is_number()) return e["gain_db"].get<double>();
    }
    return std::numeric_limits<double>::quiet_NaN();
}

bool engine_until(GuiEngine& engine, const std::string& what, const std::function<bool(const nlohmann::json&)>& test,
                  std::chrono::milliseconds limit) {
    using namespace std::chrono_literals;
    auto next = std::chrono::steady_clock::now();
    return pump_until(
        [&] {
            if (std::chrono::steady_clock::now() < next) return false;
            next = std::chrono::steady_clock::now() + 250ms;
            return test(engine.ctl_json(what));
        },
        limit);
}

} // namespace sy::test
