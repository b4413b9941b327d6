#include "router/live_session.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <thread>

#include "dsp/resampler.hpp"

namespace sy::router {

namespace {

constexpr int kMaxFrames = 8192; // the largest period either server may ask for

bool on_jack(const graph::Endpoint& e) { return e.jack.has_value(); }
bool on_pipewire(const graph::Endpoint& e) { return e.pipewire.has_value(); }

template <typename Fn>
void each_endpoint(const graph::Model& m, Fn fn) {
    for (const auto& e : m.inputs) fn(e, true);
    for (const auto& e : m.outputs) fn(e, false);
}

std::string db(float linear) {
    char buf[16];
    if (linear <= 1e-6f) return "-inf";
    std::snprintf(buf, sizeof buf, "%.1f", 20.0 * std::log10(linear));
    return buf;
}

graph::LatencyPart part(std::string name, double frames, double rate, double hub_rate) {
    const double ms = rate > 0 ? frames * 1000.0 / rate : 0.0;
    return {std::move(name), ms * hub_rate / 1000.0, ms};
}

} // namespace

LiveSession::LiveSession(graph::Model model, HubChoice hub)
    : model_(std::move(model)), choice_(hub), engine_(EngineOptions{kMaxFrames, 5.0}) {}

LiveSession::~LiveSession() { stop(); }

void LiveSession::set_test_tone(const std::string& id, double hz, double db) {
    tone_id_ = id;
    tone_hz_ = hz;
    tone_gain_ = static_cast<float>(std::pow(10.0, db / 20.0));
    tone_.assign(kMaxFrames, 0.0f);
}

void LiveSession::play_test_tone(IoTable& io, int frames) {
    // audio thread only
    if (tone_slot_ < 0 || frames > kMaxFrames) return;
    const double step = 2.0 * M_PI * tone_hz_ / model_.engine.rate;
    for (int i = 0; i < frames; ++i) {
        tone_[static_cast<std::size_t>(i)] = tone_gain_ * static_cast<float>(std::sin(tone_phase_));
        tone_phase_ += step;
    }
    tone_phase_ = std::fmod(tone_phase_, 2.0 * M_PI);
    auto& row = io.channel[static_cast<std::size_t>(tone_slot_)];
    for (int c = 0; c < tone_channels_; ++c) row[static_cast<std::size_t>(c)] = tone_.data();
}

std::string LiveSession::start() {
    // control thread only
    if (auto problems = engine_.apply(model_); !problems.empty()) {
        return "preset: " + problems.front().field + ": " + problems.front().message;
    }
    if (!tone_id_.empty()) {
        const graph::Endpoint* e = model_.find(tone_id_);
        if (!e || e->kind != graph::EndpointKind::Input) return "test tone: no input \"" + tone_id_ + "\"";
        tone_slot_ = engine_.endpoint_slot(tone_id_);
        tone_channels_ = e->channels;
    }
    bool any_jack = false;
    bool any_pipewire = false;
    each_endpoint(model_, [&](const graph::Endpoint& e, bool) {
        any_jack |= on_jack(e);
        any_pipewire |= on_pipewire(e);
    });

    const bool want_jack = choice_ == HubChoice::Jack || (choice_ == HubChoice::Auto && any_jack);
    if (want_jack) {
        std::vector<JackEndpoint> jack_endpoints;
        each_endpoint(model_, [&](const graph::Endpoint& e, bool input) {
            if (on_jack(e)) jack_endpoints.push_back({e.id, input, e.channels, engine_.endpoint_slot(e.id), e.jack->connect});
        });
        const std::string error = jack_.start(model_.name, std::move(jack_endpoints), &LiveSession::jack_cycle, this);
        if (error.empty()) {
            hub_is_jack_ = true;
        } else if (choice_ == HubChoice::Jack) {
            return error;
        } else {
            std::fprintf(stderr, "switchyard: %s: PipeWire is the hub; JACK endpoints wait for a JACK server\n",
                         error.c_str());
            jack_.stop();
        }
    }
    if (hub_is_jack_ && jack_.rate() != model_.engine.rate) {
        // A running JACK server's own rate wins over the preset's.
        model_.engine.rate = jack_.rate();
        engine_.apply(model_);
    }

    if (any_pipewire || !hub_is_jack_) {
        std::vector<PipewireEndpoint> pw_endpoints;
        each_endpoint(model_, [&](const graph::Endpoint& e, bool input) {
            if (on_pipewire(e)) pw_endpoints.push_back({e.id, input, e.channels, engine_.endpoint_slot(e.id), *e.pipewire});
        });
        // PipeWire's quantum is the bridges' writer or reader period: matching
        // JACK's keeps their fill (and the path's latency) small. As the hub,
        // PipeWire is asked for the preset's period.
        if (hub_is_jack_) {
            pipewire_.request_quantum(jack_.period(), jack_.rate());
        } else {
            pipewire_.request_quantum(model_.engine.period, model_.engine.rate);
        }
        const std::string error = pipewire_.start(model_.name, std::move(pw_endpoints), &LiveSession::pipewire_cycle, this);
        if (!error.empty()) {
            if (!hub_is_jack_) return "no audio server: " + error;
            std::fprintf(stderr, "switchyard: PipeWire: %s; PipeWire endpoints are silent\n", error.c_str());
        }
    }
    if (hub_is_jack_ && pipewire_.running()) {
        if (std::string error = build_crossings(); !error.empty()) return error;
    }
    engine_.set_audio_running(true);
    return {};
}

std::string LiveSession::build_crossings() {
    // PipeWire's graph rate is known once its first cycles ran.
    for (int i = 0; i < 200 && pipewire_.rate() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    const double pw_rate = pipewire_.rate() > 0 ? pipewire_.rate() : 48000.0;
    const int pw_period = pipewire_.quantum() > 0 ? pipewire_.quantum() : 1024;
    const auto lib = model_.engine.resampler.value_or(dsp::default_resampler_lib());

    each_endpoint(model_, [&](const graph::Endpoint& e, bool input) {
        if (!on_pipewire(e)) return;
        Crossing c;
        c.id = e.id;
        c.slot = engine_.endpoint_slot(e.id);
        c.channels = e.channels;
        c.input = input;
        BridgeConfig config;
        config.channels = e.channels;
        config.writer_rate = input ? pw_rate : jack_.rate();
        config.reader_rate = input ? jack_.rate() : pw_rate;
        config.writer_period = input ? pw_period : jack_.period();
        config.reader_period = input ? jack_.period() : pw_period;
        config.lib = lib;
        config.quality = e.quality.value_or(graph::Quality::Medium);
        c.bridge = std::make_unique<Bridge>(config);
        c.scratch.assign(static_cast<std::size_t>(e.channels) * kMaxFrames, 0.0f);
        for (int ch = 0; ch < e.channels; ++ch) {
            c.hub_side[static_cast<std::size_t>(ch)] = c.scratch.data() + static_cast<std::size_t>(ch) * kMaxFrames;
        }
        crossings_.push_back(std::move(c));
    });
    zeros_.assign(kMaxFrames, 0.0f);
    discard_.assign(kMaxFrames, 0.0f);
    crossings_ready_.store(true, std::memory_order_release);
    return {};
}

void LiveSession::jack_cycle(void* arg, int frames, IoTable& io, double now) {
    // audio thread only (JACK's process thread)
    auto* self = static_cast<LiveSession*>(arg);
    if (self->observer_) self->observer_(self->observer_user_, true);
    const bool crossing = self->crossings_ready_.load(std::memory_order_acquire) && frames <= kMaxFrames;
    if (crossing) {
        for (auto& c : self->crossings_) {
            auto& row = io.channel[static_cast<std::size_t>(c.slot)];
            for (int ch = 0; ch < c.channels; ++ch) row[static_cast<std::size_t>(ch)] = c.hub_side[static_cast<std::size_t>(ch)];
            if (c.input) c.bridge->read(c.hub_side.data(), frames, now);
        }
    }
    self->play_test_tone(io, frames);
    self->engine_.process(frames, io);
    if (crossing) {
        for (auto& c : self->crossings_) {
            if (!c.input) c.bridge->write(c.hub_side.data(), frames, now);
        }
    }
    if (self->observer_) self->observer_(self->observer_user_, false);
}

void LiveSession::pipewire_cycle(void* arg, int frames, const IoTable& io, double now) {
    // audio thread only (PipeWire's data thread)
    auto* self = static_cast<LiveSession*>(arg);
    if (self->observer_) self->observer_(self->observer_user_, true);
    self->pipewire_side_cycle(frames, io, now);
    if (self->observer_) self->observer_(self->observer_user_, false);
}

void LiveSession::pipewire_side_cycle(int frames, const IoTable& io, double now) {
    // audio thread only (PipeWire's data thread)
    if (!hub_is_jack_) {
        // The table is PipewireSide's own mutable memory; only the tone's row,
        // which no PipeWire port uses, is touched.
        play_test_tone(const_cast<IoTable&>(io), frames);
        engine_.process(frames, io);
        return;
    }
    const bool ready = crossings_ready_.load(std::memory_order_acquire) && frames <= kMaxFrames;
    for (auto& c : crossings_) {
        if (!ready) break;
        const auto& row = io.channel[static_cast<std::size_t>(c.slot)];
        for (int ch = 0; ch < c.channels; ++ch) {
            float* port = row[static_cast<std::size_t>(ch)];
            c.pipewire_side[static_cast<std::size_t>(ch)] = port ? port : c.input ? zeros_.data() : discard_.data();
        }
        if (c.input) {
            c.bridge->write(c.pipewire_side.data(), frames, now);
        } else {
            c.bridge->read(c.pipewire_side.data(), frames, now);
        }
    }
    if (!ready) {
        // Before the bridges exist PipeWire outputs play silence, not garbage.
        for (const auto& e : model_.outputs) {
            if (!e.pipewire) continue;
            const int slot = engine_.endpoint_slot(e.id);
            for (int ch = 0; ch < e.channels; ++ch) {
                if (float* out = io.channel[static_cast<std::size_t>(slot)][static_cast<std::size_t>(ch)]) {
                    std::memset(out, 0, static_cast<std::size_t>(frames) * sizeof(float));
                }
            }
        }
    }
}

void LiveSession::poll() {
    // control thread only
    jack_.poll();
    engine_.reclaim();
}

void LiveSession::stop() {
    // control thread only
    jack_.stop();
    pipewire_.stop();
    engine_.set_audio_running(false);
    crossings_ready_.store(false, std::memory_order_release);
}

// Only what delays audio: the devices' own latency (JACK's and PipeWire's
// latency ranges, which already hold their periods) and each bridge's ring
// fill and resampler. A hub period is not a delay of its own: an input read in
// a cycle is written out in that same cycle. Checked against a measured round
// trip in tests/integration/live_latency_test.cpp.
std::vector<graph::LatencyPart> LiveSession::endpoint_parts(const graph::Endpoint& e) const {
    const double hub = model_.engine.rate;
    std::vector<graph::LatencyPart> parts;
    if (on_jack(e) && hub_is_jack_) {
        const unsigned f = jack_.device_latency_frames(e.id);
        if (f > 0) parts.push_back(part(std::string("jack ") + (e.kind == graph::EndpointKind::Input ? "capture" : "playback") + " (" + e.id + ")", f, hub, hub));
    }
    if (on_pipewire(e)) {
        const double pw_rate = pipewire_.rate() > 0 ? pipewire_.rate() : hub;
        for (const auto& c : crossings_) {
            if (c.id != e.id) continue;
            const double reader_rate = c.input ? hub : pw_rate;
            parts.push_back(part("bridge " + e.id + " (fill + resampler)", c.bridge->latency_reader_frames(), reader_rate, hub));
        }
        const double dev = pipewire_.device_latency_frames(e.id);
        if (dev > 0) parts.push_back(part("pipewire device (" + e.id + ")", dev, pw_rate, hub));
    }
    return parts;
}

std::vector<graph::PathBudget> LiveSession::budgets() const {
    return graph::path_budgets(model_, graph::engine_resampler_delay(model_),
                               [this](const graph::Endpoint& e) { return endpoint_parts(e); });
}

std::uint64_t LiveSession::bridge_underruns() const {
    std::uint64_t n = 0;
    for (const auto& c : crossings_) n += c.bridge->stats().underruns;
    return n;
}

std::uint64_t LiveSession::bridge_overruns() const {
    std::uint64_t n = 0;
    for (const auto& c : crossings_) n += c.bridge->stats().overruns;
    return n;
}

bool LiveSession::bridges_locked() const {
    for (const auto& c : crossings_) {
        if (!c.bridge->stats().locked) return false;
    }
    return true;
}

std::vector<std::string> LiveSession::endpoint_report() const {
    std::vector<std::string> lines;
    each_endpoint(model_, [&](const graph::Endpoint& e, bool input) {
        std::string where = on_jack(e) ? (jack_.running() ? "JACK ports of client " + model_.name : "JACK (no server: waiting)")
                          : on_pipewire(e) ? "PipeWire"
                                           : "nowhere live (a plain endpoint is for offline render)";
        lines.push_back(std::string(input ? "input  " : "output ") + e.id + ": " + where);
    });
    for (const auto& s : pipewire_.status()) lines.push_back("  pipewire " + s.id + ": " + s.state);
    for (const auto& s : jack_.status()) {
        lines.push_back("  jack " + s.id + ": " + std::to_string(s.connected) + "/" + std::to_string(s.wanted) + " connections");
    }
    return lines;
}

std::string LiveSession::status_line() {
    std::string line;
    char buf[256];
    if (hub_is_jack_) {
        if (jack_.running()) {
            std::snprintf(buf, sizeof buf, "hub jack %d Hz/%d dsp %.1f%% xruns %llu", jack_.rate(), jack_.period(),
                          static_cast<double>(jack_.dsp_load()), static_cast<unsigned long long>(jack_.xruns()));
        } else {
            std::snprintf(buf, sizeof buf, "hub jack DOWN (lost %llu times, retrying each second)",
                          static_cast<unsigned long long>(jack_.server_losses() + 1));
        }
    } else {
        std::snprintf(buf, sizeof buf, "hub pipewire %d Hz/%d%s", pipewire_.rate(), pipewire_.quantum(),
                      pipewire_.running() ? "" : " DOWN");
    }
    line += buf;
    each_endpoint(model_, [&](const graph::Endpoint& e, bool) {
        const int slot = engine_.endpoint_slot(e.id);
        float peak = 0;
        for (int c = 0; c < e.channels; ++c) peak = std::max(peak, engine_.take_meter(slot, c).peak);
        line += " | " + e.id + " " + db(peak);
    });
    for (const auto& c : crossings_) {
        const BridgeStats s = c.bridge->stats();
        std::snprintf(buf, sizeof buf, " | bridge %s fill %.0f/%.0f ratio %.6f%s u%llu o%llu", c.id.c_str(), s.fill,
                      s.target_fill, s.ratio_factor, s.locked ? " locked" : " locking",
                      static_cast<unsigned long long>(s.underruns), static_cast<unsigned long long>(s.overruns));
        line += buf;
    }
    for (const auto& s : pipewire_.status()) {
        if (s.state.rfind("waiting", 0) == 0) line += " | " + s.id + " " + s.state;
    }
    return line;
}

} // namespace sy::router
