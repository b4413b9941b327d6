// One interface, two engines (libsamplerate's sinc converters and
// zita-resampler's VResampler): a fixed nominal ratio set at creation, and a
// small correction factor that bridges steer while audio runs.
#pragma once

#include <cstddef>
#include <memory>

#include "dsp/resampler_kind.hpp"

namespace sy::dsp {

struct ResampleIo {
    std::size_t consumed = 0; // input frames read
    std::size_t produced = 0; // output frames written
};

class Resampler {
public:
    virtual ~Resampler() = default;

    // Audio thread. Multiplies the nominal ratio (out_rate / in_rate) by
    // `factor` (close to 1, e.g. 1 +- 0.002). The change is applied smoothly
    // by the engine, never as a step.
    virtual void set_ratio_factor(double factor) = 0;

    // Audio thread; never allocates, locks or blocks. Interleaved frames of
    // channels() samples. Reads at most in_frames and writes at most
    // out_frames; returns how many of each it did.
    virtual ResampleIo process(const float* in, std::size_t in_frames, float* out,
                               std::size_t out_frames) = 0;

    // Group delay of the filter, in output frames at the nominal ratio: an
    // impulse fed as input frame 0 peaks at about this output frame.
    virtual double delay_out_frames() const = 0;

    // Control thread. Back to the state just after creation.
    virtual void reset() = 0;

    virtual int channels() const = 0;
    virtual double nominal_ratio() const = 0;
};

// Control thread (allocates). Returns nullptr only if the library refuses the
// parameters (e.g. a ratio out of its range); channels is 1..64.
std::unique_ptr<Resampler> make_resampler(ResamplerLib lib, Quality quality, int channels,
                                          double in_rate, double out_rate);

// What `engine.resampler` means when a preset does not say.
ResamplerLib default_resampler_lib();

} // namespace sy::dsp
