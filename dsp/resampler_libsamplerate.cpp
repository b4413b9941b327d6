#include "dsp/resampler_libsamplerate.hpp"

#include <samplerate.h>

#include <algorithm>
#include <climits>
#include <vector>

namespace sy::dsp {
namespace {

// VResampler will not go below 0.95 (set_rratio clamps there); both engines
// keep to the same window so a bridge steering either sees the same limits.
// Clock drift needs well under 1 %.
constexpr double kMinFactor = 0.95;
constexpr double kMaxFactor = 1.05;

int converter_for(Quality quality) {
    switch (quality) {
    case Quality::Fast:
        return SRC_SINC_FASTEST;
    case Quality::Medium:
        return SRC_SINC_MEDIUM_QUALITY;
    case Quality::Best:
        return SRC_SINC_BEST_QUALITY;
    }
    return SRC_SINC_MEDIUM_QUALITY;
}

class LibsamplerateResampler final : public Resampler {
public:
    LibsamplerateResampler(SRC_STATE* state, int channels, double ratio, double delay_out_frames)
        : state_(state), channels_(channels), ratio_(ratio), delay_(delay_out_frames),
          // prepare_data() in libsamplerate narrows its sample counts to int.
          max_frames_(static_cast<std::size_t>(INT_MAX / channels)),
          silence_(static_cast<std::size_t>(channels), 0.0f),
          sink_(static_cast<std::size_t>(channels), 0.0f) {
        prime();
    }

    ~LibsamplerateResampler() override { src_delete(state_); }

    LibsamplerateResampler(const LibsamplerateResampler&) = delete;
    LibsamplerateResampler& operator=(const LibsamplerateResampler&) = delete;

    void set_ratio_factor(double factor) override {
        // Audio thread. Only the target changes here: when src_process sees a
        // src_ratio different from the one it ended the last call on, it ramps
        // linearly from that one to the new one across the call's output
        // frames (documented under src_set_ratio, which we must therefore
        // never call), so a new factor glides in over one block.
        factor_ = std::clamp(factor, kMinFactor, kMaxFactor);
    }

    ResampleIo process(const float* in, std::size_t in_frames, float* out,
                       std::size_t out_frames) override {
        // Audio thread. src_process allocates nothing: its buffer is sized by
        // src_new for the largest ratio it accepts.
        //
        // src_process copies all the input it is offered into its own buffer
        // (thousands of frames), whatever output it makes. Input hidden there
        // is latency no one accounts for and fill a bridge's ring no longer
        // shows, so offer only about what the wanted output needs, rounded
        // down, then top up a frame at a time. After prime() the engine needs
        // no look-ahead, so that is one call plus at most a few small ones.
        const double ratio = ratio_ * factor_;
        const auto channels = static_cast<std::size_t>(channels_);
        ResampleIo io;
        while (io.produced < out_frames) {
            const std::size_t wanted = std::min(out_frames - io.produced, max_frames_);
            const auto enough = static_cast<std::size_t>(static_cast<double>(wanted) / ratio);
            const std::size_t offer =
                std::min({in_frames - io.consumed, std::max<std::size_t>(enough, 1), max_frames_});
            SRC_DATA data{};
            data.data_in = in == nullptr ? nullptr : in + io.consumed * channels;
            data.data_out = out + io.produced * channels;
            data.input_frames = static_cast<long>(offer);
            data.output_frames = static_cast<long>(wanted);
            data.end_of_input = 0; // a stream never ends; offline callers flush with zeros
            data.src_ratio = ratio;
            if (src_process(state_, &data) != 0) {
                // Only bad pointers or a broken state get here; what was done
                // so far stands, and a stalled engine shows as no progress.
                break;
            }
            io.consumed += static_cast<std::size_t>(data.input_frames_used);
            io.produced += static_cast<std::size_t>(data.output_frames_gen);
            if (data.input_frames_used == 0) {
                break; // out of input: it has made all it can from what it holds
            }
        }
        return io;
    }

    double delay_out_frames() const override { return delay_; }

    void reset() override {
        // Control thread. src_reset also forgets the last ratio, so the first
        // call after it starts at the nominal ratio instead of ramping.
        src_reset(state_);
        factor_ = 1.0;
        prime();
    }

    int channels() const override { return channels_; }
    double nominal_ratio() const override { return ratio_; }

private:
    // Control thread. A fresh converter puts its first output at input frame
    // 0 and waits for half a filter of input beyond it: latency that hides as
    // held input rather than showing as delay. Feeding silence a frame at a
    // time until the first (silent) output frame appears uses that wait up;
    // from then on each output frame needs no input later than its own time,
    // and the whole filter shows in delay_out_frames(), which make_resampler
    // measures on an instance primed the same way.
    void prime() {
        // The bound only guards against a broken library: the longest filter
        // (best, at the lowest ratio accepted) needs under 2^16 frames.
        for (int frame = 0; frame < (1 << 20); ++frame) {
            SRC_DATA data{};
            data.data_in = silence_.data();
            data.data_out = sink_.data();
            data.input_frames = 1;
            data.output_frames = 1;
            data.src_ratio = ratio_;
            if (src_process(state_, &data) != 0 || data.output_frames_gen > 0 ||
                data.input_frames_used == 0) {
                return;
            }
        }
    }

    SRC_STATE* state_;
    int channels_;
    double ratio_;
    double delay_;
    std::size_t max_frames_;
    std::vector<float> silence_; // one frame, for prime()
    std::vector<float> sink_;    // one frame, for prime()
    double factor_ = 1.0;
};

} // namespace

std::unique_ptr<Resampler> make_libsamplerate_resampler(Quality quality, int channels, double ratio,
                                                        double delay_out_frames) {
    if (channels < 1 || src_is_valid_ratio(ratio * kMinFactor) == 0 ||
        src_is_valid_ratio(ratio * kMaxFactor) == 0) {
        return nullptr;
    }
    int error = 0;
    SRC_STATE* state = src_new(converter_for(quality), channels, &error);
    if (state == nullptr) {
        return nullptr;
    }
    return std::make_unique<LibsamplerateResampler>(state, channels, ratio, delay_out_frames);
}

} // namespace sy::dsp
