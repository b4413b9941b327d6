#include "fx/insert_slot.hpp"

#include <cstring>

namespace sy::fx {

InsertSlot::InsertSlot(std::unique_ptr<InsertUnit> unit, int channels, int max_frames, int ramp_frames, bool bypass,
                       bool fade_in)
    : unit_(std::move(unit)),
      channels_(channels),
      ramp_frames_(ramp_frames),
      wet_(static_cast<std::size_t>(channels) * static_cast<std::size_t>(max_frames), 0.0f) {
    for (int c = 0; c < channels; ++c) wet_channels_.push_back(wet_.data() + static_cast<std::ptrdiff_t>(c) * max_frames);
    mix_.jump_to(bypass || fade_in ? 0.0f : 1.0f);
    set_bypass(bypass);
}

void InsertSlot::process(float* const* strip, int frames) noexcept {
    // audio thread
    unit_->run(strip, wet_channels_.data(), frames);
    const float target = target_.load(std::memory_order_relaxed);
    mix_.set_target(target, ramp_frames_);
    const dsp::GainSpan span = mix_.span(frames);
    const std::size_t n = static_cast<std::size_t>(frames);
    for (int c = 0; c < channels_; ++c) {
        float* d = strip[c];
        const float* w = wet_channels_[static_cast<std::size_t>(c)];
        if (span.constant()) {
            if (span.end == 1.0f) {
                std::memcpy(d, w, n * sizeof(float));
            } else if (span.end != 0.0f) {
                for (std::size_t i = 0; i < n; ++i) d[i] += (w[i] - d[i]) * span.end;
            }
            continue;
        }
        const std::size_t ramp = static_cast<std::size_t>(span.ramp_frames);
        for (std::size_t i = 0; i < ramp; ++i) {
            const float g = (span.finishes && i + 1 == ramp) ? span.end : span.start + span.step * static_cast<float>(i + 1);
            d[i] += (w[i] - d[i]) * g;
        }
        for (std::size_t i = ramp; i < n; ++i) d[i] += (w[i] - d[i]) * span.end;
    }
    mix_.advance(frames);
    settled_.store(!mix_.ramping() && mix_.current() == target, std::memory_order_relaxed);
}

} // namespace sy::fx
