#include "gui/main_window.hpp"

#include <cstdio>
#include <set>

#include <atkmm/object.h>
#include <gtkmm/separator.h>

namespace sy::gui {

namespace {

using nlohmann::json;

const char* server_label(const std::string& server) { return server == "jack" ? "JACK" : "PipeWire"; }

// A server that is not running says so, and one that came back says how
// often it went: " · JACK lost · PipeWire running (back, 1 loss)".
std::string server_states(const json& s) {
    if (!s.contains("servers") || !s["servers"].is_object()) return "";
    std::string out;
    for (const auto& [name, v] : s["servers"].items()) {
        if (!v.is_object()) continue;
        const std::string state = v.value("state", std::string("?"));
        const int losses = v.value("losses", 0);
        if (state == "running" && losses == 0) continue;
        out += std::string(" \u00b7 ") + server_label(name) + " " + state;
        if (losses > 0) out += " (" + std::to_string(losses) + (losses == 1 ? " loss)" : " losses)");
    }
    return out;
}

std::string status_line(const json& s) {
    if (!s.is_object() || !s.contains("hub")) return "";
    const json& hub = s["hub"];
    char buf[256];
    const std::string hub_server = hub.value("server", std::string("none"));
    if (hub_server == "none") {
        std::snprintf(buf, sizeof buf, "no hub (no server runs: waiting)");
    } else {
        std::snprintf(buf, sizeof buf, "%s hub %s \u00b7 %d Hz \u00b7 %d frames", server_label(hub_server),
                      hub.value("running", false) ? "running" : "stopped", hub.value("rate", 0), hub.value("period", 0));
    }
    std::string line = buf;
    line += server_states(s);
    if (hub.contains("dsp_load") && hub["dsp_load"].is_number()) {
        std::snprintf(buf, sizeof buf, " \u00b7 DSP %.1f %%", hub["dsp_load"].get<double>());
        line += buf;
    }
    if (hub.contains("xruns")) line += " \u00b7 xruns " + std::to_string(hub.value("xruns", 0));
    if (s.contains("bridges") && s["bridges"].is_array() && !s["bridges"].empty()) {
        int locked = 0;
        for (const auto& b : s["bridges"]) locked += b.value("locked", false);
        line += " \u00b7 bridges " + std::to_string(locked) + "/" + std::to_string(s["bridges"].size()) + " locked";
    }
    if (s.contains("waiting") && s["waiting"].is_array() && !s["waiting"].empty()) {
        line += " \u00b7 " + std::to_string(s["waiting"].size()) + " waiting";
    }
    return line;
}

} // namespace

MainWindow::MainWindow(EngineLink& link, EngineMirror& mirror, PresetActions& actions)
    : link_(link), mirror_(mirror), actions_(actions), preset_menu_(mirror, actions, *this), canvas_(link),
      inspector_(link), mixer_(link) {
    set_default_size(1280, 800);
    set_title("Switchyard");
    get_accessible()->set_name("Switchyard");

    // Menus.
    close_item_.signal_activate().connect([this] { close_asked_.emit(); });
    quit_item_.signal_activate().connect([this] { quit_asked_.emit(); });
    app_menu_.append(close_item_);
    app_menu_.append(quit_item_);
    app_item_.set_submenu(app_menu_);
    menubar_.append(app_item_);
    menubar_.append(preset_menu_);
    root_.pack_start(menubar_, false, false);

    // The banner while the engine is away.
    banner_.set_message_type(Gtk::MESSAGE_WARNING);
    banner_label_.set_xalign(0.0f);
    banner_label_.set_line_wrap(true);
    banner_label_.get_accessible()->set_name("engine banner");
    dynamic_cast<Gtk::Container*>(banner_.get_content_area())->add(banner_label_);
    banner_.add_button("_Start engine", 1);
    banner_.signal_response().connect([this](int) { start_engine_.emit(); });
    banner_.get_style_context()->add_class("sy-banner");
    root_.pack_start(banner_, false, false);

    // The patchbay and its side panel, above the mixer.
    canvas_scroller_.add(canvas_);
    canvas_scroller_.set_policy(Gtk::POLICY_AUTOMATIC, Gtk::POLICY_AUTOMATIC);
    side_.set_border_width(12);
    side_.set_size_request(360, -1);
    side_.pack_start(inspector_, false, false);
    side_.pack_start(*Gtk::manage(new Gtk::Separator()), false, false);
    side_.pack_start(paths_, true, true);
    horizontal_.pack1(canvas_scroller_, true, false);
    horizontal_.pack2(side_, false, false);
    horizontal_.set_position(1280 - 380);
    vertical_.pack1(horizontal_, true, false);
    vertical_.pack2(mixer_, false, false);
    vertical_.set_position(800 - 380); // the strips hold their inserts and loudness too
    mixer_.set_size_request(-1, 290);
    root_.pack_start(vertical_, true, true);

    // The status line.
    dot_.set_markup("<span foreground='#d9534f'>\u25cf</span>");
    status_.set_xalign(0.0f);
    status_.get_accessible()->set_name("engine status");
    message_.set_xalign(1.0f);
    message_.set_ellipsize(Pango::ELLIPSIZE_START);
    message_.get_accessible()->set_name("last message");
    status_row_.set_border_width(4);
    status_row_.pack_start(dot_, false, false, 4);
    status_row_.pack_start(status_, false, false);
    status_row_.pack_end(message_, true, true);
    root_.pack_start(*Gtk::manage(new Gtk::Separator()), false, false);
    root_.pack_start(status_row_, false, false);
    add(root_);

    // What the engine says goes to every part that shows it.
    mirror_.signal_view().connect(sigc::mem_fun(*this, &MainWindow::on_view));
    mirror_.signal_status().connect(sigc::mem_fun(*this, &MainWindow::on_status));
    mirror_.signal_meters().connect([this](const json& levels) { mixer_.feed_meters(levels); });
    canvas_.signal_route_selected().connect([this] { inspector_.set_selected(canvas_.selected()); });
    canvas_.signal_route_hovered().connect([this](std::optional<RouteKey> r) { inspector_.set_hovered(r); });
    inspector_.signal_remove().connect([this] { canvas_.remove_selected_route(); });
    paths_.signal_path_picked().connect([this](std::vector<std::string> hops) {
        std::set<RouteKey> routes;
        for (std::size_t i = 0; i + 1 < hops.size(); ++i) routes.insert({hops[i], hops[i + 1]});
        canvas_.set_highlighted(std::move(routes));
    });
    paths_.signal_threshold().connect([this](double ms) { inspector_.set_threshold_ms(ms); });
    for (auto* signal : {&canvas_.signal_message(), &inspector_.signal_message(), &mixer_.signal_message(),
                         &actions_.signal_message()}) {
        signal->connect(sigc::mem_fun(*this, &MainWindow::say));
    }
    show_all();
    banner_.hide();
}

void MainWindow::say(const std::string& text) { message_.set_text(text); }

void MainWindow::show_connection(bool connected, const std::string& why) {
    if (connected) {
        banner_.hide();
        dot_.set_markup("<span foreground='#3ccf6e'>\u25cf</span>");
        dot_.set_tooltip_text("connected to instance " + link_.instance());
    } else {
        banner_label_.set_text("Not connected to the Switchyard engine (instance \"" + link_.instance() + "\"): " + why +
                               "\nTrying again every second; the patchbay shows the last state it saw.");
        banner_.show();
        dot_.set_markup("<span foreground='#d9534f'>\u25cf</span>");
        dot_.set_tooltip_text("disconnected");
        status_.set_text("disconnected");
        mixer_.silence();
    }
    update_title();
}

void MainWindow::on_view() {
    const EngineView& v = mirror_.view();
    canvas_.show_view(v);
    inspector_.show_view(v);
    paths_.show_paths(v.paths);
    mixer_.show_view(v);
}

void MainWindow::on_status() {
    if (link_.connected()) status_.set_text(status_line(mirror_.status()));
    update_title();
}

void MainWindow::update_title() {
    const std::string preset = running_preset(mirror_.status());
    std::string title = "Switchyard";
    if (!preset.empty()) title += " \u2014 " + preset;
    if (link_.instance() != "default") title += " (" + link_.instance() + ")";
    if (!link_.connected()) title += " \u2014 disconnected";
    if (get_title() != title) set_title(title);
}

bool MainWindow::on_delete_event(GdkEventAny*) {
    close_asked_.emit();
    return true; // the app decides: hide (tray) or quit
}

bool MainWindow::on_key_press_event(GdkEventKey* event) {
    const auto mods = event->state & gtk_accelerator_get_default_mod_mask();
    if (mods == GDK_CONTROL_MASK) {
        switch (event->keyval) {
        case GDK_KEY_w: close_asked_.emit(); return true;
        case GDK_KEY_q: quit_asked_.emit(); return true;
        case GDK_KEY_s: actions_.save(this); return true;
        default: break;
        }
    }
    if (mods == (GDK_CONTROL_MASK | GDK_SHIFT_MASK) && (event->keyval == GDK_KEY_S || event->keyval == GDK_KEY_s)) {
        actions_.save_as(this);
        return true;
    }
    return Gtk::Window::on_key_press_event(event);
}

} // namespace sy::gui
