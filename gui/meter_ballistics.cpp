#include "gui/meter_ballistics.hpp"

#include <algorithm>
#include <cmath>

namespace sy::gui {

double MeterBallistics::to_db(double linear) {
    if (!(linear > 0.0)) return kFloorDb;
    return std::max(kFloorDb, 20.0 * std::log10(linear));
}

void MeterBallistics::feed(std::span<const double> peak, std::span<const double> rms, double now) {
    if (channels_.size() != peak.size()) {
        channels_.assign(peak.size(), Channel{});
        last_ = now;
    }
    const double drop = std::max(0.0, now - last_) * kFallDbPerSecond;
    last_ = now;
    for (std::size_t c = 0; c < channels_.size(); ++c) {
        Channel& ch = channels_[c];
        const double p = to_db(peak[c]);
        const double r = c < rms.size() ? to_db(rms[c]) : kFloorDb;
        if (peak[c] >= kClipLinear) clipped_ = true;
        ch.peak_db = std::max(p, ch.peak_db - drop);
        ch.rms_db = std::max(r, ch.rms_db - drop);
        if (p >= ch.hold_db) {
            ch.hold_db = p;
            ch.hold_since = now;
        } else if (now - ch.hold_since > kHoldSeconds) {
            ch.hold_db = std::max(p, ch.hold_db - drop);
        }
    }
}

void MeterBallistics::fall(double now) {
    std::vector<double> silence(channels_.size(), 0.0);
    feed(silence, silence, now);
}

void MeterBallistics::reset() {
    for (auto& ch : channels_) ch = Channel{};
    clipped_ = false;
}

} // namespace sy::gui
