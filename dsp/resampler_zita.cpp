#include "dsp/resampler_zita.hpp"

#include <zita-resampler/vresampler.h>

#include <algorithm>
#include <climits>

namespace sy::dsp {
namespace {

// set_rratio clamps below 0.95 itself; the upper bound matches the
// libsamplerate engine so both behave alike. Clock drift needs well under 1 %.
constexpr double kMinFactor = 0.95;
constexpr double kMaxFactor = 1.05;

// A factor change glides in with this time constant (VResampler's one-pole
// filter on the phase step). libsamplerate ramps over one block; 2 ms
// settles within a typical block too and is far faster than any bridge's
// delay-locked loop, so it adds nothing to that loop's dynamics.
constexpr double kGlideSeconds = 0.002;

// hlen is the filter's half-length in samples at the lower of the two rates
// (valid 16..96; cost grows linearly with it). Zita's documentation: 32 gives
// "very high quality" when the lower rate is 48 kHz or more, 48 is
// "sufficient" at 44.1 kHz, and listeners could not tell 32 from 96 even
// there. With setup()'s default cutoff frel = 1 - 2.6 / hlen the passband
// reaches 84 %, 92 % and 95 % of the lower rate's Nyquist frequency for 16, 32
// and 48, beside libsamplerate's fastest, medium and best (80 %, 90 %, 96 %):
// at 44.1 kHz, 18.5, 20.3 and 20.9 kHz. So the tiers match in bandwidth.
unsigned hlen_for(Quality quality) {
    switch (quality) {
    case Quality::Fast:
        return 16;
    case Quality::Medium:
        return 32;
    case Quality::Best:
        return 48;
    }
    return 32;
}

class ZitaResampler final : public Resampler {
public:
    ZitaResampler(unsigned hlen, int channels, double ratio, double glide_frames,
                  double delay_out_frames)
        : hlen_(hlen), channels_(channels), ratio_(ratio), glide_frames_(glide_frames),
          delay_(delay_out_frames) {}

    ZitaResampler(const ZitaResampler&) = delete;
    ZitaResampler& operator=(const ZitaResampler&) = delete;

    // Control thread (allocates: filter table and delay line).
    bool setup() {
        if (engine_.setup(ratio_, static_cast<unsigned>(channels_), hlen_) != 0) {
            return false;
        }
        engine_.set_rrfilt(glide_frames_);
        // Left alone, VResampler waits for inpsize() input frames before its
        // first output, which then stands for input frame inpsize() / 2 - 1:
        // the start of a stream would be lost and the "delay" negative. Its
        // documentation's remedy is inpsize() - 1 frames of silence first (a
        // null inp_data reads as zeros). From then on each input frame
        // completes the next output frame, no input waits inside, and the
        // whole filter shows as a delay of inpsize() / 2 input frames.
        engine_.inp_data = nullptr;
        engine_.inp_count = static_cast<unsigned>(engine_.inpsize() - 1);
        engine_.out_data = nullptr;
        engine_.out_count = 1; // process() reads input only while output is wanted
        engine_.process();
        return engine_.inp_count == 0 && engine_.out_count == 1;
    }

    void set_ratio_factor(double factor) override {
        // Audio thread. The new step is reached through set_rrfilt's filter.
        engine_.set_rratio(std::clamp(factor, kMinFactor, kMaxFactor));
    }

    ResampleIo process(const float* in, std::size_t in_frames, float* out,
                       std::size_t out_frames) override {
        // Audio thread. VResampler::process only reads the input (its field
        // is not const) and allocates nothing.
        engine_.inp_data = const_cast<float*>(in);
        engine_.inp_count = static_cast<unsigned>(std::min<std::size_t>(in_frames, UINT_MAX));
        engine_.out_data = out;
        engine_.out_count = static_cast<unsigned>(std::min<std::size_t>(out_frames, UINT_MAX));
        const std::size_t in_given = engine_.inp_count;
        const std::size_t out_given = engine_.out_count;
        engine_.process();
        return {in_given - engine_.inp_count, out_given - engine_.out_count};
    }

    double delay_out_frames() const override { return delay_; }

    void reset() override {
        // Control thread. VResampler::reset keeps the current phase step and
        // the step it glides to, so a ratio factor would survive it; setting
        // up again is the only way back to the state just after creation.
        setup();
    }

    int channels() const override { return channels_; }
    double nominal_ratio() const override { return ratio_; }

private:
    VResampler engine_;
    unsigned hlen_;
    int channels_;
    double ratio_;
    double glide_frames_;
    double delay_;
};

} // namespace

std::unique_ptr<Resampler> make_zita_resampler(Quality quality, int channels, double ratio,
                                               double out_rate, double delay_out_frames) {
    if (channels < 1) {
        return nullptr;
    }
    auto engine = std::make_unique<ZitaResampler>(hlen_for(quality), channels, ratio,
                                                  kGlideSeconds * out_rate, delay_out_frames);
    if (!engine->setup()) {
        return nullptr;
    }
    return engine;
}

} // namespace sy::dsp
