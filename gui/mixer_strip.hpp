// One channel strip of the mixer, for an input, a bus or an output: name,
// its inserts (InsertList), clip light, peak/RMS meter, loudness in LUFS
// with a true-peak light (LoudnessReadout), fader in dB (the endpoint's `gain`), mute and
// solo (no solo on outputs: the engine refuses it). A fader being moved
// sends its value as fast as the engine answers, never more: a new value
// waits for the reply to the last one. Main thread only.
#pragma once

#include <optional>
#include <string>

#include <gtkmm/box.h>
#include <gtkmm/button.h>
#include <gtkmm/label.h>
#include <gtkmm/scale.h>
#include <gtkmm/togglebutton.h>

#include "gui/engine_link.hpp"
#include "gui/engine_view.hpp"
#include "gui/gain_sender.hpp"
#include "gui/insert_list.hpp"
#include "gui/level_meter.hpp"
#include "gui/loudness_readout.hpp"
#include "gui/plugin_catalog.hpp"

namespace sy::gui {

class MixerStrip : public Gtk::Box {
public:
    static constexpr double kFaderBottomDb = -60.0; // the bottom of the fader is silence
    static constexpr double kFaderTopDb = 12.0;

    MixerStrip(EngineLink& link, PluginCatalog& catalog, const EndpointView& endpoint, double loudness_target);

    const std::string& id() const { return id_; }
    EndpointKind kind() const { return kind_; }
    int channels() const { return channels_; }
    // The engine's values, unless the person is moving that control.
    void update(const EndpointView& endpoint);
    void feed_meter(const nlohmann::json& levels, double now);
    void silence_meter();
    void set_loudness_target(double lufs) { loudness_.set_target(lufs); }

    Gtk::Scale& fader() { return fader_; }
    Gtk::ToggleButton& mute() { return mute_; }
    Gtk::ToggleButton& solo() { return solo_; }
    LevelMeter& meter() { return meter_; }
    LoudnessReadout& loudness() { return loudness_; }
    InsertList& inserts() { return inserts_; }

    sigc::signal<void, std::string>& signal_message() { return message_; }

private:
    void on_fader_moved();
    void on_toggle(const char* cmd, Gtk::ToggleButton& button);
    void show_db(std::optional<double> db);
    void show_clip();
    void reset_loudness(); // the true-peak light was clicked

    EngineLink& link_;
    std::string id_;
    EndpointKind kind_;
    int channels_;
    bool updating_ = false;  // a value set from the engine is not sent back
    GainSender gain_;

    Gtk::Label name_, kind_label_, db_;
    InsertList inserts_;
    Gtk::Box lights_{Gtk::ORIENTATION_HORIZONTAL, 2};
    Gtk::Button clip_;
    LevelMeter meter_;
    LoudnessReadout loudness_;
    Gtk::Box middle_{Gtk::ORIENTATION_HORIZONTAL, 4};
    Gtk::Scale fader_{Gtk::ORIENTATION_VERTICAL};
    Gtk::Box buttons_{Gtk::ORIENTATION_HORIZONTAL, 4};
    Gtk::ToggleButton mute_{"M"}, solo_{"S"};
    sigc::signal<void, std::string> message_;
};

} // namespace sy::gui
