#include "gui/mixer_strip.hpp"

#include <cmath>
#include <vector>

#include <atkmm/object.h>
#include <glib.h>

#include "gui/theme.hpp"

namespace sy::gui {

namespace {

std::vector<double> numbers(const nlohmann::json& j, const char* key) {
    std::vector<double> out;
    if (!j.contains(key) || !j[key].is_array()) return out;
    for (const auto& v : j[key]) out.push_back(v.is_number() ? v.get<double>() : 0.0);
    return out;
}

} // namespace

MixerStrip::MixerStrip(EngineLink& link, PluginCatalog& catalog, const EndpointView& e, double loudness_target)
    : Gtk::Box(Gtk::ORIENTATION_VERTICAL, 4), link_(link), id_(e.id), kind_(e.kind), channels_(e.channels),
      gain_(link, {{"endpoint", e.id}}, [this](const std::string& why) { message_.emit("Could not set the fader of " + id_ + ": " + why); }),
      inserts_(link, catalog, e.id), meter_(e.channels), loudness_(e.id, loudness_target) {
    get_style_context()->add_class("sy-strip");
    get_style_context()->add_class(kind_css_class(e.kind));
    set_size_request(124, -1); // room for an insert's name beside its two buttons

    name_.set_text(e.id);
    name_.set_ellipsize(Pango::ELLIPSIZE_END);
    name_.set_max_width_chars(11);
    name_.get_style_context()->add_class("sy-strip-name");
    kind_label_.set_text(std::string(kind_name(e.kind)) + " \u00b7 " + std::to_string(e.channels) + " ch");
    kind_label_.get_style_context()->add_class("sy-hint");
    pack_start(name_, false, false);
    pack_start(kind_label_, false, false);
    // Inserts come first: the meters and the loudness are after them.
    inserts_.signal_message().connect([this](std::string m) { message_.emit(m); });
    pack_start(inserts_, false, false);

    clip_.get_style_context()->add_class("sy-clip");
    clip_.set_relief(Gtk::RELIEF_NONE);
    clip_.set_tooltip_text("Clip: lights when a sample reaches full scale; click to reset");
    clip_.get_accessible()->set_name("clip " + id_);
    clip_.signal_clicked().connect([this] {
        meter_.ballistics().reset_clip();
        show_clip();
    });
    // The true-peak light shares the row: both latch, both reset on a click.
    lights_.pack_start(clip_, true, true);
    lights_.pack_start(loudness_.peak_light(), true, true);
    pack_start(lights_, false, false);

    meter_.get_accessible()->set_name("meter " + id_);
    meter_.set_tooltip_text("Peak (light), RMS (solid) and peak hold, dBFS");
    fader_.set_range(kFaderBottomDb, kFaderTopDb);
    fader_.set_increments(0.5, 3.0);
    fader_.set_inverted(true);
    fader_.set_draw_value(false);
    fader_.set_vexpand(true);
    for (double mark : {12.0, 6.0, 0.0, -6.0, -12.0, -24.0, -40.0}) fader_.add_mark(mark, Gtk::POS_RIGHT, "");
    fader_.get_accessible()->set_name("fader " + id_);
    fader_.set_tooltip_text("Fader of " + id_ + " in dB; the bottom is silence. Up/Down 0.5 dB, Page 3 dB");
    fader_.signal_value_changed().connect(sigc::mem_fun(*this, &MixerStrip::on_fader_moved));
    middle_.pack_start(meter_, true, true);
    middle_.pack_start(fader_, false, false);
    pack_start(middle_, true, true);
    loudness_.signal_reset_asked().connect(sigc::mem_fun(*this, &MixerStrip::reset_loudness));
    pack_start(loudness_, false, false);

    db_.get_style_context()->add_class("sy-strip-db");
    db_.get_accessible()->set_name("gain " + id_);
    pack_start(db_, false, false);

    mute_.get_style_context()->add_class("sy-mute");
    mute_.get_accessible()->set_name("mute " + id_);
    mute_.set_tooltip_text("Mute " + id_);
    mute_.signal_toggled().connect([this] { on_toggle("mute", mute_); });
    buttons_.pack_start(mute_, true, true);
    solo_.get_style_context()->add_class("sy-solo");
    solo_.get_accessible()->set_name("solo " + id_);
    solo_.set_tooltip_text("Solo " + id_ + ": only soloed sources play into its destinations");
    solo_.signal_toggled().connect([this] { on_toggle("solo", solo_); });
    if (e.kind != EndpointKind::output) buttons_.pack_start(solo_, true, true);
    pack_start(buttons_, false, false);

    update(e);
    show_clip();
    show_all();
}

void MixerStrip::update(const EndpointView& e) {
    updating_ = true;
    // A fader under the pointer (or with a value on its way) is the
    // person's; the engine's answer will agree with it soon.
    if (!fader_.has_grab() && !gain_.busy()) {
        fader_.set_value(e.gain_db ? std::clamp(*e.gain_db, kFaderBottomDb, kFaderTopDb) : kFaderBottomDb);
        show_db(e.gain_db);
    }
    mute_.set_active(e.mute);
    solo_.set_active(e.solo);
    updating_ = false;
    inserts_.update(e.inserts);
}

void MixerStrip::show_db(std::optional<double> db) { db_.set_text(db_text(db)); }

void MixerStrip::on_fader_moved() {
    if (updating_) return;
    const double v = fader_.get_value();
    const std::optional<double> db = v <= kFaderBottomDb + 1e-9 ? std::nullopt : std::optional<double>(std::round(v * 10) / 10);
    show_db(db);
    gain_.set(db);
}

void MixerStrip::on_toggle(const char* cmd, Gtk::ToggleButton& button) {
    if (updating_) return;
    const bool on = button.get_active();
    const std::string what = cmd;
    link_.request({{"cmd", cmd}, {"endpoint", id_}, {"on", on}}, [this, what, on](const EngineReply& reply) {
        if (!reply.ok) {
            message_.emit("Could not " + std::string(on ? "" : "un") + what + " " + id_ + ": " + reply_error(reply));
        }
    });
}

void MixerStrip::feed_meter(const nlohmann::json& levels, double now) {
    const auto peak = numbers(levels, "peak");
    const auto rms = numbers(levels, "rms");
    const bool was = meter_.ballistics().clipped();
    meter_.ballistics().feed(peak, rms, now);
    if (meter_.ballistics().clipped() != was) show_clip();
    meter_.changed();
    if (levels.contains("loudness")) loudness_.feed(levels["loudness"], now);
}

void MixerStrip::reset_loudness() {
    link_.request({{"cmd", "loudness.reset"}, {"endpoint", id_}}, [this](const EngineReply& reply) {
        loudness_.peak_reset_done(static_cast<double>(g_get_monotonic_time()) / 1e6);
        if (!reply.ok) message_.emit("Could not reset the loudness of " + id_ + ": " + reply_error(reply));
    });
}

void MixerStrip::silence_meter() {
    meter_.ballistics().reset();
    show_clip();
    meter_.changed();
    loudness_.silence();
}

void MixerStrip::show_clip() {
    if (meter_.ballistics().clipped()) {
        clip_.get_style_context()->add_class("sy-clipped");
    } else {
        clip_.get_style_context()->remove_class("sy-clipped");
    }
}

} // namespace sy::gui
