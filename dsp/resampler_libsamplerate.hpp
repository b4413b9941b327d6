// The libsamplerate engine: its sinc converters behind the Resampler interface.
#pragma once

#include <memory>

#include "dsp/resampler.hpp"

namespace sy::dsp {

// Control thread (allocates). `ratio` is out_rate / in_rate; `delay_out_frames`
// is what delay_out_frames() reports (make_resampler measures it). nullptr if
// libsamplerate refuses the ratio or the channel count.
std::unique_ptr<Resampler> make_libsamplerate_resampler(Quality quality, int channels, double ratio,
                                                        double delay_out_frames);

} // namespace sy::dsp
