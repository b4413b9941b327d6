// What one edit costs the control thread in Engine::apply(): a fader move
// (the mixer alone: per-route target gains, no Plan) against a change of
// topology (validate, compile, publish a Plan), on the layered graphs of
// plan_compile_bench. Audio is not running, so no fade is waited for.
#include <benchmark/benchmark.h>

#include "bench/layered_model.hpp"
#include "router/engine/engine.hpp"

namespace {

using sy::bench::layered;
using namespace sy::graph;

void BM_apply_fader(benchmark::State& state) {
    sy::router::Engine engine({256, 5.0});
    Model m = layered(static_cast<int>(state.range(0)));
    if (!engine.apply(m).empty()) state.SkipWithError("model did not apply");
    int i = 0;
    for (auto _ : state) {
        m.inputs[0].gain_db = (i++ % 2) ? -6.0 : -3.0;
        benchmark::DoNotOptimize(engine.apply(m));
    }
}

void BM_apply_topology(benchmark::State& state) {
    sy::router::Engine engine({256, 5.0});
    Model m = layered(static_cast<int>(state.range(0)));
    if (!engine.apply(m).empty()) state.SkipWithError("model did not apply");
    const Route extra = m.routes.back();
    int i = 0;
    for (auto _ : state) {
        // A route comes and goes: a new Plan each time.
        if (i++ % 2) {
            m.routes.push_back(extra);
        } else {
            m.routes.pop_back();
        }
        benchmark::DoNotOptimize(engine.apply(m));
    }
}

BENCHMARK(BM_apply_fader)->Arg(16)->Arg(64)->Arg(256)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_apply_topology)->Arg(16)->Arg(64)->Arg(256)->Unit(benchmark::kMicrosecond);

} // namespace
