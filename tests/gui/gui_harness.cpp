#include "gui_harness.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "gui/theme.hpp"

namespace sy::test {

namespace {

using Clock = std::chrono::steady_clock;

void collect(Gtk::Widget& w, const std::function<void(Gtk::Widget&)>& visit) {
    visit(w);
    if (auto* c = dynamic_cast<Gtk::Container*>(&w)) {
        // forall, not foreach: internal children (a button's label) too.
        std::vector<Gtk::Widget*> children;
        c->forall([&](Gtk::Widget& child) { children.push_back(&child); });
        for (Gtk::Widget* child : children) collect(*child, visit);
    }
}

} // namespace

void ensure_gtk() {
    static Glib::RefPtr<Gtk::Application> app = [] {
        auto a = Gtk::Application::create("org.switchyard.GuiTests", Gio::APPLICATION_NON_UNIQUE);
        a->register_application(); // its startup is GTK's init
        sy::gui::install_theme();
        return a;
    }();
    (void)app;
}

bool pump_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
    auto context = Glib::MainContext::get_default();
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        while (context->pending()) context->iteration(false);
        if (condition()) return true;
        if (Clock::now() >= deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

void pump_for(std::chrono::milliseconds duration) {
    pump_until([] { return false; }, duration);
}

std::vector<Gtk::Widget*> find_named(Gtk::Widget& root, const std::string& name) {
    std::vector<Gtk::Widget*> found;
    collect(root, [&](Gtk::Widget& w) {
        if (w.get_accessible() && w.get_accessible()->get_name() == name) found.push_back(&w);
    });
    return found;
}

Gtk::Widget* find_one(Gtk::Widget& root, const std::string& name) {
    const auto found = find_named(root, name);
    return found.empty() ? nullptr : found.front();
}

std::vector<std::string> all_names(Gtk::Widget& root) {
    std::vector<std::string> names;
    collect(root, [&](Gtk::Widget& w) {
        if (!w.get_accessible()) return;
        const std::string n = w.get_accessible()->get_name();
        if (!n.empty()) names.push_back(n);
    });
    return names;
}

ScreenPoint screen_point(Gtk::Widget& widget, double fx, double fy) {
    Gtk::Widget* top = widget.get_toplevel();
    int wx = 0, wy = 0;
    widget.translate_coordinates(*top, static_cast<int>(widget.get_allocated_width() * fx),
                                 static_cast<int>(widget.get_allocated_height() * fy), wx, wy);
    int ox = 0, oy = 0;
    top->get_window()->get_origin(ox, oy);
    return {ox + wx, oy + wy};
}

bool xdotool(const std::string& args, std::chrono::milliseconds timeout) {
    BackgroundProcess p = BackgroundProcess::shell("xdotool " + args);
    if (!pump_until([&] { return !p.running(); }, timeout)) {
        p.stop();
        return false;
    }
    const int status = p.wait_exit(std::chrono::milliseconds(100));
    pump_for(std::chrono::milliseconds(50));
    return status == 0;
}

bool drag(ScreenPoint from, ScreenPoint to) {
    std::string steps;
    for (int i = 1; i <= 8; ++i) {
        const int x = from.x + (to.x - from.x) * i / 8;
        const int y = from.y + (to.y - from.y) * i / 8;
        steps += " mousemove " + std::to_string(x) + " " + std::to_string(y) + " sleep 0.03";
    }
    return xdotool("mousemove " + std::to_string(from.x) + " " + std::to_string(from.y) + " sleep 0.1 mousedown 1 sleep 0.1" +
                   steps + " sleep 0.1 mouseup 1");
}

bool click(ScreenPoint at, int button) {
    return xdotool("mousemove " + std::to_string(at.x) + " " + std::to_string(at.y) + " sleep 0.1 click " +
                   std::to_string(button));
}

std::string save_screenshot(Gtk::Window& window, const std::string& path) {
    auto gdk = window.get_window();
    if (!gdk) return "the window is not realized";
    auto pixbuf = Gdk::Pixbuf::create(gdk, 0, 0, window.get_allocated_width(), window.get_allocated_height());
    if (!pixbuf) return "GDK could not read the window";
    try {
        pixbuf->save(path, "png");
    } catch (const Glib::Error& e) {
        return "cannot save " + path + ": " + e.what();
    }
    return "";
}

std::string artifact_path(const std::string& name) {
    std::filesystem::create_directories(SY_GUI_ARTIFACTS);
    return std::string(SY_GUI_ARTIFACTS) + "/" + name;
}

std::string fresh_gui_instance() {
    static std::atomic<int> n{0};
    return "gui-" + std::to_string(getpid()) + "-" + std::to_string(n++);
}

std::string example_preset(const std::string& name) {
    return std::string(SY_SOURCE_DIR) + "/presets/examples/" + name + ".json";
}

std::string write_quiet_preset(const std::string& dir) {
    std::ifstream in(example_preset("streaming"));
    std::string text(std::istreambuf_iterator<char>(in), {});
    const auto replace = [&](const std::string& from, const std::string& to) {
        const auto at = text.find(from);
        if (at != std::string::npos) text.replace(at, from.size(), to);
    };
    replace("\"name\": \"streaming\"", "\"name\": \"quiet\"");
    replace("{ \"from\": \"daw\", \"to\": \"stream\", \"gain_db\": -3.0 }", "{ \"from\": \"daw\", \"to\": \"stream\", \"gain_db\": -20.0 }");
    const std::string path = dir + "/quiet.json";
    std::ofstream(path) << text;
    return path;
}

GuiEngine::GuiEngine(std::string preset, std::string config_home)
    : preset_(std::move(preset)), instance_(fresh_gui_instance()),
      config_home_(config_home.empty() ? temp_folder("sy-gui-config") : std::move(config_home)), process_({"true"}) {
    start();
}

GuiEngine::~GuiEngine() { process_.stop(); }

void GuiEngine::start() {
    process_.stop();
    // The engine's config folder (presets, last.json) is the test's own;
    // an engine the GUI starts inherits it too.
    setenv("XDG_CONFIG_HOME", config_home_.c_str(), 1);
    std::vector<std::string> argv = {SY_SWITCHYARD_BIN, "run"};
    if (!preset_.empty()) argv.push_back(preset_);
    argv.insert(argv.end(), {"--instance", instance_});
    process_ = BackgroundProcess(argv);
}

int GuiEngine::stop() { return process_.stop(std::chrono::seconds(5)); }

CommandResult GuiEngine::ctl(const std::string& args) {
    return run_command(std::string(SY_SWITCHYARD_BIN) + " ctl --instance " + instance_ + " " + args, 15.0);
}

bool GuiEngine::answers() { return ctl("status").exit_code == 0; }

bool GuiEngine::ready(std::chrono::milliseconds limit) {
    return pump_until([&] { return process_.running() && answers(); }, limit);
}

nlohmann::json GuiEngine::ctl_json(const std::string& args) {
    return nlohmann::json::parse(ctl("--json " + args).output, nullptr, false);
}

} // namespace sy::test
