#include "dsp/loudness_meter.hpp"

#include <ebur128.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace sy::dsp {

namespace {

constexpr int kMode = EBUR128_MODE_M | EBUR128_MODE_S | EBUR128_MODE_I | EBUR128_MODE_LRA | EBUR128_MODE_TRUE_PEAK |
                      EBUR128_MODE_HISTOGRAM;

ebur128_state* open_state(int channels, double rate) {
    if (channels < 1 || !(rate >= 1.0)) return nullptr;
    ebur128_state* st = ebur128_init(static_cast<unsigned>(channels), static_cast<unsigned long>(std::lround(rate)), kMode);
    if (!st) return nullptr;
    for (int c = 0; c < channels; ++c) ebur128_set_channel(st, static_cast<unsigned>(c), EBUR128_LEFT);
    return st;
}

// What `get` gives, or -infinity when the library has no figure to give
// (silence, or not yet a whole window).
template <typename Get>
double figure(Get get) {
    double value = 0.0;
    return get(&value) == EBUR128_SUCCESS ? value : -std::numeric_limits<double>::infinity();
}

} // namespace

struct LoudnessMeter::State {
    explicit State(ebur128_state* s) : st(s) {}
    ~State() { ebur128_destroy(&st); }
    State(const State&) = delete;
    State& operator=(const State&) = delete;
    ebur128_state* st;
};

LoudnessMeter::LoudnessMeter(int channels, double rate) : channels_(channels), rate_(rate) { reset(); }

LoudnessMeter::~LoudnessMeter() = default;
LoudnessMeter::LoudnessMeter(LoudnessMeter&& other) noexcept = default;
LoudnessMeter& LoudnessMeter::operator=(LoudnessMeter&& other) noexcept = default;

bool LoudnessMeter::ok() const { return state_ != nullptr; }

void LoudnessMeter::add(const float* interleaved, std::size_t frames) {
    if (state_ && frames > 0) ebur128_add_frames_float(state_->st, interleaved, frames);
}

LoudnessReading LoudnessMeter::read() const {
    const double silence = -std::numeric_limits<double>::infinity();
    LoudnessReading r{silence, silence, silence, 0.0, silence};
    if (!state_) return r;
    ebur128_state* st = state_->st;
    r.momentary_lufs = figure([st](double* v) { return ebur128_loudness_momentary(st, v); });
    r.short_term_lufs = figure([st](double* v) { return ebur128_loudness_shortterm(st, v); });
    r.integrated_lufs = figure([st](double* v) { return ebur128_loudness_global(st, v); });
    r.range_lu = std::max(0.0, figure([st](double* v) { return ebur128_loudness_range(st, v); }));
    double peak = 0.0;
    for (int c = 0; c < channels_; ++c) {
        peak = std::max(peak, figure([st, c](double* v) { return ebur128_true_peak(st, static_cast<unsigned>(c), v); }));
    }
    r.true_peak_dbtp = peak > 0.0 ? 20.0 * std::log10(peak) : silence;
    return r;
}

void LoudnessMeter::reset() {
    // The library has no reset of its own: a fresh state is the same thing.
    state_.reset();
    if (ebur128_state* st = open_state(channels_, rate_)) state_ = std::make_unique<State>(st);
}

} // namespace sy::dsp
