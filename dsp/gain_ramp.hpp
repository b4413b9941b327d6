// A gain that never jumps: every change of target becomes a straight line
// over a fixed number of frames, and at its end the gain equals the target
// exactly (so a path at 0 dB is bit-perfect again once the ramp is over).
#pragma once

#include <cmath>

namespace sy::dsp {

// The gain over one block: `ramp_frames` frames of start + step * (k + 1),
// then `end` for the rest of the block. When the ramp finishes inside the
// block its last frame is `end` itself, not start + step * n rounded.
struct GainSpan {
    float start = 1.0f;
    float step = 0.0f;
    int ramp_frames = 0;
    float end = 1.0f;
    bool finishes = false;

    bool constant() const { return ramp_frames == 0; }
};

// Audio thread only: lives in an engine-owned table so that it outlives the
// Plans that point at it.
class GainRamp {
public:
    // Starts at `gain` with no ramp: for routes that exist before audio runs.
    void jump_to(float gain) {
        current_ = target_ = gain;
        step_ = 0.0f;
        remaining_ = 0;
    }

    // A new target ramps from wherever the gain is now.
    void set_target(float target, int ramp_frames) {
        if (target == target_) return;
        target_ = target;
        if (ramp_frames <= 0) {
            jump_to(target);
            return;
        }
        remaining_ = ramp_frames;
        step_ = (target_ - current_) / static_cast<float>(ramp_frames);
    }

    // The gain over the next `frames` frames; call advance(frames) after use.
    GainSpan span(int frames) const {
        const int r = remaining_ < frames ? remaining_ : frames;
        const bool finishes = r > 0 && r == remaining_;
        return {current_, step_, r, finishes ? target_ : current_ + step_ * static_cast<float>(r), finishes};
    }

    void advance(int frames) {
        if (remaining_ == 0) return;
        if (frames >= remaining_) {
            jump_to(target_);
        } else {
            remaining_ -= frames;
            current_ += step_ * static_cast<float>(frames);
        }
    }

    float current() const { return current_; }
    float target() const { return target_; }
    bool ramping() const { return remaining_ > 0; }

private:
    float current_ = 0.0f;
    float target_ = 0.0f;
    float step_ = 0.0f;
    int remaining_ = 0;
};

inline float db_to_gain(double db) {
    if (std::isinf(db) && db < 0) return 0.0f;
    return static_cast<float>(std::pow(10.0, db / 20.0));
}

} // namespace sy::dsp
