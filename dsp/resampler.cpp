#include "dsp/resampler.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "dsp/channels.hpp"
#include "dsp/resampler_libsamplerate.hpp"
#include "dsp/resampler_zita.hpp"

namespace sy::dsp {
namespace {

// Control thread. Where an impulse comes out, in output frames after the
// input frame that carried it, found by running one through `scratch`.
//
// Both engines are linear-phase (a symmetric kernel) and band-limited below
// the output's Nyquist frequency, so the first moment of the sampled impulse
// response, sum(m * y[m]) / sum(y[m]), is exactly the kernel's centre: unlike
// interpolating around the peak it has no bias from where the peak falls
// between two output frames. Checked once for both engines against the
// phase delay of a 200 Hz sine (agree within 1e-4 frame) and, for zita,
// against its documented delay (inpsize() / 2 input frames once primed).
double measure_delay_out_frames(Resampler& scratch) {
    const double ratio = scratch.nominal_ratio();
    // Well past the longest kernel's half-length (libsamplerate best: about
    // 140 input frames; zita: hlen <= 96), which stretches by 1 / ratio
    // when downsampling. The impulse sits `lead` frames in so none of the
    // kernel's leading half falls before the first output frame.
    const auto lead = static_cast<std::size_t>(std::ceil(1024.0 / std::min(ratio, 1.0)));
    std::vector<float> in(3 * lead, 0.0f);
    in[lead] = 1.0f;
    std::vector<float> out(static_cast<std::size_t>(std::ceil(3.0 * lead * ratio)) + 64, 0.0f);

    std::size_t read = 0;
    std::size_t written = 0;
    while (read < in.size() && written < out.size()) {
        const ResampleIo io = scratch.process(in.data() + read, in.size() - read,
                                              out.data() + written, out.size() - written);
        if (io.consumed == 0 && io.produced == 0) {
            break;
        }
        read += io.consumed;
        written += io.produced;
    }
    double area = 0.0;
    double moment = 0.0;
    for (std::size_t m = 0; m < written; ++m) {
        area += out[m];
        moment += static_cast<double>(m) * out[m];
    }
    scratch.reset();
    if (area <= 0.0) {
        return 0.0;
    }
    return moment / area - static_cast<double>(lead) * ratio;
}

std::unique_ptr<Resampler> make_engine(ResamplerLib lib, Quality quality, int channels,
                                       double out_rate, double ratio, double delay) {
    switch (lib) {
    case ResamplerLib::Libsamplerate:
        return make_libsamplerate_resampler(quality, channels, ratio, delay);
    case ResamplerLib::Zita:
        return make_zita_resampler(quality, channels, ratio, out_rate, delay);
    }
    return nullptr;
}

} // namespace

std::unique_ptr<Resampler> make_resampler(ResamplerLib lib, Quality quality, int channels,
                                          double in_rate, double out_rate) {
    if (channels < 1 || channels > kMaxChannels || !std::isfinite(in_rate) ||
        !std::isfinite(out_rate) || in_rate <= 0.0 || out_rate <= 0.0) {
        return nullptr;
    }
    const double ratio = out_rate / in_rate;
    // The delay depends on the library, quality and ratio, not on the channel
    // count, so a mono scratch instance measures it cheaply.
    auto scratch = make_engine(lib, quality, 1, out_rate, ratio, 0.0);
    if (!scratch) {
        return nullptr;
    }
    const double delay = measure_delay_out_frames(*scratch);
    return make_engine(lib, quality, channels, out_rate, ratio, delay);
}

// Chosen by bench/resampler_bench (one stereo stream, 44.1 -> 48 kHz, as a
// bridge runs it): at every quality zita is several times faster than
// libsamplerate (the figures, and the machine they came from:
// docs/measurements.md), and its quality is ample: at Medium a 1 kHz sine
// keeps an SNR of 136 dB (44.1 -> 48k) and 139 dB (48 -> 44.1k), against
// 142 and 136 dB for libsamplerate (tests/dsp/resampler_test.cpp); above
// 10 kHz zita levels off near 100 dB (92 dB at 19.5 kHz) where libsamplerate
// Medium keeps 115-125 dB, still far below anything audible. Zita's filter
// is also shorter: 34.8 output frames of delay against 51.2 at 44.1 -> 48k.
ResamplerLib default_resampler_lib() {
    return ResamplerLib::Zita;
}

} // namespace sy::dsp
