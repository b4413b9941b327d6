#include "router/engine/loudness_taps.hpp"

#include <set>

namespace sy::router {
namespace {

// Enough for three missed polls of 50 ms, with room to spare.
constexpr double kTapSeconds = 0.5;
constexpr std::size_t kDrainFrames = 4096;

} // namespace

void LoudnessTaps::attach(graph::Plan& plan) {
    // control thread only
    std::set<std::string> present;
    for (auto& e : plan.endpoints) {
        present.insert(e.id);
        Strip& strip = strips_[e.id];
        if (!strip.tap || strip.tap->channels() != e.channels || strip.tap->rate() != plan.rate) {
            strip.tap = std::make_shared<dsp::SampleTap>(e.channels, plan.rate, kTapSeconds);
            strip.meter = std::make_unique<dsp::LoudnessMeter>(e.channels, plan.rate);
        }
        e.tap = strip.tap.get();
        plan.taps.push_back(strip.tap);
    }
    std::erase_if(strips_, [&](const auto& s) { return !present.count(s.first); });
}

void LoudnessTaps::drain() {
    // control thread only
    for (auto& [id, strip] : strips_) {
        const auto channels = static_cast<std::size_t>(strip.tap->channels());
        scratch_.resize(kDrainFrames * channels);
        for (std::size_t n; (n = strip.tap->read(scratch_.data(), kDrainFrames)) > 0;) {
            if (strip.meter->ok()) strip.meter->add(scratch_.data(), n);
        }
    }
}

std::optional<dsp::LoudnessReading> LoudnessTaps::read(const std::string& id) const {
    auto it = strips_.find(id);
    if (it == strips_.end() || !it->second.meter->ok()) return std::nullopt;
    return it->second.meter->read();
}

void LoudnessTaps::reset(const std::string& id) {
    for (auto& [strip_id, strip] : strips_) {
        if (id.empty() || id == strip_id) strip.meter->reset();
    }
}

} // namespace sy::router
