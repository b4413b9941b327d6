// Mixing kernels: one source channel into one destination channel under a
// gain trajectory. Assign writes (the first source of a channel), add sums.
#pragma once

#include <cstddef>

#include "dsp/gain_ramp.hpp"

namespace sy::dsp {

// dst[i] = src[i] * gain(i) * weight. With a constant gain of exactly 1 and
// weight 1 the samples are copied unchanged, bit for bit.
void mix_assign(float* dst, const float* src, std::size_t frames, const GainSpan& gain, float weight);

// dst[i] += src[i] * gain(i) * weight.
void mix_add(float* dst, const float* src, std::size_t frames, const GainSpan& gain, float weight);

// Constant-gain kernels, the common case; exposed for the benchmarks.
void scale_copy(float* dst, const float* src, std::size_t frames, float gain);
void scale_add(float* dst, const float* src, std::size_t frames, float gain);

} // namespace sy::dsp
