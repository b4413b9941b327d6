// Which resampling library and which filter quality: named here, in dsp/,
// because dsp knows nothing of the graph; graph/ re-exports them.
#pragma once

namespace sy::dsp {

enum class Quality { Fast, Medium, Best };
enum class ResamplerLib { Libsamplerate, Zita };

} // namespace sy::dsp
