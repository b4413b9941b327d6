#include "dsp/meter.hpp"

#include <cmath>

namespace sy::dsp {

static_assert(std::atomic<float>::is_always_lock_free, "meters rely on lock-free float atomics");

void Meter::update(const float* samples, std::size_t frames, float decay) {
    float peak = 0.0f;
    float sum = 0.0f;
    for (std::size_t i = 0; i < frames; ++i) {
        const float a = std::fabs(samples[i]);
        peak = a > peak ? a : peak;
        sum += samples[i] * samples[i];
    }
    const float block_ms = frames ? sum / static_cast<float>(frames) : 0.0f;
    const float ms = mean_square_.load(std::memory_order_relaxed);
    mean_square_.store(block_ms + (ms - block_ms) * decay, std::memory_order_relaxed);

    // A reader's take() may reset the peak between our load and store; the
    // compare-exchange keeps its reset or our larger value, never a stale one.
    // It retries at most once per concurrent take(), so it cannot spin.
    float seen = peak_.load(std::memory_order_relaxed);
    while (peak > seen && !peak_.compare_exchange_weak(seen, peak, std::memory_order_relaxed)) {
    }
}

MeterReading Meter::take() {
    const float peak = peak_.exchange(0.0f, std::memory_order_relaxed);
    return {peak, std::sqrt(mean_square_.load(std::memory_order_relaxed))};
}

MeterReading Meter::peek() const {
    return {peak_.load(std::memory_order_relaxed), std::sqrt(mean_square_.load(std::memory_order_relaxed))};
}

float rms_decay(std::size_t frames, double rate, double seconds) {
    return static_cast<float>(std::exp(-static_cast<double>(frames) / (rate * seconds)));
}

} // namespace sy::dsp
