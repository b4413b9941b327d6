#include "gui/theme.hpp"

#include <filesystem>
#include <sstream>

#include <gtkmm.h>

namespace sy::gui {

namespace {

// Colours match kind_colour() below and the icon.
constexpr const char* kCss = R"css(
.sy-canvas { background-color: #1b1e24; }
.sy-endpoint { background-color: #272b33; border-radius: 7px; border: 1px solid #3a404c; padding: 0; }
.sy-endpoint > border { border: none; }
.sy-endpoint.sy-input  { border-top: 3px solid #26c6b0; }
.sy-endpoint.sy-bus    { border-top: 3px solid #f5a623; }
.sy-endpoint.sy-output { border-top: 3px solid #6d8cff; }
.sy-endpoint.sy-waiting { background-color: #22252b; border-style: dashed; border-color: #5a6070; }
.sy-endpoint.sy-waiting label { color: #8a909c; }
.sy-endpoint-title { padding: 3px 8px; border-radius: 0; background: none; border: none; box-shadow: none;
                     font-weight: bold; }
.sy-endpoint-title:hover, .sy-endpoint-title:focus { background-color: rgba(255,255,255,0.06); }
.sy-endpoint-detail { font-size: 8pt; color: #9aa1ad; padding: 0 8px 3px 8px; }
.sy-port { padding: 1px 8px; min-height: 20px; border-radius: 4px; margin: 1px 6px;
           background: #323743; border: 1px solid #3f4551; box-shadow: none; font-size: 9pt; }
.sy-port:hover { background: #3b4150; }
.sy-port:focus { border-color: #e8eaed; }
.sy-input .sy-port  { border-right: 3px solid #26c6b0; }
.sy-bus .sy-port    { border-left: 3px solid #f5a623; border-right: 3px solid #f5a623; }
.sy-output .sy-port { border-left: 3px solid #6d8cff; }
.sy-port.sy-armed  { background: #4d5566; border-color: #ffd54a; }
.sy-port.sy-target { background: #3d5a46; border-color: #7ee08a; }
.sy-route-handle { min-width: 12px; min-height: 12px; padding: 0; border-radius: 8px;
                   background: #4a5060; border: 2px solid #1b1e24; box-shadow: none; }
.sy-route-handle:hover, .sy-route-handle:focus { background: #e8eaed; }
.sy-route-handle.sy-selected { background: #ffd54a; }
.sy-route-handle.sy-muted { background: #6b3a3a; }
.sy-column-title { font-size: 8pt; font-weight: bold; color: #8a909c; letter-spacing: 2px; }
.sy-strip { background-color: #272b33; border-radius: 7px; padding: 6px 4px; border: 1px solid #363b46; }
.sy-strip.sy-input  { border-top: 3px solid #26c6b0; }
.sy-strip.sy-bus    { border-top: 3px solid #f5a623; }
.sy-strip.sy-output { border-top: 3px solid #6d8cff; }
.sy-strip-name { font-weight: bold; }
.sy-strip-db { font-family: monospace; font-size: 9pt; color: #cfd3da; }
.sy-mute:checked { background: #d9534f; color: white; }
.sy-solo:checked { background: #f5c542; color: #1b1e24; }
.sy-clip { min-height: 6px; border-radius: 2px; background: #3a2020; padding: 0; border: none; }
.sy-clip.sy-clipped { background: #ff3b30; }
.sy-true-peak { min-height: 6px; border-radius: 2px; background: #3a2a20; padding: 0; border: none; }
.sy-true-peak.sy-clipped { background: #ff9500; }
.sy-lufs { font-family: monospace; font-size: 11pt; font-weight: bold; }
.sy-lufs-integrated { font-family: monospace; font-size: 8pt; }
.sy-lufs-none { color: #8a909c; }
.sy-lufs-under { color: #f5c542; }
.sy-lufs-on { color: #7ee08a; }
.sy-lufs-over { color: #ff6b5e; }
.sy-insert { padding: 0 2px; font-size: 8pt; }
.sy-inserts button { min-height: 18px; padding: 0 3px; }
.sy-bypass:checked { background: #f5a623; color: #1b1e24; }
.sy-insert-add { font-size: 8pt; }
.sy-panel-title { font-weight: bold; font-size: 10pt; }
.sy-path-row { padding: 4px 6px; }
.sy-path-row.sy-over { background-color: rgba(217, 83, 79, 0.22); }
.sy-path-ms { font-family: monospace; }
.sy-over .sy-path-ms { color: #ff8a80; font-weight: bold; }
.sy-banner { padding: 2px; }
.sy-hint { color: #9aa1ad; font-size: 9pt; }
)css";

} // namespace

void install_theme() {
    auto settings = Gtk::Settings::get_default();
    if (settings) settings->property_gtk_application_prefer_dark_theme() = true;
    auto css = Gtk::CssProvider::create();
    css->load_from_data(kCss);
    auto screen = Gdk::Screen::get_default();
    if (screen) Gtk::StyleContext::add_provider_for_screen(screen, css, GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

std::string icon_file() {
    std::stringstream dirs(SY_GUI_ICON_DIRS);
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
        const auto file = std::filesystem::path(dir) / "switchyard.svg";
        if (std::filesystem::exists(file)) return file.string();
    }
    return "";
}

Rgb kind_colour(EndpointKind kind) {
    switch (kind) {
    case EndpointKind::input: return {0x26 / 255.0, 0xc6 / 255.0, 0xb0 / 255.0};
    case EndpointKind::bus: return {0xf5 / 255.0, 0xa6 / 255.0, 0x23 / 255.0};
    case EndpointKind::output: break;
    }
    return {0x6d / 255.0, 0x8c / 255.0, 0xff / 255.0};
}

const char* kind_css_class(EndpointKind kind) {
    switch (kind) {
    case EndpointKind::input: return "sy-input";
    case EndpointKind::bus: return "sy-bus";
    case EndpointKind::output: break;
    }
    return "sy-output";
}

} // namespace sy::gui
