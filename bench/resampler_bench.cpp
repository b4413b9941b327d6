// What one stereo stream costs through each resampling engine and quality,
// 44.1 -> 48 kHz in blocks of 256 input frames, as a bridge runs it.
// items_per_second counts input frames; realtime_x is how many times faster
// than real time one stream runs (input seconds per second of CPU), i.e. how
// many such streams one core could carry. Google Benchmark prints it with a
// "/s" suffix because it is a rate counter; the number is the factor.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

#include "dsp/resampler.hpp"

namespace {

using sy::dsp::Quality;
using sy::dsp::ResamplerLib;

constexpr double kInRate = 44100.0;
constexpr double kOutRate = 48000.0;
constexpr std::size_t kBlock = 256;
constexpr std::size_t kChannels = 2;

void StereoStream44k1To48k(benchmark::State& state, ResamplerLib lib, Quality quality) {
    auto resampler = sy::dsp::make_resampler(lib, quality, kChannels, kInRate, kOutRate);
    if (!resampler) {
        state.SkipWithError("make_resampler refused 44.1 -> 48 kHz stereo");
        return;
    }
    // A second of two sines, played in a loop. The values do not change the
    // cost (no denormals), only keep the work honest.
    const auto frames = static_cast<std::size_t>(kInRate);
    std::vector<float> in(frames * kChannels);
    for (std::size_t n = 0; n < frames; ++n) {
        const double t = static_cast<double>(n) / kInRate;
        in[n * kChannels] = static_cast<float>(0.5 * std::sin(2.0 * std::numbers::pi * 440.0 * t));
        in[n * kChannels + 1] =
            static_cast<float>(0.5 * std::sin(2.0 * std::numbers::pi * 1000.0 * t));
    }
    // Room for more than one block's output, so each block is one call.
    std::vector<float> out(2 * kBlock * kChannels);
    const std::size_t out_room = out.size() / kChannels;

    std::size_t position = 0;
    for (auto _ : state) {
        const float* block = in.data() + position * kChannels;
        std::size_t done = 0;
        while (done < kBlock) {
            const auto io =
                resampler->process(block + done * kChannels, kBlock - done, out.data(), out_room);
            if (io.consumed == 0) {
                state.SkipWithError("resampler stalled");
                return;
            }
            done += io.consumed;
            benchmark::DoNotOptimize(out.data());
            benchmark::ClobberMemory();
        }
        position += kBlock;
        if (position + kBlock > frames) {
            position = 0;
        }
    }
    const auto input_frames = static_cast<double>(state.iterations()) * kBlock;
    state.SetItemsProcessed(static_cast<std::int64_t>(input_frames));
    state.counters["realtime_x"] =
        benchmark::Counter(input_frames / kInRate, benchmark::Counter::kIsRate);
}

BENCHMARK_CAPTURE(StereoStream44k1To48k, libsamplerate_fast, ResamplerLib::Libsamplerate,
                  Quality::Fast);
BENCHMARK_CAPTURE(StereoStream44k1To48k, libsamplerate_medium, ResamplerLib::Libsamplerate,
                  Quality::Medium);
BENCHMARK_CAPTURE(StereoStream44k1To48k, libsamplerate_best, ResamplerLib::Libsamplerate,
                  Quality::Best);
BENCHMARK_CAPTURE(StereoStream44k1To48k, zita_fast, ResamplerLib::Zita, Quality::Fast);
BENCHMARK_CAPTURE(StereoStream44k1To48k, zita_medium, ResamplerLib::Zita, Quality::Medium);
BENCHMARK_CAPTURE(StereoStream44k1To48k, zita_best, ResamplerLib::Zita, Quality::Best);

} // namespace
