// How long the control thread takes to validate and compile a Plan, for
// graphs of 16, 64 and 256 nodes (a third inputs, a third buses in a chain
// of layers, a third outputs; every node has two routes).
#include <benchmark/benchmark.h>

#include "bench/layered_model.hpp"
#include "graph/compiler.hpp"

namespace {

using namespace sy::graph;
using sy::bench::layered;

void BM_compile(benchmark::State& state) {
    const Model m = layered(static_cast<int>(state.range(0)));
    const Slots slots = sequential_slots(m);
    CompileOptions options;
    options.max_frames = 256;
    for (auto _ : state) {
        Compiled c = compile(m, slots, options);
        if (!c.plan) state.SkipWithError("model did not compile");
        benchmark::DoNotOptimize(c.plan.get());
    }
    state.counters["routes"] = static_cast<double>(m.routes.size());
}

BENCHMARK(BM_compile)->Arg(16)->Arg(64)->Arg(256)->Unit(benchmark::kMicrosecond);

} // namespace
