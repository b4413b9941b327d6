// The most channels anything carries: an endpoint of the model, a bridge, a
// resampler. One figure, so that what the model accepts every part can take.
#pragma once

namespace sy::dsp {

inline constexpr int kMaxChannels = 64;

} // namespace sy::dsp
