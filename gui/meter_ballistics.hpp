// What a level meter shows, from the `meters` events: each event carries the
// peak and RMS of every channel since the last one (linear). Bars fall back
// at a steady rate instead of jumping to every new value, a peak-hold mark
// stays up for a while, and a clip latches until someone resets it. Pure
// arithmetic, no GTK: tested on its own.
#pragma once

#include <span>
#include <vector>

namespace sy::gui {

class MeterBallistics {
public:
    static constexpr double kFloorDb = -90.0;
    static constexpr double kFallDbPerSecond = 26.0; // a bar drops 26 dB a second
    static constexpr double kHoldSeconds = 1.5;      // then the hold mark falls too
    static constexpr double kClipLinear = 0.999;     // -0.009 dBFS: a full-scale sample

    struct Channel {
        double peak_db = kFloorDb;
        double rms_db = kFloorDb;
        double hold_db = kFloorDb;
        double hold_since = 0.0;
    };

    // One event at time `now` (seconds, any steady origin). A channel count
    // that changed starts the channels afresh.
    void feed(std::span<const double> peak, std::span<const double> rms, double now);
    // No event came (the engine went away): everything falls from `now` on.
    void fall(double now);
    void reset(); // silence, no clip

    const std::vector<Channel>& channels() const { return channels_; }
    bool clipped() const { return clipped_; }
    void reset_clip() { clipped_ = false; }

    static double to_db(double linear);

private:
    std::vector<Channel> channels_;
    double last_ = 0.0;
    bool clipped_ = false;
};

} // namespace sy::gui
