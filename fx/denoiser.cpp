#include "fx/denoiser.hpp"

#include <array>
#include <string_view>

#include "fx/denoiser_lane.hpp"

namespace sy::fx {
namespace {

constexpr std::array<std::string_view, 4> kLevels = {"low", "moderate", "high", "very-high"};
constexpr int kDefaultLevel = 2; // high: what a streamer's room usually needs

int level_index(const graph::ControlValue& value) {
    if (const auto* word = std::get_if<std::string>(&value)) {
        for (std::size_t i = 0; i < kLevels.size(); ++i) {
            if (kLevels[i] == *word) return static_cast<int>(i);
        }
    }
    return -1;
}

} // namespace

std::string Denoiser::control_problem(const std::string& symbol, const graph::ControlValue& value) {
    if (symbol != "level") return "the denoiser has no control \"" + symbol + "\"; its one control is \"level\"";
    if (level_index(value) < 0) {
        return "the denoiser's \"level\" is \"low\", \"moderate\", \"high\" or \"very-high\", not " + graph::to_text(value);
    }
    return {};
}

std::unique_ptr<Denoiser> Denoiser::make(int channels, int rate, std::string& error) {
    if (rate % 100 != 0) {
        error = "the denoiser works in 10 ms frames: it runs at rates that are a multiple of 100 Hz, not " +
                std::to_string(rate);
        return nullptr;
    }
    std::unique_ptr<Denoiser> d(new Denoiser(rate));
    // Each denoiser does a frame's work at once, every 10 ms; denoisers made
    // together would all do it in the same cycle. Each starts at its own
    // place in the frame instead (eight places, in a spread order), which
    // changes no delay: every sample still leaves one frame after it came.
    static std::atomic<unsigned> made{0};
    d->pos_ = static_cast<int>((made.fetch_add(1) * 5u % 8u) * static_cast<unsigned>(d->frame_) / 8u);
    for (int c = 0; c < channels; ++c) {
        auto lane = DenoiserLane::make(rate, error);
        if (!lane) return nullptr;
        d->latency_ = d->frame_ + lane->latency();
        d->lanes_.push_back(std::move(lane));
    }
    return d;
}

Denoiser::Denoiser(int rate) : frame_(rate / 100), wanted_level_(kDefaultLevel), level_(kDefaultLevel) {}

Denoiser::~Denoiser() = default;

void Denoiser::run(const float* const* in, float* const* out, int frames) noexcept {
    // audio thread. Sample by sample through each lane's FIFO: a cycle need
    // not be a whole number of frames.
    const std::size_t channels = lanes_.size();
    for (int i = 0; i < frames; ++i) {
        const auto p = static_cast<std::size_t>(pos_);
        for (std::size_t c = 0; c < channels; ++c) {
            out[c][i] = lanes_[c]->fifo_out[p];
            lanes_[c]->fifo_in[p] = in[c][i];
        }
        if (++pos_ < frame_) continue;
        pos_ = 0;
        const int wanted = wanted_level_.load(std::memory_order_relaxed);
        for (auto& lane : lanes_) {
            if (wanted != level_) lane->set_level(wanted);
            lane->process_frame(lane->fifo_in.data(), lane->fifo_out.data());
        }
        level_ = wanted;
    }
}

bool Denoiser::set_control(const std::string& symbol, const graph::ControlValue& value, std::string& why) {
    why = control_problem(symbol, value);
    if (!why.empty()) return false;
    wanted_level_.store(level_index(value), std::memory_order_relaxed);
    return true;
}

void Denoiser::apply_controls(const std::map<std::string, graph::ControlValue>& controls) {
    auto it = controls.find("level");
    const int level = it == controls.end() ? -1 : level_index(it->second);
    wanted_level_.store(level < 0 ? kDefaultLevel : level, std::memory_order_relaxed);
}

} // namespace sy::fx
