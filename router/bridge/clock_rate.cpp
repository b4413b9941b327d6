#include "router/bridge/clock_rate.hpp"

#include <algorithm>
#include <cmath>

namespace sy::router {

ClockRate::ClockRate(double nominal_rate, double ppm, const DriftRamp& ramp)
    : nominal_(nominal_rate), offset_(ppm * 1e-6), final_(ppm * 1e-6) {
    if (ramp.ppm_per_second == 0.0) return;
    ramp_ = ramp.ppm_per_second * 1e-6;
    ramps_ = true;
    if (!ramp.final_ppm) return;
    const double end = (*ramp.final_ppm - ppm) / ramp.ppm_per_second;
    if (end < 0.0) {
        ramps_ = false;
        return;
    }
    ends_ = true;
    ramp_end_ = end;
    final_ = *ramp.final_ppm * 1e-6;
    end_frames_ = (1.0 + offset_) * end + 0.5 * ramp_ * end * end;
}

double ClockRate::ppm_at(double seconds) const {
    if (!ramps_ || seconds <= 0.0) return offset_ * 1e6;
    if (ends_ && seconds >= ramp_end_) return final_ * 1e6;
    return (offset_ + ramp_ * seconds) * 1e6;
}

double ClockRate::frames_at(double seconds) const {
    if (!ramps_ || seconds <= 0.0) return nominal_ * (1.0 + offset_) * seconds;
    if (ends_ && seconds >= ramp_end_) return nominal_ * (end_frames_ + (1.0 + final_) * (seconds - ramp_end_));
    return nominal_ * ((1.0 + offset_) * seconds + 0.5 * ramp_ * seconds * seconds);
}

double ClockRate::time_of(double frames) const {
    // Without a ramp, exactly as frames / true rate, so a fixed offset gives
    // the same times (and `switchyard render --drift` the same bytes) as
    // before ramps existed.
    if (!ramps_ || frames <= 0.0) return frames / (nominal_ * (1.0 + offset_));
    const double x = frames / nominal_;
    if (ends_ && x >= end_frames_) return ramp_end_ + (x - end_frames_) / (1.0 + final_);
    // 0.5 ramp t^2 + (1 + offset) t = x, in the form that loses no digits
    // when the ramp is tiny against the rate.
    const double p = 1.0 + offset_;
    return 2.0 * x / (p + std::sqrt(std::max(0.0, p * p + 2.0 * ramp_ * x)));
}

} // namespace sy::router
