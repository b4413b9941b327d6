// What a "voice chain" costs the audio thread on one mono strip at 48 kHz:
// LSP gate, compressor, 16-band EQ (four bands on) and limiter, then the
// built-in denoiser, each in an fx::InsertSlot as the engine runs them. The
// whole chain and each unit alone, at periods of 64 and 256 frames.
//
// The time column is CPU time per period for one strip. The counters turn it
// into the figure the project budgets against: eight such strips as a share
// of one core (target: under 25% at period 64).
//   core_pct_8strips  mean CPU time per period * 8 / period duration, in %
//   p99_us            99th percentile of one period's wall-clock time
//                     (wall clock, so a busy machine shows in it)
//   peak_pct_8strips  p99_us * 8 / period duration, in %. The denoiser
//                     works in 10 ms frames, so its cost comes in lumps:
//                     this is the bound if all eight ran a frame in the
//                     same cycle. They do not: each denoiser starts at its
//                     own place in the frame (fx/denoiser.cpp), so eight
//                     strips' lumps fall in different cycles
// Run: build/bench/voice_chain_bench [--benchmark_repetitions=3]
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <ctime>
#include <map>
#include <memory>
#include <numbers>
#include <span>
#include <string>
#include <vector>

#include "dsp/denormals.hpp"
#include "fx/insert_chain.hpp"
#include "fx/insert_factory.hpp"
#include "fx/insert_slot.hpp"
#include "graph/insert.hpp"

namespace {

using namespace sy;

constexpr int kRate = 48000;
constexpr int kMaxFrames = 256;                        // the largest period measured
constexpr int kRampFrames = kRate * 5 / 1000;          // the engine's default 5 ms crossfade
constexpr int kStrips = 8;                             // the budget's strip count
constexpr std::size_t kSignalFrames = 2 * kRate;       // a multiple of 64 and 256: periods tile it
constexpr const char* kLsp = "http://lsp-plug.in/plugins/lv2/";

enum class Stage { Gate, Compressor, Eq, Limiter, Denoise };

graph::Insert lv2_insert(const std::string& id, const std::string& plugin,
                         std::map<std::string, graph::ControlValue> controls) {
    graph::Insert i;
    i.id = id;
    i.lv2 = std::string(kLsp) + plugin;
    i.controls = std::move(controls);
    return i;
}

// Settings a voice strip would plausibly carry. Linear gains (LSP's "G"
// unit): the gate's threshold sits between the noise floor and the voice so
// it opens and closes; the limiter's is low enough that it works.
graph::Insert stage_insert(Stage stage) {
    switch (stage) {
    case Stage::Gate:
        return lv2_insert("gate", "gate_mono", {{"gt", 0.0316}, {"at", 5.0}, {"rt", 150.0}});
    case Stage::Compressor:
        return lv2_insert("comp", "compressor_mono", {{"al", 0.125}, {"cr", 3.0}, {"at", 10.0}, {"rt", 120.0}});
    case Stage::Eq:
        // ft = 1 is Bell. A low cut-ish dip, presence and air lifts, a de-ess dip.
        return lv2_insert("eq", "para_equalizer_x16_mono",
                          {{"ft_0", 1.0}, {"f_0", 120.0}, {"g_0", 0.708}, {"q_0", 0.7},
                           {"ft_1", 1.0}, {"f_1", 400.0}, {"g_1", 0.841}, {"q_1", 1.5},
                           {"ft_2", 1.0}, {"f_2", 3000.0}, {"g_2", 1.413}, {"q_2", 1.0},
                           {"ft_3", 1.0}, {"f_3", 7000.0}, {"g_3", 0.708}, {"q_3", 2.0}});
    case Stage::Limiter:
        return lv2_insert("limit", "limiter_mono", {{"th", 0.5}});
    case Stage::Denoise: {
        graph::Insert i;
        i.id = "denoise";
        i.builtin = "denoise";
        return i;
    }
    }
    return {};
}

std::vector<graph::Insert> voice_chain() {
    return {stage_insert(Stage::Gate), stage_insert(Stage::Compressor), stage_insert(Stage::Eq),
            stage_insert(Stage::Limiter), stage_insert(Stage::Denoise)};
}

// Not silence: silence and denormal tails take shortcuts (or slow paths)
// that real input never does. A noise floor near -46 dBFS under "speech":
// a harmonic tone around -12 dBFS, on for 400 ms and off for 200 ms, with
// a slow pitch wobble, so the gate opens and shuts, the compressor and
// limiter act, and the denoiser sees both voice and pauses.
std::vector<float> voice_signal() {
    std::vector<float> x(kSignalFrames);
    std::uint32_t seed = 0x9e3779b9u;
    double phase = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        const double noise = (static_cast<double>(seed) / 4294967296.0 * 2.0 - 1.0) * 0.009;
        const double t = static_cast<double>(i) / kRate;
        const double in_burst = std::fmod(t, 0.6);
        const double envelope = std::clamp(std::min(in_burst, 0.4 - in_burst) / 0.01, 0.0, 1.0);
        const double hz = 180.0 + 25.0 * std::sin(2.0 * std::numbers::pi * 3.0 * t);
        phase += 2.0 * std::numbers::pi * hz / kRate;
        const double voice = 0.18 * std::sin(phase) + 0.07 * std::sin(2.0 * phase) + 0.035 * std::sin(3.0 * phase);
        x[i] = static_cast<float>(noise + envelope * voice);
    }
    return x;
}

