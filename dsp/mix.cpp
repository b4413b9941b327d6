#include "dsp/mix.hpp"

#include <cstring>

namespace sy::dsp {

// Plain loops over restrict pointers: GCC vectorises them at -O2 with
// -ftree-vectorize (RelWithDebInfo -O2 in GCC 12 does so for this shape).
void scale_copy(float* __restrict dst, const float* __restrict src, std::size_t frames, float gain) {
    if (gain == 1.0f) {
        std::memcpy(dst, src, frames * sizeof(float));
        return;
    }
    for (std::size_t i = 0; i < frames; ++i) dst[i] = src[i] * gain;
}

void scale_add(float* __restrict dst, const float* __restrict src, std::size_t frames, float gain) {
    for (std::size_t i = 0; i < frames; ++i) dst[i] += src[i] * gain;
}

namespace {

template <bool Add>
void ramp_part(float* __restrict dst, const float* __restrict src, const GainSpan& gain, float weight) {
    // The last frame of a finishing ramp is set apart so the loop stays
    // branch-free and vectorises.
    const int formula = gain.finishes ? gain.ramp_frames - 1 : gain.ramp_frames;
    for (int i = 0; i < formula; ++i) {
        const float g = (gain.start + gain.step * static_cast<float>(i + 1)) * weight;
        if constexpr (Add) {
            dst[i] += src[i] * g;
        } else {
            dst[i] = src[i] * g;
        }
    }
    if (formula < gain.ramp_frames) {
        if constexpr (Add) {
            dst[formula] += src[formula] * (gain.end * weight);
        } else {
            dst[formula] = src[formula] * (gain.end * weight);
        }
    }
}

} // namespace

void mix_assign(float* dst, const float* src, std::size_t frames, const GainSpan& gain, float weight) {
    ramp_part<false>(dst, src, gain, weight);
    const std::size_t done = static_cast<std::size_t>(gain.ramp_frames);
    scale_copy(dst + done, src + done, frames - done, gain.end * weight);
}

void mix_add(float* dst, const float* src, std::size_t frames, const GainSpan& gain, float weight) {
    ramp_part<true>(dst, src, gain, weight);
    const std::size_t done = static_cast<std::size_t>(gain.ramp_frames);
    scale_add(dst + done, src + done, frames - done, gain.end * weight);
}

} // namespace sy::dsp
