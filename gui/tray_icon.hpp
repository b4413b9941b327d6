// The tray icon (libayatana-appindicator, StatusNotifierItem): show or hide
// the window, switch preset, mute every output, quit. It exists only while a
// StatusNotifier host does (org.kde.StatusNotifierWatcher on the session
// bus); without one the GUI carries on with the window as the way in, and
// says so in one log line. Main thread only.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include <gtkmm/checkmenuitem.h>
#include <gtkmm/menu.h>
#include <gtkmm/menuitem.h>

#include "gui/engine_link.hpp"
#include "gui/engine_mirror.hpp"
#include "gui/preset_actions.hpp"

struct _AppIndicator;

namespace sy::gui {

class TrayIcon {
public:
    TrayIcon(EngineLink& link, EngineMirror& mirror, PresetActions& actions, const std::string& instance);
    ~TrayIcon();
    TrayIcon(const TrayIcon&) = delete;
    TrayIcon& operator=(const TrayIcon&) = delete;

    // A host shows the icon: closing the window then only hides it.
    bool shown() const { return connected_; }
    void set_window_visible(bool visible);

    sigc::signal<void>& signal_toggle_window() { return toggle_window_; }
    sigc::signal<void>& signal_quit() { return quit_; }
    sigc::signal<void, std::string>& signal_log() { return log_; } // a line for the log

private:
    void on_watcher(bool present);
    void create_indicator();
    void rebuild_presets();
    void refresh_mute_all();
    void on_mute_all();
    static void on_connection_changed(_AppIndicator* indicator, int connected, void* self);

    EngineLink& link_;
    EngineMirror& mirror_;
    PresetActions& actions_;
    std::string id_;
    unsigned watch_ = 0;
    _AppIndicator* indicator_ = nullptr;
    bool connected_ = false;
    bool told_missing_ = false;
    bool updating_ = false;
    std::set<std::string> muted_by_us_;
    bool built_ = false; // the preset submenu, as last built
    std::vector<std::string> built_names_;
    std::string built_current_;

    Gtk::Menu menu_, presets_menu_;
    Gtk::MenuItem show_item_{"Hide Switchyard"}, presets_item_{"Presets"}, quit_item_{"Quit"};
    Gtk::CheckMenuItem mute_all_{"Mute all outputs"};
    std::vector<std::unique_ptr<Gtk::MenuItem>> preset_items_;
    std::vector<sigc::connection> links_;
    sigc::signal<void> toggle_window_, quit_;
    sigc::signal<void, std::string> log_;
};

} // namespace sy::gui
