#include "gui/loudness_readout.hpp"

#include <cmath>
#include <cstdio>

#include <atkmm/object.h>

#include "gui/loudness_target.hpp"

namespace sy::gui {

namespace {

// A meters event made before the engine's audio thread took the reset may
// still carry the old peak; the engine takes it within a cycle (a few ms),
// the events come 33 ms apart: 100 ms covers both.
constexpr double kAfterResetS = 0.1;

std::optional<double> figure(const nlohmann::json& j, const char* key) {
    if (!j.contains(key) || !j[key].is_number()) return std::nullopt;
    const double v = j[key].get<double>();
    return std::isfinite(v) ? std::optional<double>(v) : std::nullopt;
}

void set_zone_class(Gtk::Widget& w, LoudnessZone zone) {
    auto style = w.get_style_context();
    if (style->has_class(loudness_zone_css_class(zone))) return; // 30 times a second, mostly unchanged
    for (auto z : {LoudnessZone::none, LoudnessZone::under, LoudnessZone::on_target, LoudnessZone::over}) {
        style->remove_class(loudness_zone_css_class(z));
    }
    style->add_class(loudness_zone_css_class(zone));
}

} // namespace

LoudnessFigures read_loudness(const nlohmann::json& j) {
    LoudnessFigures f;
    if (!j.is_object()) return f;
    f.momentary = figure(j, "momentary_lufs");
    f.short_term = figure(j, "short_term_lufs");
    f.integrated = figure(j, "integrated_lufs");
    f.range_lu = figure(j, "range_lu");
    f.true_peak_dbtp = figure(j, "true_peak_dbtp");
    return f;
}

std::string lufs_text(std::optional<double> lufs) {
    if (!lufs) return "--";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", *lufs);
    return buf;
}

LoudnessReadout::LoudnessReadout(const std::string& endpoint, double target)
    : Gtk::Box(Gtk::ORIENTATION_VERTICAL, 1), target_(target) {
    get_style_context()->add_class("sy-loudness");
    peak_.get_style_context()->add_class("sy-true-peak");
    peak_.set_relief(Gtk::RELIEF_NONE);
    peak_.set_tooltip_text("True peak: lights above -1 dBTP; click to reset it (and the integrated loudness)");
    peak_.get_accessible()->set_name("true peak " + endpoint);
    peak_.signal_clicked().connect([this] {
        peak_lit_ = false;
        peak_resetting_ = true;
        show_peak();
        reset_asked_.emit();
    });

    short_term_.get_style_context()->add_class("sy-lufs");
    short_term_.get_accessible()->set_name("loudness " + endpoint);
    unit_.get_style_context()->add_class("sy-hint");
    top_.pack_start(short_term_, true, true);
    top_.pack_start(unit_, false, false);
    pack_start(top_, false, false);
    integrated_.get_style_context()->add_class("sy-lufs-integrated");
    integrated_.get_accessible()->set_name("integrated loudness " + endpoint);
    pack_start(integrated_, false, false);
    show_figures();
    show_peak();
}

void LoudnessReadout::peak_reset_done(double now) {
    peak_resetting_ = false;
    peak_deaf_until_ = now + kAfterResetS;
}

void LoudnessReadout::feed(const nlohmann::json& loudness, double now) {
    figures_ = read_loudness(loudness);
    const bool listening = !peak_resetting_ && now >= peak_deaf_until_;
    if (listening && figures_.true_peak_dbtp && *figures_.true_peak_dbtp > kTruePeakCeilingDbtp && !peak_lit_) {
        peak_lit_ = true;
        show_peak();
    }
    show_figures();
}

void LoudnessReadout::silence() {
    figures_ = {};
    show_figures();
}

void LoudnessReadout::set_target(double lufs) {
    target_ = lufs;
    show_figures();
}

void LoudnessReadout::show_figures() {
    short_term_.set_text(lufs_text(figures_.short_term));
    integrated_.set_text("I " + lufs_text(figures_.integrated));
    set_zone_class(short_term_, loudness_zone(figures_.short_term, target_));
    set_zone_class(integrated_, loudness_zone(figures_.integrated, target_));
    char tip[160];
    std::snprintf(tip, sizeof tip, "Short-term loudness (3 s) against the target of %.0f LUFS; I: integrated. Range %s LU",
                  target_, lufs_text(figures_.range_lu).c_str());
    // 30 events a second: a tooltip is only set anew when its text changed.
    if (tip != tip_) {
        tip_ = tip;
        top_.set_tooltip_text(tip_);
        integrated_.set_tooltip_text(tip_);
    }
}

void LoudnessReadout::show_peak() {
    if (peak_lit_) {
        peak_.get_style_context()->add_class("sy-clipped");
    } else {
        peak_.get_style_context()->remove_class("sy-clipped");
    }
}

} // namespace sy::gui
