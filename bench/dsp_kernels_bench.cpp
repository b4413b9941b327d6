// Mixing and gain kernels against memcpy of the same bytes, the bound: a
// kernel can at best move its samples as fast as memcpy does.
#include <benchmark/benchmark.h>

#include <cstring>
#include <vector>

#include "dsp/gain_ramp.hpp"
#include "dsp/meter.hpp"
#include "dsp/mix.hpp"

namespace {

using namespace sy::dsp;

void set_bytes(benchmark::State& state, std::size_t frames) {
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * frames * sizeof(float)));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * frames));
}

void BM_memcpy(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    std::vector<float> src(n, 0.5f), dst(n);
    for (auto _ : state) {
        std::memcpy(dst.data(), src.data(), n * sizeof(float));
        benchmark::DoNotOptimize(dst.data());
        benchmark::ClobberMemory();
    }
    set_bytes(state, n);
}

void BM_scale_copy(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    std::vector<float> src(n, 0.5f), dst(n);
    for (auto _ : state) {
        scale_copy(dst.data(), src.data(), n, 0.7f);
        benchmark::DoNotOptimize(dst.data());
        benchmark::ClobberMemory();
    }
    set_bytes(state, n);
}

void BM_mix_add(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    std::vector<float> src(n, 0.5f), dst(n);
    const GainSpan constant{0.7f, 0.0f, 0, 0.7f, false};
    for (auto _ : state) {
        mix_add(dst.data(), src.data(), n, constant, 1.0f);
        benchmark::DoNotOptimize(dst.data());
        benchmark::ClobberMemory();
    }
    set_bytes(state, n);
}

void BM_mix_add_ramping(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    std::vector<float> src(n, 0.5f), dst(n);
    const GainSpan ramp{0.0f, 1.0f / static_cast<float>(n), static_cast<int>(n), 1.0f, true};
    for (auto _ : state) {
        mix_add(dst.data(), src.data(), n, ramp, 1.0f);
        benchmark::DoNotOptimize(dst.data());
        benchmark::ClobberMemory();
    }
    set_bytes(state, n);
}

void BM_meter(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    std::vector<float> src(n, 0.5f);
    Meter m;
    for (auto _ : state) m.update(src.data(), n, 0.99f);
    set_bytes(state, n);
}

BENCHMARK(BM_memcpy)->Arg(128)->Arg(1024);
BENCHMARK(BM_scale_copy)->Arg(128)->Arg(1024);
BENCHMARK(BM_mix_add)->Arg(128)->Arg(1024);
BENCHMARK(BM_mix_add_ramping)->Arg(128)->Arg(1024);
BENCHMARK(BM_meter)->Arg(128)->Arg(1024);

} // namespace
