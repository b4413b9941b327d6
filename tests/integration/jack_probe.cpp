#include "jack_probe.hpp"

#include <cmath>

namespace sy::test {

JackProbe::JackProbe(const std::string& name, int channels, double hz, double amplitude, double record_seconds)
    : name_(name), hz_(hz), amplitude_(amplitude) {
    // At 0 Hz the "sine" stands at its crest: a constant `amplitude`.
    if (hz == 0.0) phase_ = M_PI / 2;
    jack_status_t status{};
    client_ = jack_client_open(name.c_str(), JackNoStartServer, &status);
    if (!client_) return;
    name_ = jack_get_client_name(client_);
    rate_ = static_cast<int>(jack_get_sample_rate(client_));
    for (int c = 1; c <= channels; ++c) {
        outs_.push_back(jack_port_register(client_, ("out_" + std::to_string(c)).c_str(), JACK_DEFAULT_AUDIO_TYPE, JackPortIsOutput, 0));
        ins_.push_back(jack_port_register(client_, ("in_" + std::to_string(c)).c_str(), JACK_DEFAULT_AUDIO_TYPE, JackPortIsInput, 0));
        recorded_.emplace_back(static_cast<std::size_t>(record_seconds * rate_), 0.0f);
    }
    sent_.assign(recorded_.empty() ? 0 : recorded_[0].size(), 0.0f);
    jack_set_process_callback(client_, &JackProbe::on_process, this);
    jack_set_latency_callback(client_, &JackProbe::on_latency, this);
    jack_set_xrun_callback(
        client_,
        [](void* self) {
            static_cast<JackProbe*>(self)->xruns_.fetch_add(1, std::memory_order_relaxed);
            return 0;
        },
        this);
    jack_activate(client_);
}

JackProbe::~JackProbe() {
    if (client_) {
        jack_deactivate(client_);
        jack_client_close(client_);
    }
}

void JackProbe::start_recording() {
    frames_.store(0);
    recording_.store(true, std::memory_order_release);
}

std::vector<float> JackProbe::take_sent() {
    recording_.store(false, std::memory_order_release);
    const std::size_t n = std::min(frames_.load(std::memory_order_acquire), sent_.size());
    return std::vector<float>(sent_.begin(), sent_.begin() + static_cast<std::ptrdiff_t>(n));
}

std::vector<float> JackProbe::take_recording(int ch) {
    recording_.store(false, std::memory_order_release);
    const std::size_t n = frames_.load(std::memory_order_acquire);
    const auto& r = recorded_[static_cast<std::size_t>(ch)];
    return std::vector<float>(r.begin(), r.begin() + static_cast<std::ptrdiff_t>(std::min(n, r.size())));
}

void JackProbe::on_latency(jack_latency_callback_mode_t mode, void* arg) {
    // JACK's notification thread. What it plays is made here and what it
    // records ends here: no path through the probe, nothing to pass on.
    auto* self = static_cast<JackProbe*>(arg);
    jack_latency_range_t none{0, 0};
    for (auto* p : mode == JackCaptureLatency ? self->outs_ : self->ins_) jack_port_set_latency_range(p, mode, &none);
}

jack_latency_range_t JackProbe::latency_of(const std::string& port, jack_latency_callback_mode_t mode) const {
    jack_latency_range_t range{0, 0};
    if (jack_port_t* p = client_ ? jack_port_by_name(client_, port.c_str()) : nullptr)
        jack_port_get_latency_range(p, mode, &range);
    return range;
}

int JackProbe::on_process(jack_nframes_t frames, void* arg) {
    auto* self = static_cast<JackProbe*>(arg);
    const double step = 2.0 * M_PI * self->hz_ / self->rate_;
    double phase = self->phase_;
    const bool clicks = self->hz_ < 0;
    const auto interval = static_cast<std::uint64_t>(clicks ? -self->hz_ : 1);
    for (auto* p : self->outs_) {
        auto* out = static_cast<float*>(jack_port_get_buffer(p, frames));
        phase = self->phase_;
        for (jack_nframes_t i = 0; i < frames; ++i) {
            if (clicks) {
                // A 2 ms Hann-windowed 1 kHz burst: band-limited, so it
                // survives resamplers recognisably, and sharp enough to time.
                const std::uint64_t k = (self->frame_ + i) % interval;
                const double n = 0.002 * self->rate_;
                out[i] = k < n ? static_cast<float>(self->amplitude_ * 0.5 * (1 - std::cos(2 * M_PI * k / n)) *
                                                    std::sin(2 * M_PI * 1000.0 * k / self->rate_))
                               : 0.0f;
            } else {
                out[i] = static_cast<float>(self->amplitude_ * std::sin(phase));
                phase += step;
            }
        }
    }
    self->phase_ = std::fmod(phase, 2.0 * M_PI);
    const float* first_out = self->outs_.empty() ? nullptr : static_cast<const float*>(jack_port_get_buffer(self->outs_[0], frames));
    self->frame_ += frames;
    if (self->recording_.load(std::memory_order_acquire)) {
        const std::size_t at = self->frames_.load(std::memory_order_relaxed);
        for (std::size_t c = 0; c < self->ins_.size(); ++c) {
            const auto* in = static_cast<const float*>(jack_port_get_buffer(self->ins_[c], frames));
            auto& r = self->recorded_[c];
            for (jack_nframes_t i = 0; i < frames && at + i < r.size(); ++i) r[at + i] = in[i];
        }
        for (jack_nframes_t i = 0; first_out && i < frames && at + i < self->sent_.size(); ++i) self->sent_[at + i] = first_out[i];
        self->frames_.store(std::min(at + frames, self->recorded_[0].size()), std::memory_order_release);
    }
    return 0;
}

} // namespace sy::test
