// Between interleaved frames (files, resamplers) and one buffer per channel
// (the Plan, JACK ports).
#pragma once

#include <cstddef>

namespace sy::dsp {

// dst[c][offset + i] = src[i * channels + c]
inline void deinterleave(const float* src, float* const* dst, int channels, std::size_t frames,
                         std::size_t offset = 0) {
    for (int c = 0; c < channels; ++c) {
        float* d = dst[c] + offset;
        for (std::size_t i = 0; i < frames; ++i) d[i] = src[i * static_cast<std::size_t>(channels) + static_cast<std::size_t>(c)];
    }
}

// dst[i * channels + c] = src[c][offset + i]
inline void interleave(const float* const* src, float* dst, int channels, std::size_t frames,
                       std::size_t offset = 0) {
    for (int c = 0; c < channels; ++c) {
        const float* s = src[c] + offset;
        for (std::size_t i = 0; i < frames; ++i) dst[i * static_cast<std::size_t>(channels) + static_cast<std::size_t>(c)] = s[i];
    }
}

} // namespace sy::dsp
