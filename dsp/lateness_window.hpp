// How late a bridge's writer lands its frames (or a server's callback
// wakes), over the last minute: the figure a bridge's margin is sized from
// (router/bridge/bridge_margin.hpp).
//
// Lateness is the time the frames went into the ring less the time the
// writer's cycle says they were due (its stamp): wake-up lateness, the work
// done in the callback before the write, and any error of the stamp itself.
// It is what a bridge's margin must cover: the reader takes the writer to be
// where its stamps say, and a block that lands late is missing from the ring
// for that long.
//
// A histogram, not a sorted list: a high percentile over tens of thousands
// of callbacks a minute, kept by the writer in fixed memory without
// allocating. Bins of kBinSeconds up to kTopSeconds; later than that counts
// in the top bin, which is past any margin a bridge would take anyway. The
// minute is kept as kSpans spans of kSpanSeconds, so that what was late a
// minute ago drops out a span at a time. No package does this for us: a
// streaming quantile sketch (t-digest, DDSketch) allocates or merges, and
// this needs neither.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>

namespace sy::dsp {

class LatenessWindow {
public:
    static constexpr double kBinSeconds = 20e-6;
    static constexpr double kTopSeconds = 20e-3;
    static constexpr int kSpans = 6;
    static constexpr double kSpanSeconds = 10.0;
    // The percentile published: one callback in a thousand may be later.
    static constexpr double kQuantile = 0.999;

    // Writer thread (or the control thread with the writer stopped).
    void reset();

    // Writer thread only; no allocation, lock or system call. `now` is the
    // writer's stamp, in seconds; `late` how late its frames landed. Every
    // kPublishSeconds of stamps the percentile is published again; a
    // lateness beyond the published maximum is published at once.
    void add(double now, double late);

    // Any thread. Seconds: the kQuantile percentile of the lateness over the
    // last minute (with fewer than 1 / (1 - kQuantile) samples, the largest),
    // and the largest; 0 before the first sample.
    double quantile() const { return quantile_.load(std::memory_order_relaxed); }
    double max() const { return max_.load(std::memory_order_relaxed); }
    std::uint64_t samples() const { return samples_.load(std::memory_order_relaxed); }

private:
    static constexpr int kBins = static_cast<int>(kTopSeconds / kBinSeconds) + 1;
    static constexpr double kPublishSeconds = 0.25;
    using Counts = std::array<std::uint32_t, kBins>;

    void rotate(double now);
    void publish();

    // Writer thread.
    std::array<Counts, kSpans> spans_{};
    Counts total_{}; // the sum of spans_, kept as they change
    std::uint64_t count_ = 0;
    int span_ = 0;
    double span_start_ = 0.0;
    double next_publish_ = 0.0;
    bool started_ = false;

    // Writer -> any thread.
    std::atomic<double> quantile_{0.0};
    std::atomic<double> max_{0.0};
    std::atomic<std::uint64_t> samples_{0};
};

} // namespace sy::dsp
