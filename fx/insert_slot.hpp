// An insert as the strip runs it: the unit, its own output buffers, and the
// crossfade between what reaches it (dry) and what it makes (wet). Bypass,
// adding and removing all move that crossfade, over the engine's ramp, so
// none is heard as a click. A bypassed unit keeps running: its state stays
// warm, so bringing it back is seamless, and the cost a strip shows does not
// jump when it is.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "dsp/gain_ramp.hpp"
#include "fx/insert_unit.hpp"

namespace sy::fx {

class InsertSlot {
public:
    // A bypassed slot starts dry; one that is not starts wet, or dry and
    // heading for wet when `fade_in` (added while audio runs).
    InsertSlot(std::unique_ptr<InsertUnit> unit, int channels, int max_frames, int ramp_frames, bool bypass,
               bool fade_in);

    // Control thread.
    void set_bypass(bool bypass) { target_.store(bypass ? 0.0f : 1.0f, std::memory_order_relaxed); }
    bool bypassed() const { return target_.load(std::memory_order_relaxed) == 0.0f; }
    // True once the audio thread has brought the mix to its target.
    bool settled() const { return settled_.load(std::memory_order_relaxed); }
    InsertUnit& unit() { return *unit_; }
    const InsertUnit& unit() const { return *unit_; }
    int channels() const { return channels_; }

    // Audio thread.
    void process(float* const* strip, int frames) noexcept;

private:
    std::unique_ptr<InsertUnit> unit_;
    int channels_;
    int ramp_frames_;
    std::vector<float> wet_;
    std::vector<float*> wet_channels_;
    dsp::GainRamp mix_; // audio thread's
    std::atomic<float> target_{1.0f};
    std::atomic<bool> settled_{false};
};

} // namespace sy::fx
