// The zita-resampler engine: VResampler behind the Resampler interface.
#pragma once

#include <memory>

#include "dsp/resampler.hpp"

namespace sy::dsp {

// Control thread (allocates). `ratio` is out_rate / in_rate; `delay_out_frames`
// is what delay_out_frames() reports (make_resampler measures it); `out_rate`
// sets how fast a ratio factor change glides in. nullptr if VResampler refuses
// the ratio or the channel count.
std::unique_ptr<Resampler> make_zita_resampler(Quality quality, int channels, double ratio,
                                               double out_rate, double delay_out_frames);

} // namespace sy::dsp
