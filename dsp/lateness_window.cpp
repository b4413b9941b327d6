#include "dsp/lateness_window.hpp"

#include <algorithm>
#include <cmath>

namespace sy::dsp {

void LatenessWindow::reset() {
    for (Counts& s : spans_) s.fill(0);
    total_.fill(0);
    count_ = 0;
    span_ = 0;
    started_ = false;
    quantile_.store(0.0, std::memory_order_relaxed);
    max_.store(0.0, std::memory_order_relaxed);
    samples_.store(0, std::memory_order_relaxed);
}

void LatenessWindow::add(double now, double late) {
    // Writer thread only.
    if (!std::isfinite(late) || !std::isfinite(now)) return;
    if (!started_ || now < span_start_) {
        // The first sample, or stamps that went back (a server that started
        // its clock over): the window starts here.
        reset();
        started_ = true;
        span_start_ = now;
        next_publish_ = now;
    }
    rotate(now);
    // Early frames (a stamp later than the write, which a side's clock
    // estimate may give) cost nothing: bin 0.
    const int bin = std::clamp(static_cast<int>(late / kBinSeconds), 0, kBins - 1);
    ++spans_[static_cast<std::size_t>(span_)][static_cast<std::size_t>(bin)];
    ++total_[static_cast<std::size_t>(bin)];
    ++count_;
    const double upper = std::min(kTopSeconds, (bin + 1) * kBinSeconds);
    if (upper > max_.load(std::memory_order_relaxed) || now >= next_publish_) publish();
    if (now >= next_publish_) next_publish_ = now + kPublishSeconds;
}

void LatenessWindow::rotate(double now) {
    // Writer thread only. Whole spans only; a writer away for a minute or
    // more finds every span cleared.
    int turns = 0;
    while (now >= span_start_ + kSpanSeconds && turns < kSpans) {
        span_ = (span_ + 1) % kSpans;
        Counts& old = spans_[static_cast<std::size_t>(span_)];
        for (int b = 0; b < kBins; ++b) {
            total_[static_cast<std::size_t>(b)] -= old[static_cast<std::size_t>(b)];
            count_ -= old[static_cast<std::size_t>(b)];
        }
        old.fill(0);
        span_start_ += kSpanSeconds;
        ++turns;
    }
    if (now >= span_start_ + kSpanSeconds) span_start_ = now; // away longer than the window
    if (turns > 0) publish();
}

void LatenessWindow::publish() {
    // Writer thread only. The upper edge of the bin the percentile falls
    // in: a margin rounds up, never down. At most kBins steps.
    if (count_ == 0) {
        quantile_.store(0.0, std::memory_order_relaxed);
        max_.store(0.0, std::memory_order_relaxed);
        samples_.store(0, std::memory_order_relaxed);
        return;
    }
    const auto allowed = static_cast<std::uint64_t>(std::floor(static_cast<double>(count_) * (1.0 - kQuantile)));
    std::uint64_t above = 0;
    int top = -1;
    int at = 0;
    for (int b = kBins - 1; b >= 0; --b) {
        const std::uint32_t n = total_[static_cast<std::size_t>(b)];
        if (n == 0) continue;
        if (top < 0) top = b;
        above += n;
        if (above > allowed) {
            at = b;
            break;
        }
    }
    const auto edge = [](int b) { return std::min(kTopSeconds, (b + 1) * kBinSeconds); };
    quantile_.store(edge(at), std::memory_order_relaxed);
    max_.store(edge(top), std::memory_order_relaxed);
    samples_.store(count_, std::memory_order_relaxed);
}

} // namespace sy::dsp
