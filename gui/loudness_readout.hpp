// A strip's loudness, from the `loudness` of its `meters` events (EBU R 128,
// after its inserts): the short-term figure in LUFS, large, and the
// integrated one below it, smaller, both coloured against the mixer's
// target; and a true-peak light (the strip places it, beside its clip light) that lights when the true peak passes
// -1 dBTP (the ceiling streaming services ask for) and stays lit until
// clicked, like the clip light. The engine's true peak is the highest since
// its last `loudness.reset`, so a click asks the strip to send one (which
// starts the integrated figure over too); the light listens again once the
// engine has answered. Main thread only.
#pragma once

#include <optional>
#include <string>

#include <gtkmm/box.h>
#include <gtkmm/button.h>
#include <gtkmm/label.h>
#include <nlohmann/json.hpp>
#include <sigc++/sigc++.h>

namespace sy::gui {

struct LoudnessFigures {
    std::optional<double> momentary, short_term, integrated, range_lu, true_peak_dbtp;
};
// Reads a `loudness` object; a null or missing figure stays empty.
LoudnessFigures read_loudness(const nlohmann::json& loudness);
// "-14.2" or "--" when there is no figure yet.
std::string lufs_text(std::optional<double> lufs);

class LoudnessReadout : public Gtk::Box {
public:
    static constexpr double kTruePeakCeilingDbtp = -1.0;

    LoudnessReadout(const std::string& endpoint, double target);

    void feed(const nlohmann::json& loudness, double now); // now: seconds, monotonic
    // The engine answered the reset a click asked for (or refused it).
    void peak_reset_done(double now);
    void silence(); // the engine is away: no figures (the peak light keeps its state)
    void set_target(double lufs);

    bool peak_lit() const { return peak_lit_; }
    sigc::signal<void>& signal_reset_asked() { return reset_asked_; }
    Gtk::Button& peak_light() { return peak_; }
    const Gtk::Label& short_term() const { return short_term_; }
    const Gtk::Label& integrated() const { return integrated_; }

private:
    void show_figures();
    void show_peak();

    double target_;
    LoudnessFigures figures_;
    bool peak_lit_ = false;
    bool peak_resetting_ = false; // clicked; the engine has not answered the reset yet
    double peak_deaf_until_ = 0.0;
    std::string tip_;
    Gtk::Box top_{Gtk::ORIENTATION_HORIZONTAL, 2};
    Gtk::Label short_term_, unit_{"LUFS"}, integrated_;
    Gtk::Button peak_;
    sigc::signal<void> reset_asked_;
};

} // namespace sy::gui
