// One channel of the denoiser (fx/denoiser.hpp): its FIFO, its band split
// and its suppressor. Made and primed on the control thread; after that
// process_frame() allocates nothing and takes no lock.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <zita-resampler/resampler.h>

#include "fx/webrtc_ns.hpp"

namespace sy::fx {

// A fixed delay of a few hundred samples, written and read once a sample.
class DelayLine {
public:
    explicit DelayLine(int delay) : buffer_(static_cast<std::size_t>(delay) + 1, 0.0f) {}
    float push(float x) {
        buffer_[pos_] = x;
        pos_ = (pos_ + 1) % buffer_.size();
        return buffer_[pos_];
    }

private:
    std::vector<float> buffer_;
    std::size_t pos_ = 0;
};

struct DenoiserLane {
    // Null and `error` set when a library refuses the rate.
    static std::unique_ptr<DenoiserLane> make(int rate, std::string& error);
    ~DenoiserLane();

    void set_level(int level) { WebRtcNs_set_policy(ns, level); }
    // Denoises `in` (frame samples) into `out`, delayed by latency().
    void process_frame(const float* in, float* out) noexcept;
    int latency() const { return round_trip + ns_delay; }

    int frame = 0;      // at the strip's rate
    int round_trip = 0; // down to 16 kHz and back, in samples at the strip's rate
    int ns_delay = 0;   // the suppressor's overlap, at the strip's rate
    NsHandle* ns = nullptr;
    Resampler down, up_low, up_ref;
    std::vector<float> low, low_scaled, low_out, ones, gain, denoised, reference;
    std::vector<float> fifo_in, fifo_out; // the frame being gathered, the frame being played
    DelayLine input_delay{0}, upper_delay{0};

private:
    // `in` -> low (16 kHz) and reference (its round trip); true when every
    // resampler took and gave exactly one frame.
    bool split(const float* in) noexcept;
    bool prime(std::string& error);
};

} // namespace sy::fx
