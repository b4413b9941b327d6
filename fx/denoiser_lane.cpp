#include "fx/denoiser_lane.hpp"

#include <algorithm>
#include <cmath>
#include <memory>

namespace sy::fx {
namespace {

constexpr unsigned kLowRate = 16000;
constexpr std::size_t kLowFrame = 160; // 10 ms at 16 kHz
// The 16 kHz suppressor's analysis window (256) less its block (160): how
// far its output lags its input. The test DenoiserTest.LinesUpItsBands
// measures the line-up this gives.
constexpr int kOverlapAtLowRate = 96;
constexpr unsigned kFilterHalfLength = 32; // zita-resampler: flat to 0.9 of the lower Nyquist
constexpr float kS16 = 32768.0f;          // the suppressor's thresholds are in 16-bit units

unsigned run_resampler(Resampler& r, const float* in, unsigned in_count, float* out, unsigned out_count) {
    r.inp_data = const_cast<float*>(in); // zita reads it only
    r.inp_count = in_count;
    r.out_data = out;
    r.out_count = out_count;
    r.process();
    return r.inp_count + r.out_count; // what was left over on either side
}

} // namespace

std::unique_ptr<DenoiserLane> DenoiserLane::make(int rate, std::string& error) {
    auto lane = std::make_unique<DenoiserLane>();
    lane->frame = rate / 100;
    const auto r = static_cast<unsigned>(rate);
    if (lane->down.setup(r, kLowRate, 1, kFilterHalfLength) || lane->up_low.setup(kLowRate, r, 1, kFilterHalfLength) ||
        lane->up_ref.setup(kLowRate, r, 1, kFilterHalfLength)) {
        error = "the denoiser cannot convert between " + std::to_string(rate) + " Hz and 16 kHz";
        return nullptr;
    }
    lane->ns = WebRtcNs_Create();
    if (!lane->ns || WebRtcNs_Init(lane->ns, 2 * kLowRate) != 0) {
        error = "webrtc-audio-processing would not make a noise suppressor";
        return nullptr;
    }
    lane->set_level(2);
    const auto f = static_cast<std::size_t>(lane->frame);
    lane->low.assign(kLowFrame, 0.0f);
    lane->low_scaled = lane->low_out = lane->gain = lane->low;
    lane->ones.assign(kLowFrame, 1.0f);
    lane->denoised.assign(f, 0.0f);
    lane->reference = lane->fifo_in = lane->fifo_out = lane->denoised;
    if (!lane->prime(error)) return nullptr;
    lane->ns_delay = static_cast<int>(std::lround(kOverlapAtLowRate * static_cast<double>(rate) / kLowRate));
    lane->input_delay = DelayLine(lane->round_trip);
    lane->upper_delay = DelayLine(lane->ns_delay);
    return lane;
}

DenoiserLane::~DenoiserLane() {
    if (ns) WebRtcNs_Free(ns);
}

bool DenoiserLane::split(const float* in) noexcept {
    const auto f = static_cast<unsigned>(frame);
    const unsigned left = run_resampler(down, in, f, low.data(), kLowFrame) +
                          run_resampler(up_ref, low.data(), kLowFrame, reference.data(), f);
    return left == 0;
}

// The resamplers take a few frames to settle into one frame in, one frame
// out; then an impulse measures their round trip. All on zeros but the
// impulse, which is flushed out again.
bool DenoiserLane::prime(std::string& error) {
    const auto f = static_cast<unsigned>(frame);
    std::vector<float> zeros(f, 0.0f);
    int exact = 0;
    for (int k = 0; k < 16 && exact < 2; ++k) {
        const bool low_exact = run_resampler(up_low, low.data(), kLowFrame, denoised.data(), f) == 0;
        exact = split(zeros.data()) && low_exact ? exact + 1 : 0;
    }
    if (exact < 2) {
        error = "the denoiser's resamplers do not settle at " + std::to_string(frame * 100) + " Hz";
        return false;
    }
    std::vector<float> impulse(f, 0.0f);
    impulse[0] = 1.0f;
    float peak = 0.0f;
    for (int k = 0; k < 8; ++k) {
        split(k == 0 ? impulse.data() : zeros.data());
        for (int i = 0; i < frame; ++i) {
            if (std::fabs(reference[static_cast<std::size_t>(i)]) > peak) {
                peak = std::fabs(reference[static_cast<std::size_t>(i)]);
                round_trip = k * frame + i;
            }
        }
    }
    return true;
}

void DenoiserLane::process_frame(const float* in, float* out) noexcept {
    // audio thread
    split(in);
    for (std::size_t i = 0; i < kLowFrame; ++i) low_scaled[i] = low[i] * kS16;
    const float* bands_in[2] = {low_scaled.data(), ones.data()};
    float* bands_out[2] = {low_out.data(), gain.data()};
    WebRtcNs_Analyze(ns, low_scaled.data());
    WebRtcNs_Process(ns, bands_in, 2, bands_out);
    for (auto& x : low_out) x /= kS16;
    run_resampler(up_low, low_out.data(), kLowFrame, denoised.data(), static_cast<unsigned>(frame));
    for (int i = 0; i < frame; ++i) {
        const auto k = static_cast<std::size_t>(i);
        const float upper = upper_delay.push(input_delay.push(in[k]) - reference[k]);
        const float g = gain[k * kLowFrame / static_cast<std::size_t>(frame)];
        out[k] = denoised[k] + g * upper;
    }
}

} // namespace sy::fx
