// `switchyard render` speed for the shipped streaming preset: 10 s of audio
// into its inputs, every output written; the real-time factor is how many
// seconds of audio one second of CPU renders.
#include <benchmark/benchmark.h>

#include <cmath>
#include <filesystem>

#include "presets/preset_reader.hpp"
#include "router/offline/offline_render.hpp"
#include "router/offline/wav_file.hpp"

namespace {

using namespace sy::router;

void BM_render_streaming(benchmark::State& state) {
    const auto read = sy::presets::read_preset_file(std::string(SY_SOURCE_DIR) + "/presets/examples/streaming.json");
    if (!read.model) {
        state.SkipWithError("streaming.json did not load");
        return;
    }
    const auto dir = std::filesystem::temp_directory_path() / "switchyard-render-bench";
    std::filesystem::create_directories(dir);
    RenderJob job;
    for (const auto& in : read.model->inputs) {
        const int rate = in.rate.value_or(read.model->engine.rate);
        Audio a{rate, in.channels, std::vector<float>(static_cast<std::size_t>(rate * 10 * in.channels))};
        for (std::size_t i = 0; i < a.samples.size(); ++i) a.samples[i] = 0.25f * std::sin(0.01f * static_cast<float>(i));
        const std::string path = (dir / (in.id + ".wav")).string();
        write_float_wav(path, a);
        job.inputs.push_back({in.id, path});
    }
    for (const auto& out : read.model->outputs) job.outputs.push_back({out.id, (dir / ("out-" + out.id + ".wav")).string()});

    double audio_seconds = 0;
    for (auto _ : state) {
        const RenderReport r = render(*read.model, job);
        if (!r.errors.empty()) state.SkipWithError(r.errors.front().c_str());
        audio_seconds += r.audio_seconds;
    }
    state.counters["realtime_x"] = benchmark::Counter(audio_seconds, benchmark::Counter::kIsRate);
    std::filesystem::remove_all(dir);
}

BENCHMARK(BM_render_streaming)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);

} // namespace
