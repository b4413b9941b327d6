// The session's audio side: each server's callback runs its own engine,
// reads the crossings into it and writes its inputs into the crossings out
// of it; and the test tone, played where its input is at home.
#include <cmath>

#include "dsp/denormals.hpp"
#include "router/engine/monotonic_seconds.hpp"
#include "router/session/live_session.hpp"

namespace sy::router {

void LiveSession::jack_cycle(void* arg, int frames, IoTable& io, double now) {
    // audio thread only (JACK's process thread)
    static_cast<LiveSession*>(arg)->run_cycle(Server::Jack, frames, io, now);
}

void LiveSession::pipewire_cycle(void* arg, int frames, const IoTable& io, double now) {
    // audio thread only (PipeWire's data thread). The table is PipewireNode's
    // own mutable memory, filled anew each cycle; we point the rows of
    // crossings and of the test tone (which no PipeWire port uses) at our
    // own buffers.
    static_cast<LiveSession*>(arg)->run_cycle(Server::Pipewire, frames, const_cast<IoTable&>(io), now);
}

void LiveSession::run_cycle(Server me, int frames, IoTable& io, double now) {
    // audio thread of `me` only
    dsp::denormals_off();
    if (observer_) observer_(observer_user_, me, true);
    const std::size_t i = index(me);
    auto& busy = in_cycle_[static_cast<std::size_t>(me)];
    // seq_cst pairs with seat(): either it sees us busy and waits, or we
    // see it unseated us.
    busy.store(true, std::memory_order_seq_cst);
    const auto acquired = crossing_set_.acquire(i);
    // A crossing that went leaves no pointer into its freed buffers behind.
    crossing_rows_[i].adopt(io, acquired.value ? &acquired.value->into[i] : nullptr, acquired.generation);
    const CrossingSet* set = frames <= kMaxFrames ? acquired.value : nullptr;
    if (set) {
        for (const auto& [slot, c] : set->into[i].rows) {
            auto& row = io.channel[static_cast<std::size_t>(slot)];
            for (int ch = 0; ch < c->channels; ++ch) row[static_cast<std::size_t>(ch)] = c->to_side[static_cast<std::size_t>(ch)];
            c->bridge->read(c->to_side.data(), frames, now);
        }
    }
    play_test_tone(me, io, frames);
    if (seated_[i].load(std::memory_order_seq_cst)) engines_[i]->process(frames, io);
    if (set) {
        // When these frames land, for the bridges' margins: after the work
        // of the cycle, which they must cover as much as a late wake.
        const double landed = monotonic_seconds();
        for (Crossing* c : set->all) {
            if (c->from != me) continue;
            const auto& row = io.channel[static_cast<std::size_t>(c->from_slot)];
            for (int ch = 0; ch < c->channels; ++ch) {
                const float* port = row[static_cast<std::size_t>(ch)];
                // A port with no buffer this cycle: the bridge still moves
                // its frames to keep time.
                c->from_side[static_cast<std::size_t>(ch)] = port ? port : zeros_.data();
            }
            c->bridge->write(c->from_side.data(), frames, now, landed);
        }
    }
    busy.store(false, std::memory_order_release);
    if (observer_) observer_(observer_user_, me, false);
}

void LiveSession::set_test_tone(const std::string& id, double hz, double db) {
    tone_id_ = id;
    tone_hz_ = hz;
    tone_gain_ = static_cast<float>(std::pow(10.0, db / 20.0));
    for (auto& t : tone_) t.assign(kMaxFrames, 0.0f);
}

void LiveSession::aim_test_tone() {
    // control thread only. The tone plays where its input is at home: a
    // crossing carries it from there, as it would the input's ports.
    if (tone_id_.empty()) return;
    const graph::Endpoint* e = model_.find(tone_id_);
    if (!e || e->kind != graph::EndpointKind::Input) {
        tone_target_.store(-1, std::memory_order_release);
        return;
    }
    const Server home = server_of(home_of(*e));
    const std::size_t i = index(home);
    const int slot = engines_[i]->endpoint_slot(tone_id_);
    const int rate = seated_rate_[i] > 0 ? seated_rate_[i] : model_.engine.rate;
    tone_step_[i].store(2.0 * M_PI * tone_hz_ / rate, std::memory_order_relaxed);
    tone_target_.store(slot >= 0 ? static_cast<int>(i) << 16 | slot << 8 | e->channels : -1, std::memory_order_release);
}

void LiveSession::play_test_tone(Server me, IoTable& io, int frames) {
    // audio thread of `me` only
    const int target = tone_target_.load(std::memory_order_acquire);
    const std::size_t i = index(me);
    if (target < 0 || static_cast<std::size_t>(target >> 16) != i || frames > kMaxFrames) return;
    std::vector<float>& tone = tone_[i];
    double& phase = tone_phase_[i];
    const double step = tone_step_[i].load(std::memory_order_relaxed);
    for (int n = 0; n < frames; ++n) {
        tone[static_cast<std::size_t>(n)] = tone_gain_ * static_cast<float>(std::sin(phase));
        phase += step;
    }
    phase = std::fmod(phase, 2.0 * M_PI);
    auto& row = io.channel[static_cast<std::size_t>((target >> 8) & 0xff)];
    for (int c = 0; c < (target & 0xff); ++c) row[static_cast<std::size_t>(c)] = tone.data();
}

} // namespace sy::router
