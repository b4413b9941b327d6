// Peak and RMS of one channel, written by the audio thread and read by any
// other thread through atomics: no lock, no waiting on either side.
#pragma once

#include <atomic>
#include <cstddef>

namespace sy::dsp {

struct MeterReading {
    float peak = 0.0f; // largest |sample| since the previous take()
    float rms = 0.0f;  // RMS over about the last 300 ms
};

class Meter {
public:
    // Audio thread only. `decay` is the per-block factor of the mean-square
    // average (see rms_decay()).
    void update(const float* samples, std::size_t frames, float decay);

    // Any thread. Resets the peak so each reader sees the peaks it missed.
    MeterReading take();
    // Any thread; leaves the peak in place.
    MeterReading peek() const;

private:
    std::atomic<float> peak_{0.0f};
    std::atomic<float> mean_square_{0.0f};
};

// The per-block decay of an exponential mean-square average whose time
// constant is `seconds`, for blocks of `frames` at `rate`.
inline constexpr double kRmsSeconds = 0.3;
float rms_decay(std::size_t frames, double rate, double seconds = kRmsSeconds);

} // namespace sy::dsp
