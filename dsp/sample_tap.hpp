// A copy of a strip's sound for a meter that must not run on the audio
// thread (loudness: K-weighting and a 4x true-peak oversampler on every
// sample). The audio thread writes each cycle's channels into an SPSC ring,
// interleaved; a control thread drains it. When the reader falls behind by
// more than the ring holds, the cycle is dropped whole and counted: the
// audio thread never waits.
#pragma once

#include <atomic>
#include <cstdint>
#include <vector>

#include "dsp/interleave.hpp"
#include "dsp/spsc_ring.hpp"

namespace sy::dsp {

class SampleTap {
public:
    // Control thread (allocates): room for `seconds` of `channels` at `rate`.
    SampleTap(int channels, int rate, double seconds)
        : channels_(channels),
          rate_(rate),
          ring_(static_cast<std::size_t>(seconds * rate) * static_cast<std::size_t>(channels)),
          chunk_(static_cast<std::size_t>(kChunkFrames) * static_cast<std::size_t>(channels)) {}

    int channels() const { return channels_; }
    int rate() const { return rate_; }
    std::uint64_t dropped_frames() const { return dropped_.load(std::memory_order_relaxed); }

    // Audio thread: `channels()` buffers of `frames` samples.
    void write(const float* const* channels, int frames) noexcept {
        const auto n = static_cast<std::size_t>(frames);
        const auto ch = static_cast<std::size_t>(channels_);
        if (ring_.writable() < n * ch) {
            dropped_.fetch_add(n, std::memory_order_relaxed);
            return;
        }
        for (std::size_t at = 0; at < n; at += kChunkFrames) {
            const std::size_t m = n - at < kChunkFrames ? n - at : kChunkFrames;
            interleave(channels, chunk_.data(), channels_, m, at);
            ring_.write(chunk_.data(), m * ch);
        }
    }

    // Reader: up to `max_frames` interleaved frames into `out`; how many.
    std::size_t read(float* out, std::size_t max_frames) {
        const auto ch = static_cast<std::size_t>(channels_);
        return ring_.read(out, max_frames * ch) / ch;
    }

private:
    static constexpr std::size_t kChunkFrames = 64;
    int channels_;
    int rate_;
    SpscRing<float> ring_;
    std::vector<float> chunk_; // the audio thread's
    std::atomic<std::uint64_t> dropped_{0};
};

} // namespace sy::dsp
