#include "dsp/offline_resample.hpp"

#include <algorithm>
#include <cmath>

namespace sy::dsp {
namespace {

// Frames per process() call: large enough to amortise the call, small enough
// that the scratch buffers stay in cache.
constexpr std::size_t kChunkFrames = 4096;

} // namespace

std::vector<float> offline_resample(Resampler& resampler, std::span<const float> in,
                                    std::size_t out_frames) {
    const auto channels = static_cast<std::size_t>(resampler.channels());
    const std::size_t in_frames = in.size() / channels;
    // A reset makes the result independent of anything run through this
    // resampler before, and of any ratio factor set on it.
    resampler.reset();
    std::vector<float> out(out_frames * channels, 0.0f);
    if (out_frames == 0) {
        return out;
    }
    std::size_t to_drop =
        static_cast<std::size_t>(std::lround(std::max(0.0, resampler.delay_out_frames())));

    const std::vector<float> zeros(kChunkFrames * channels, 0.0f);
    std::vector<float> chunk(kChunkFrames * channels);
    std::size_t read = 0;
    std::size_t written = 0;
    while (written < out_frames) {
        const bool flushing = read >= in_frames;
        const float* src = flushing ? zeros.data() : in.data() + read * channels;
        const std::size_t available =
            flushing ? kChunkFrames : std::min(kChunkFrames, in_frames - read);
        const ResampleIo io = resampler.process(src, available, chunk.data(), kChunkFrames);
        if (io.consumed == 0 && io.produced == 0) {
            // Neither engine stalls with input and room on offer; should one
            // ever, the rest stays silent rather than looping for ever.
            break;
        }
        if (!flushing) {
            read += io.consumed;
        }
        const std::size_t dropped = std::min(to_drop, io.produced);
        to_drop -= dropped;
        const std::size_t kept = std::min(io.produced - dropped, out_frames - written);
        std::copy_n(chunk.data() + dropped * channels, kept * channels,
                    out.data() + written * channels);
        written += kept;
    }
    return out;
}

} // namespace sy::dsp
