#include "gui/tray_icon.hpp"

#include <cstdlib>
#include <filesystem>

#include <gio/gio.h>
#include <gtkmm/separatormenuitem.h>
#include <libayatana-appindicator/app-indicator.h>

#include "gui/preset_menu.hpp"
#include "gui/theme.hpp"

namespace sy::gui {

namespace {

constexpr const char* kWatcher = "org.kde.StatusNotifierWatcher";

} // namespace

TrayIcon::TrayIcon(EngineLink& link, EngineMirror& mirror, PresetActions& actions, const std::string& instance)
    : link_(link), mirror_(mirror), actions_(actions), id_("switchyard-" + instance) {
    show_item_.signal_activate().connect([this] { toggle_window_.emit(); });
    presets_item_.set_submenu(presets_menu_);
    mute_all_.signal_toggled().connect(sigc::mem_fun(*this, &TrayIcon::on_mute_all));
    quit_item_.signal_activate().connect([this] { quit_.emit(); });
    menu_.append(show_item_);
    menu_.append(*Gtk::manage(new Gtk::SeparatorMenuItem()));
    menu_.append(presets_item_);
    menu_.append(mute_all_);
    menu_.append(*Gtk::manage(new Gtk::SeparatorMenuItem()));
    menu_.append(quit_item_);
    rebuild_presets();
    menu_.show_all();
    links_.push_back(mirror_.signal_presets().connect(sigc::mem_fun(*this, &TrayIcon::rebuild_presets)));
    links_.push_back(mirror_.signal_status().connect([this] { rebuild_presets(); }));
    links_.push_back(mirror_.signal_view().connect(sigc::mem_fun(*this, &TrayIcon::refresh_mute_all)));

    // GLib would start a bus of its own through X11 when none is named;
    // with no bus there is no host, and nothing to wait for.
    const char* bus = std::getenv("DBUS_SESSION_BUS_ADDRESS");
    if (!bus || !*bus) {
        Glib::signal_idle().connect_once([this] { on_watcher(false); });
        return;
    }
    watch_ = g_bus_watch_name(
        G_BUS_TYPE_SESSION, kWatcher, G_BUS_NAME_WATCHER_FLAGS_NONE,
        [](GDBusConnection*, const gchar*, const gchar*, gpointer self) { static_cast<TrayIcon*>(self)->on_watcher(true); },
        [](GDBusConnection*, const gchar*, gpointer self) { static_cast<TrayIcon*>(self)->on_watcher(false); }, this,
        nullptr);
}

TrayIcon::~TrayIcon() {
    for (auto& c : links_) c.disconnect();
    if (watch_) g_bus_unwatch_name(watch_);
    if (indicator_) {
        g_signal_handlers_disconnect_by_data(indicator_, this);
        g_object_unref(indicator_);
    }
}

void TrayIcon::on_watcher(bool present) {
    if (present) {
        told_missing_ = false;
        create_indicator();
        return;
    }
    if (indicator_) app_indicator_set_status(indicator_, APP_INDICATOR_STATUS_PASSIVE);
    connected_ = false;
    if (!told_missing_) {
        told_missing_ = true;
        log_.emit("no tray icon: no StatusNotifier host (" + std::string(kWatcher) +
                  ") on the session bus; the window is the way in, and closing it quits");
    }
}

void TrayIcon::create_indicator() {
    if (!indicator_) {
        indicator_ = app_indicator_new(id_.c_str(), "switchyard", APP_INDICATOR_CATEGORY_APPLICATION_STATUS);
        if (const std::string file = icon_file(); !file.empty()) {
            app_indicator_set_icon_theme_path(indicator_, std::filesystem::path(file).parent_path().c_str());
        }
        app_indicator_set_title(indicator_, "Switchyard");
        app_indicator_set_menu(indicator_, menu_.gobj());
        g_signal_connect(indicator_, "connection-changed", G_CALLBACK(&TrayIcon::on_connection_changed), this);
    }
    app_indicator_set_status(indicator_, APP_INDICATOR_STATUS_ACTIVE);
}

void TrayIcon::on_connection_changed(_AppIndicator*, int connected, void* self) {
    auto* tray = static_cast<TrayIcon*>(self);
    if (tray->connected_ == (connected != 0)) return;
    tray->connected_ = connected != 0;
    tray->log_.emit(tray->connected_ ? "tray icon shown (StatusNotifier host found); closing the window hides it"
                                     : "tray icon gone (the StatusNotifier host left); closing the window quits");
}

void TrayIcon::set_window_visible(bool visible) { show_item_.set_label(visible ? "Hide Switchyard" : "Show Switchyard"); }

void TrayIcon::rebuild_presets() {
    // Only when the list or the running preset changed: a panel holds the
    // items' ids, and a menu rebuilt under it would lose the click.
    std::vector<std::string> names;
    for (const auto& p : mirror_.presets()) names.push_back(p.name);
    const std::string current = running_preset(mirror_.status());
    if (built_ && names == built_names_ && current == built_current_) return;
    built_ = true;
    built_names_ = names;
    built_current_ = current;
    for (Gtk::Widget* child : presets_menu_.get_children()) presets_menu_.remove(*child);
    preset_items_.clear();
    updating_ = true;
    for (const auto& p : mirror_.presets()) {
        auto* item = new Gtk::CheckMenuItem(p.name);
        item->set_draw_as_radio(true);
        item->set_active(p.name == current);
        const std::string name = p.name;
        item->signal_activate().connect([this, name] {
            if (!updating_) actions_.load(name);
        });
        preset_items_.emplace_back(item);
        presets_menu_.append(*item);
    }
    updating_ = false;
    if (preset_items_.empty()) {
        auto* none = new Gtk::MenuItem("(no presets saved yet)");
        none->set_sensitive(false);
        preset_items_.emplace_back(none);
        presets_menu_.append(*none);
    }
    presets_menu_.show_all();
}

void TrayIcon::refresh_mute_all() {
    bool any = false, all = true;
    for (const auto& e : mirror_.view().endpoints) {
        if (e.kind != EndpointKind::output) continue;
        any = true;
        all = all && e.mute;
    }
    updating_ = true;
    mute_all_.set_active(any && all);
    mute_all_.set_sensitive(any);
    updating_ = false;
}

void TrayIcon::on_mute_all() {
    if (updating_) return;
    const bool on = mute_all_.get_active();
    // Unmuting gives back only what this item muted: an output muted on
    // purpose before stays muted.
    const bool restore_known = !on && !muted_by_us_.empty();
    std::set<std::string> now_muted;
    for (const auto& e : mirror_.view().endpoints) {
        if (e.kind != EndpointKind::output) continue;
        if (on && e.mute) continue;
        if (restore_known && !muted_by_us_.count(e.id)) continue;
        if (on) now_muted.insert(e.id);
        link_.request({{"cmd", "mute"}, {"endpoint", e.id}, {"on", on}});
    }
    muted_by_us_ = on ? now_muted : std::set<std::string>{};
}

} // namespace sy::gui
