#include "gui/gui_app.hpp"

#include <iostream>

#include "router/client/control_paths.hpp"

namespace sy::gui {

GuiApp::GuiApp(GuiOptions options, std::function<void()> quit)
    : options_(std::move(options)), quit_(std::move(quit)), link_(options_.instance), mirror_(link_),
      actions_(link_, options_.recent_file.empty() ? RecentPresets::default_file() : options_.recent_file),
      launcher_(options_.engine_program.empty() ? EngineLauncher::engine_program() : options_.engine_program,
                options_.instance) {
    window_ = std::make_unique<MainWindow>(link_, mirror_, actions_);
    window_->signal_close_asked().connect(sigc::mem_fun(*this, &GuiApp::close_window));
    window_->signal_quit_asked().connect(sigc::mem_fun(*this, &GuiApp::quit));
    window_->signal_start_engine().connect(sigc::mem_fun(*this, &GuiApp::start_engine));
    actions_.signal_recent().connect([this] { mirror_.refresh_presets(); });
    link_.signal_connected().connect(sigc::mem_fun(*this, &GuiApp::on_connected));
    link_.signal_disconnected().connect(sigc::mem_fun(*this, &GuiApp::on_disconnected));
    if (options_.tray) {
        tray_ = std::make_unique<TrayIcon>(link_, mirror_, actions_, options_.instance);
        tray_->signal_log().connect(sigc::mem_fun(*this, &GuiApp::log));
        tray_->signal_toggle_window().connect(sigc::mem_fun(*this, &GuiApp::toggle_window));
        tray_->signal_quit().connect(sigc::mem_fun(*this, &GuiApp::quit));
    } else {
        log("no tray icon (--no-tray): closing the window quits");
    }
}

GuiApp::~GuiApp() { child_watch_.disconnect(); }

void GuiApp::log(const std::string& line) {
    log_.push_back(line);
    if (!options_.quiet) std::cerr << "switchyard gui: " << line << std::endl;
    if (window_) window_->say(line);
}

void GuiApp::start() {
    window_->show();
    const router::ConnectResult r = link_.start();
    if (r.ok()) return; // on_connected says so
    if (r.status == router::ConnectResult::Status::no_engine) {
        start_engine();
    } else {
        log("cannot reach the engine: " + r.error + "; trying again every second");
        window_->show_connection(false, r.error);
    }
}

void GuiApp::start_engine() {
    if (link_.connected()) return;
    if (launcher_.started() && launcher_.running()) return;
    if (const std::string error = launcher_.start(); !error.empty()) {
        log("no engine runs as instance \"" + options_.instance + "\", and starting one failed: " + error);
        window_->show_connection(false, "no engine runs, and starting one failed: " + error);
        return;
    }
    log("no engine ran as instance \"" + options_.instance + "\": started one (" + launcher_.command_line() + ", pid " +
        std::to_string(launcher_.pid()) + "), restoring the last state; its log is " + launcher_.log_file());
    window_->show_connection(false, "starting the engine (pid " + std::to_string(launcher_.pid()) + ")\u2026");
    // Until it answers, look often: it is up in well under a second.
    link_.set_retry_interval(std::chrono::milliseconds(100));
    child_watch_.disconnect();
    child_watch_ = Glib::signal_timeout().connect(
        [this] {
            if (launcher_.running()) return true;
            if (!quitting_) {
                log("the engine this GUI started has exited (status " + std::to_string(launcher_.exit_status()) +
                    "); see " + launcher_.log_file());
            }
            link_.set_retry_interval(EngineLink::kRetry);
            return false;
        },
        500);
}

void GuiApp::on_connected() {
    link_.set_retry_interval(EngineLink::kRetry);
    log(std::string(was_connected_ ? "reconnected" : "connected") + " to the engine at " +
        router::control_socket_path(options_.instance) + (launcher_.started() ? " (started by this GUI)" : ""));
    was_connected_ = true;
    window_->show_connection(true, "");
}

void GuiApp::on_disconnected(const std::string& why) {
    log("lost the engine: " + why + "; trying again every second");
    window_->show_connection(false, why);
}

void GuiApp::toggle_window() {
    if (window_->get_visible()) {
        window_->hide();
    } else {
        window_->show();
        window_->present();
    }
    if (tray_) tray_->set_window_visible(window_->get_visible());
}

void GuiApp::close_window() {
    if (tray_ && tray_->shown()) {
        window_->hide();
        tray_->set_window_visible(false);
        if (!told_hidden_) log("window hidden; the engine keeps running, and the tray icon brings the window back");
        told_hidden_ = true;
        return;
    }
    quit();
}

void GuiApp::quit() {
    if (quitting_) return;
    quitting_ = true;
    if (launcher_.started() && launcher_.running()) {
        const int status = launcher_.stop();
        log("stopped the engine it started (pid " + std::to_string(launcher_.pid()) + ", status " +
            std::to_string(status) + ")");
    } else if (link_.connected()) {
        log("left the engine of instance \"" + options_.instance + "\" running (this GUI did not start it)");
    }
    window_->hide();
    quit_();
}

} // namespace sy::gui
