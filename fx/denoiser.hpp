// The built-in denoiser ("builtin": "denoise"): webrtc's noise suppressor,
// the one PipeWire's echo-cancel module runs, through its C interface
// (fx/webrtc_ns.hpp says why).
//
// The suppressor works on 10 ms frames of 16 kHz audio and scales what lies
// above 8 kHz by a gain it derives from below. So each channel is split:
// the band below 8 kHz is resampled to 16 kHz (zita-resampler), denoised
// and resampled back; the rest (the input less that band's round trip,
// delayed to line up) is scaled by the suppressor's upper-band gain, and
// the two are added. With the suppressor passing everything, the sum is the
// input, delayed. The latency it reports is the 10 ms frame FIFO plus the
// round trip and the suppressor's own overlap.
//
// Its one control, "level": "low", "moderate", "high" (the default) or
// "very-high": how hard it suppresses, at the cost of more colouring.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "fx/insert_unit.hpp"

namespace sy::fx {

struct DenoiserLane;

class Denoiser final : public InsertUnit {
public:
    static std::unique_ptr<Denoiser> make(int channels, int rate, std::string& error);
    ~Denoiser() override;

    void run(const float* const* in, float* const* out, int frames) noexcept override;
    bool set_control(const std::string& symbol, const graph::ControlValue& value, std::string& why) override;
    void apply_controls(const std::map<std::string, graph::ControlValue>& controls) override;
    int latency_frames() const override { return latency_; }

    // Empty when `value` suits `symbol`, else why not.
    static std::string control_problem(const std::string& symbol, const graph::ControlValue& value);

private:
    explicit Denoiser(int rate);

    int frame_; // samples per channel in 10 ms
    int pos_ = 0;
    int latency_ = 0;
    std::vector<std::unique_ptr<DenoiserLane>> lanes_; // one per channel
    std::atomic<int> wanted_level_;
    int level_; // the audio thread's
};

} // namespace sy::fx
