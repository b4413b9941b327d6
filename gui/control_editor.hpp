// A window of one insert's controls, built from what the engine says of its
// plugin (`plugins {uri}`): a slider per numeric control over its range (on
// a logarithmic scale when the plugin asks for one and its range is above
// zero), a check button per toggle, a combo per enumeration with its scale
// points, each with its unit; the built-in denoiser gets a combo of its four
// levels. Changes go to the engine through an InsertSender (`insert.set`),
// as fast as it answers. Main thread only.
#pragma once

#include <map>
#include <string>

#include <gtkmm/box.h>
#include <gtkmm/grid.h>
#include <gtkmm/label.h>
#include <gtkmm/scrolledwindow.h>
#include <gtkmm/window.h>
#include <nlohmann/json.hpp>
#include <sigc++/sigc++.h>

#include "gui/engine_link.hpp"
#include "gui/engine_view.hpp"
#include "gui/insert_sender.hpp"

namespace sy::gui {

// A numeric control's slider position (0 to 1) and back: logarithmic when
// `logarithmic` and min > 0 (a log scale cannot reach zero), linear otherwise.
struct ControlScale {
    double min = 0.0, max = 1.0;
    bool logarithmic = false;
    static ControlScale of(const nlohmann::json& control);
    double to_position(double value) const;
    double to_value(double position) const;
};

class ControlEditor : public Gtk::Window {
public:
    // `details`: the `plugins {uri}` result; ignored for a built-in.
    ControlEditor(EngineLink& link, const std::string& endpoint, const InsertView& insert, const nlohmann::json& details);

    const std::string& insert_id() const { return insert_; }
    // The value this editor last set or started from (a number or a word), null if unknown.
    nlohmann::json value(const std::string& symbol) const;
    sigc::signal<void, std::string>& signal_message() { return message_; }

private:
    void add_heading(const std::string& text);
    void add_slider(const nlohmann::json& control, double start);
    void add_toggle(const nlohmann::json& control, double start);
    void add_enumeration(const nlohmann::json& control, double start);
    void add_denoiser_level(const nlohmann::json& start);
    void add_row(Gtk::Widget& label, Gtk::Widget& control, Gtk::Widget* value = nullptr);
    void change(const std::string& symbol, nlohmann::json value);
    std::string control_name(const std::string& symbol) const;

    std::string endpoint_, insert_;
    InsertSender sender_;
    std::map<std::string, nlohmann::json> values_;
    int rows_ = 0;
    Gtk::Box root_{Gtk::ORIENTATION_VERTICAL, 6};
    Gtk::ScrolledWindow scroller_;
    Gtk::Grid grid_;
    sigc::signal<void, std::string> message_;
};

} // namespace sy::gui
