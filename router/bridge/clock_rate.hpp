// A simulated sound card's clock: a nominal rate, off by a fixed number of
// parts per million, plus a drift that grows linearly from time 0 (a
// crystal warming up, say 0.1 ppm a second) until an optional final offset,
// where it stays. ClockSim puts each callback where its clock says.
//
// Times come from frame positions in closed form, never by adding up
// periods: the position reached after t seconds is the integral of the
// rate, and the time of a position is that quadratic solved, so an hour of
// callbacks carries no rounding error of its own. Before time 0 the clock
// runs at its fixed offset.
#pragma once

#include <optional>

namespace sy::router {

struct DriftRamp {
    double ppm_per_second = 0.0; // how fast the offset changes (negative: falls)
    // Where the offset stops changing, in ppm. None: it keeps changing. A
    // final offset the ramp heads away from is never reached: no ramp.
    std::optional<double> final_ppm;
};

class ClockRate {
public:
    ClockRate() = default;
    // `nominal_rate` in Hz; `ppm` parts per million fast (negative: slow).
    // A ramp that would bring the rate to zero is out of range.
    ClockRate(double nominal_rate, double ppm, const DriftRamp& ramp = {});

    double nominal_rate() const { return nominal_; }
    // The offset in ppm at `seconds`: ppm + ramp * seconds, held at the
    // final offset once there (and at ppm before 0).
    double ppm_at(double seconds) const;
    // The true rate at `seconds`, in Hz.
    double rate_at(double seconds) const { return nominal_ * (1.0 + ppm_at(seconds) * 1e-6); }
    // Frames the clock has counted from time 0 to `seconds` (negative before 0).
    double frames_at(double seconds) const;
    // When the clock has counted `frames` frames from time 0: the inverse of
    // frames_at().
    double time_of(double frames) const;

private:
    double nominal_ = 48000.0;
    double offset_ = 0.0;   // ppm / 1e6
    double ramp_ = 0.0;     // ppm_per_second / 1e6
    double ramp_end_ = 0.0; // seconds; the ramp runs over [0, ramp_end_)
    double final_ = 0.0;    // the offset from ramp_end_ on, / 1e6
    double end_frames_ = 0.0; // frames_at(ramp_end_), over the nominal rate
    bool ramps_ = false;
    bool ends_ = false;
};

} // namespace sy::router
