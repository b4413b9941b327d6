// Whole-buffer resampling for the offline renderer: an exact output length,
// with the filter's delay taken out so outputs line up with inputs in time.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "dsp/resampler.hpp"

namespace sy::dsp {

// Control thread (allocates). Resets `resampler`, runs the interleaved `in`
// (whole frames of resampler.channels() samples; a trailing partial frame is
// ignored) through it, and returns exactly `out_frames` interleaved frames:
// the first round(delay_out_frames()) output frames are dropped so that output
// frame k sits at input time k / ratio, and zeros are fed after the input to
// flush the filter. Callers pass out_frames = round(N * out_rate / in_rate).
// The same input gives the same bytes.
std::vector<float> offline_resample(Resampler& resampler, std::span<const float> in,
                                    std::size_t out_frames);

} // namespace sy::dsp
