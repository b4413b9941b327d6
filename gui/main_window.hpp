// The window: menus, a banner while the engine is away, the patchbay with
// the route and paths panels beside it, the mixer strips below, and a
// status line (hub, DSP load, xruns, the last thing that happened). It
// shows what EngineMirror holds and sends edits through EngineLink.
#pragma once

#include <string>

#include <gtkmm/box.h>
#include <gtkmm/button.h>
#include <gtkmm/infobar.h>
#include <gtkmm/label.h>
#include <gtkmm/menubar.h>
#include <gtkmm/menuitem.h>
#include <gtkmm/paned.h>
#include <gtkmm/scrolledwindow.h>
#include <gtkmm/window.h>

#include "gui/engine_link.hpp"
#include "gui/engine_mirror.hpp"
#include "gui/mixer_board.hpp"
#include "gui/paths_panel.hpp"
#include "gui/patchbay_canvas.hpp"
#include "gui/preset_actions.hpp"
#include "gui/preset_menu.hpp"
#include "gui/route_inspector.hpp"

namespace sy::gui {

class MainWindow : public Gtk::Window {
public:
    MainWindow(EngineLink& link, EngineMirror& mirror, PresetActions& actions);

    PatchbayCanvas& canvas() { return canvas_; }
    MixerBoard& mixer() { return mixer_; }
    PathsPanel& paths() { return paths_; }
    RouteInspector& inspector() { return inspector_; }

    void say(const std::string& text); // the status line's message
    void show_connection(bool connected, const std::string& why);
    bool banner_shown() const { return banner_.get_visible(); }
    std::string banner_text() const { return banner_label_.get_text(); }
    std::string status_text() const { return status_.get_text(); }
    std::string message_text() const { return message_.get_text(); }

    sigc::signal<void>& signal_close_asked() { return close_asked_; } // the window's close button, Ctrl+W
    sigc::signal<void>& signal_quit_asked() { return quit_asked_; }   // Ctrl+Q, the menu's Quit
    sigc::signal<void>& signal_start_engine() { return start_engine_; }

protected:
    bool on_delete_event(GdkEventAny* event) override;
    bool on_key_press_event(GdkEventKey* event) override;

private:
    void on_view();
    void on_status();
    void update_title();

    EngineLink& link_;
    EngineMirror& mirror_;
    PresetActions& actions_;

    Gtk::Box root_{Gtk::ORIENTATION_VERTICAL};
    Gtk::MenuBar menubar_;
    Gtk::MenuItem app_item_{"_Switchyard", true};
    Gtk::Menu app_menu_;
    Gtk::MenuItem close_item_{"_Close Window", true}, quit_item_{"_Quit", true};
    PresetMenu preset_menu_;
    Gtk::InfoBar banner_;
    Gtk::Label banner_label_;
    Gtk::Paned vertical_{Gtk::ORIENTATION_VERTICAL};
    Gtk::Paned horizontal_{Gtk::ORIENTATION_HORIZONTAL};
    Gtk::ScrolledWindow canvas_scroller_;
    PatchbayCanvas canvas_;
    Gtk::Box side_{Gtk::ORIENTATION_VERTICAL, 10};
    RouteInspector inspector_;
    PathsPanel paths_;
    MixerBoard mixer_;
    Gtk::Box status_row_{Gtk::ORIENTATION_HORIZONTAL, 12};
    Gtk::Label dot_, status_, message_;
    sigc::signal<void> close_asked_, quit_asked_, start_engine_;
};

} // namespace sy::gui
