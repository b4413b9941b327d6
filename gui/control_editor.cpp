#include "gui/control_editor.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <atkmm/object.h>
#include <gtkmm/checkbutton.h>
#include <gtkmm/comboboxtext.h>
#include <gtkmm/scale.h>

#include "gui/plugin_catalog.hpp"

namespace sy::gui {

namespace {

using nlohmann::json;

constexpr const char* kDenoiserLevels[] = {"low", "moderate", "high", "very-high"};
constexpr const char* kDenoiserDefault = "high"; // the engine's, docs/preset-format.md

double number_of(const json& j, const char* key, double fallback) {
    return j.contains(key) && j[key].is_number() ? j[key].get<double>() : fallback;
}

std::string value_text(double v, const std::string& unit, bool integer) {
    char buf[64];
    if (integer) {
        std::snprintf(buf, sizeof buf, "%.0f", v);
    } else if (std::abs(v) >= 100 || v == 0.0) {
        std::snprintf(buf, sizeof buf, "%.1f", v);
    } else {
        std::snprintf(buf, sizeof buf, "%.3g", v);
    }
    return unit.empty() ? std::string(buf) : std::string(buf) + " " + unit;
}

} // namespace

ControlScale ControlScale::of(const json& c) {
    ControlScale s;
    s.min = number_of(c, "min", 0.0);
    s.max = number_of(c, "max", 1.0);
    if (s.max <= s.min) s.max = s.min + 1.0;
    s.logarithmic = c.value("logarithmic", false) && s.min > 0.0;
    return s;
}

double ControlScale::to_position(double value) const {
    const double v = std::clamp(value, min, max);
    if (logarithmic) return std::log(v / min) / std::log(max / min);
    return (v - min) / (max - min);
}

double ControlScale::to_value(double position) const {
    const double p = std::clamp(position, 0.0, 1.0);
    if (logarithmic) return min * std::pow(max / min, p);
    return min + p * (max - min);
}

ControlEditor::ControlEditor(EngineLink& link, const std::string& endpoint, const InsertView& insert,
                             const json& details)
    : endpoint_(endpoint), insert_(insert.id),
      sender_(link, endpoint, insert.id, [this](const std::string& why) {
          message_.emit("Could not set a control of " + endpoint_ + "/" + insert_ + ": " + why);
      }) {
    const std::string plugin = insert.builtin.empty() ? details.value("name", insert.uri) : kDenoiserName;
    set_title(endpoint + " \u00b7 " + insert.id + ": " + plugin);
    get_accessible()->set_name("editor " + endpoint + " " + insert.id);
    set_default_size(460, insert.builtin.empty() ? 560 : 120);
    grid_.set_row_spacing(4);
    grid_.set_column_spacing(8);
    grid_.set_border_width(10);
    scroller_.set_policy(Gtk::POLICY_NEVER, Gtk::POLICY_AUTOMATIC);
    scroller_.add(grid_);
    root_.pack_start(scroller_, true, true);
    add(root_);

    if (insert.builtin == kDenoiserBuiltin) {
        add_denoiser_level(insert.controls.contains("level") ? insert.controls["level"] : json(kDenoiserDefault));
    } else if (details.contains("controls") && details["controls"].is_array()) {
        for (const auto& c : details["controls"]) {
            if (!c.is_object() || !c.contains("symbol")) continue;
            const std::string symbol = c.value("symbol", "");
            const double start = number_of(insert.controls, symbol.c_str(), number_of(c, "default", 0.0));
            if (c.value("toggled", false)) {
                add_toggle(c, start);
            } else if (c.value("enumeration", false) && c.contains("scale_points") && !c["scale_points"].empty()) {
                add_enumeration(c, start);
            } else {
                add_slider(c, start);
            }
        }
    }
    if (rows_ == 0) add_heading("This plugin has no controls.");
    show_all_children();
}

json ControlEditor::value(const std::string& symbol) const {
    const auto it = values_.find(symbol);
    return it == values_.end() ? json(nullptr) : it->second;
}

std::string ControlEditor::control_name(const std::string& symbol) const {
    return "control " + endpoint_ + " " + insert_ + " " + symbol;
}

void ControlEditor::add_heading(const std::string& text) {
    auto* label = Gtk::manage(new Gtk::Label(text));
    label->set_xalign(0.0f);
    grid_.attach(*label, 0, rows_++, 3, 1);
}

void ControlEditor::add_row(Gtk::Widget& label, Gtk::Widget& control, Gtk::Widget* value) {
    grid_.attach(label, 0, rows_, 1, 1);
    grid_.attach(control, 1, rows_, value ? 1 : 2, 1);
    if (value) grid_.attach(*value, 2, rows_, 1, 1);
    ++rows_;
}

void ControlEditor::add_slider(const json& c, double start) {
    const std::string symbol = c.value("symbol", "");
    const std::string unit = c.value("unit", "");
    const bool integer = c.value("integer", false);
    const ControlScale scale = ControlScale::of(c);
    auto* name = Gtk::manage(new Gtk::Label(c.value("name", symbol)));
    name->set_xalign(0.0f);
    auto* shown = Gtk::manage(new Gtk::Label(value_text(start, unit, integer)));
    shown->set_width_chars(10);
    shown->set_xalign(1.0f);
    // The slider runs over positions 0..1 so a logarithmic control spreads
    // its decades evenly; what is sent is the value the position maps to.
    auto* slider = Gtk::manage(new Gtk::Scale(Gtk::ORIENTATION_HORIZONTAL));
    slider->set_range(0.0, 1.0);
    slider->set_increments(integer ? 1.0 / std::max(1.0, scale.max - scale.min) : 0.01, 0.1);
    slider->set_draw_value(false);
    slider->set_hexpand(true);
    slider->set_value(scale.to_position(start));
    slider->get_accessible()->set_name(control_name(symbol));
    slider->set_tooltip_text(symbol + ": " + value_text(scale.min, unit, integer) + " to " +
                             value_text(scale.max, unit, integer) + (scale.logarithmic ? ", logarithmic" : ""));
    values_[symbol] = start;
    slider->signal_value_changed().connect([this, slider, shown, scale, symbol, unit, integer] {
        double v = scale.to_value(slider->get_value());
        if (integer) v = std::round(v);
        shown->set_text(value_text(v, unit, integer));
        change(symbol, v);
    });
    add_row(*name, *slider, shown);
}

void ControlEditor::add_toggle(const json& c, double start) {
    const std::string symbol = c.value("symbol", "");
    auto* check = Gtk::manage(new Gtk::CheckButton(c.value("name", symbol)));
    check->set_active(start > 0.5);
    check->get_accessible()->set_name(control_name(symbol));
    values_[symbol] = start > 0.5 ? 1.0 : 0.0;
    check->signal_toggled().connect([this, check, symbol] { change(symbol, check->get_active() ? 1.0 : 0.0); });
    grid_.attach(*check, 0, rows_++, 3, 1);
}

void ControlEditor::add_enumeration(const json& c, double start) {
    const std::string symbol = c.value("symbol", "");
    auto* name = Gtk::manage(new Gtk::Label(c.value("name", symbol)));
    name->set_xalign(0.0f);
    auto* combo = Gtk::manage(new Gtk::ComboBoxText());
    std::vector<double> values;
    double nearest = 1e300;
    int active = -1;
    for (const auto& p : c["scale_points"]) {
        const double v = number_of(p, "value", 0.0);
        combo->append(p.value("label", value_text(v, "", false)));
        if (std::abs(v - start) < nearest) {
            nearest = std::abs(v - start);
            active = static_cast<int>(values.size());
        }
        values.push_back(v);
    }
    combo->set_active(active);
    combo->get_accessible()->set_name(control_name(symbol));
    values_[symbol] = active >= 0 ? values[static_cast<std::size_t>(active)] : start;
    combo->signal_changed().connect([this, combo, symbol, values] {
        const int i = combo->get_active_row_number();
        if (i >= 0 && i < static_cast<int>(values.size())) change(symbol, values[static_cast<std::size_t>(i)]);
    });
    add_row(*name, *combo);
}

void ControlEditor::add_denoiser_level(const json& start) {
    auto* name = Gtk::manage(new Gtk::Label("Level"));
    name->set_xalign(0.0f);
    auto* combo = Gtk::manage(new Gtk::ComboBoxText());
    for (const char* level : kDenoiserLevels) combo->append(level, level);
    combo->set_active_id(start.is_string() ? start.get<std::string>() : kDenoiserDefault);
    combo->get_accessible()->set_name(control_name("level"));
    combo->set_tooltip_text("How hard it suppresses noise; higher colours the voice more");
    values_["level"] = start;
    combo->signal_changed().connect([this, combo] { change("level", std::string(combo->get_active_id())); });
    add_row(*name, *combo);
}

void ControlEditor::change(const std::string& symbol, json value) {
    values_[symbol] = value;
    sender_.set(symbol, std::move(value));
}

} // namespace sy::gui