// Per-period wall-clock times in 100 ns bins, up to 2 ms (the last bin holds
// the rest): a percentile with no allocation or sort inside the timed loop.
class PeriodHistogram {
public:
    void record(std::chrono::nanoseconds elapsed) {
        const auto bin = static_cast<std::size_t>(std::max<std::int64_t>(0, elapsed.count() / kBinNs));
        ++bins_[std::min(bin, bins_.size() - 1)];
        ++count_;
    }
    // Upper edge of the bin holding the q-quantile, in microseconds.
    double quantile_us(double q) const {
        const auto wanted = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_)));
        std::uint64_t seen = 0;
        for (std::size_t b = 0; b < bins_.size(); ++b) {
            seen += bins_[b];
            if (seen >= wanted && seen > 0) return static_cast<double>((b + 1) * kBinNs) * 1e-3;
        }
        return 0.0;
    }

private:
    static constexpr std::int64_t kBinNs = 100;
    std::vector<std::uint64_t> bins_ = std::vector<std::uint64_t>(20000, 0);
    std::uint64_t count_ = 0;
};

double thread_cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Each insert made and wrapped as InsertRack::prepare() does, not fading in.
std::unique_ptr<fx::InsertChain> make_chain(const std::vector<graph::Insert>& inserts, std::string& error) {
    std::vector<std::shared_ptr<fx::InsertSlot>> slots;
    for (const auto& insert : inserts) {
        auto unit = fx::make_unit(insert, 1, kRate, kMaxFrames, error);
        if (!unit) {
            error = insert.id + ": " + error;
            return nullptr;
        }
        auto slot = std::make_shared<fx::InsertSlot>(std::move(unit), 1, kMaxFrames, kRampFrames, false, false);
        slot->set_bypass(insert.bypass);
        slots.push_back(std::move(slot));
    }
    return std::make_unique<fx::InsertChain>(std::move(slots));
}

// One engine cycle's share for this strip: flush-to-zero as the audio thread
// sets it each cycle (dsp/denormals.hpp), the next period of input into the
// strip's buffer, the chain run in place on it.
struct StripRun {
    fx::InsertChain& chain;
    const std::vector<float>& signal;
    std::vector<float> strip = std::vector<float>(kMaxFrames);
    std::size_t pos = 0;

    void period(int frames) {
        dsp::denormals_off();
        std::copy_n(signal.data() + pos, frames, strip.data());
        float* channels[] = {strip.data()};
        chain.process(channels, frames);
        pos = (pos + static_cast<std::size_t>(frames)) % signal.size();
    }
};

// The counters. CPU time per period is read from the same thread CPU clock
// as the CPU column: a counter cannot see that column, and an inverted rate
// counter would print with a misleading "s" unit.
void report(benchmark::State& state, int frames, double cpu_s, const PeriodHistogram& periods) {
    const double period_s = static_cast<double>(frames) / kRate;
    const auto iterations = std::max<benchmark::IterationCount>(1, state.iterations());
    const double cpu_per_period_s = cpu_s / static_cast<double>(iterations);
    state.counters["core_pct_8strips"] = cpu_per_period_s * kStrips / period_s * 100.0;
    const double p99_us = periods.quantile_us(0.99);
    state.counters["p99_us"] = p99_us;
    state.counters["peak_pct_8strips"] = p99_us * 1e-6 * kStrips / period_s * 100.0;
}

void run_chain(benchmark::State& state, const std::vector<graph::Insert>& inserts) {
    const int frames = static_cast<int>(state.range(0));
    std::string error;
    const auto chain = make_chain(inserts, error);
    if (!chain) {
        state.SkipWithError(error.c_str());
        return;
    }
    static const std::vector<float> signal = voice_signal();
    StripRun run{*chain, signal};
    // One second untimed first: envelopes, the limiter's lookahead and the
    // denoiser's FIFO and noise estimate settle, as on a strip that has run.
    // Its output must carry the voice, or the figures are of a chain that
    // does nothing (a unit muting, or running into NaNs).
    const int warm_periods = kRate / frames;
    double energy = 0.0;
    for (int i = 0; i < warm_periods; ++i) {
        run.period(frames);
        for (const float v : std::span(run.strip).first(static_cast<std::size_t>(frames))) energy += double{v} * v;
    }
    const double rms_db = 10.0 * std::log10(energy / (warm_periods * frames) + 1e-30);
    if (!std::isfinite(energy) || rms_db < -40.0) {
        state.SkipWithError("the chain's output is silent or not finite");
        return;
    }

    PeriodHistogram periods;
    const double cpu_start = thread_cpu_seconds();
    for (auto _ : state) {
        // Two clock reads a period (tens of ns against microseconds) buy the
        // tail figure; they are inside the CPU time too, a fraction of 1%.
        const auto t0 = std::chrono::steady_clock::now();
        run.period(frames);
        periods.record(std::chrono::steady_clock::now() - t0);
        benchmark::DoNotOptimize(run.strip.data());
        benchmark::ClobberMemory();
    }

    report(state, frames, thread_cpu_seconds() - cpu_start, periods);
}

void BM_voice_strip(benchmark::State& state) { run_chain(state, voice_chain()); }

void BM_voice_unit(benchmark::State& state, Stage stage) { run_chain(state, {stage_insert(stage)}); }

BENCHMARK(BM_voice_strip)->Arg(64)->Arg(256)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_voice_unit, gate, Stage::Gate)->Arg(64)->Arg(256)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_voice_unit, compressor, Stage::Compressor)->Arg(64)->Arg(256)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_voice_unit, eq16, Stage::Eq)->Arg(64)->Arg(256)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_voice_unit, limiter, Stage::Limiter)->Arg(64)->Arg(256)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_voice_unit, denoise, Stage::Denoise)->Arg(64)->Arg(256)->Unit(benchmark::kMicrosecond);

} // namespace
