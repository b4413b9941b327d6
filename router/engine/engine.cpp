#include "router/engine/engine.hpp"

#include <pthread.h>

#include <array>
#include <cassert>
#include <chrono>
#include <cmath>
#include <cstring>
#include <set>

#include "dsp/mix.hpp"
#include "fx/insert_check.hpp"
#include "graph/route_gain.hpp"
#include "graph/signature.hpp"
#include "graph/validate.hpp"
#include "router/engine/wait_until.hpp"

namespace sy::router {

using graph::Model;
using graph::Plan;

Engine::Engine(EngineOptions options)
    : options_(options),
      gains_(std::make_unique<dsp::GainRamp[]>(kMaxRoutes)),
      targets_(std::make_unique<std::atomic<float>[]>(kMaxRoutes)),
      meters_(std::make_unique<dsp::Meter[]>(static_cast<std::size_t>(kMaxEndpoints) * graph::kMaxChannels)) {
    for (int s = kMaxEndpoints - 1; s >= 0; --s) free_endpoint_slots_.push_back(s);
    for (int s = kMaxRoutes - 1; s >= 0; --s) free_route_slots_.push_back(s);
}

Engine::~Engine() = default;

int Engine::endpoint_slot(const std::string& id) const {
    auto it = slots_.endpoints.find(id);
    return it == slots_.endpoints.end() ? -1 : it->second;
}

void Engine::set_audio_running(bool running) {
    // control thread only
    audio_running_ = running;
    audio_said_running_.store(running, std::memory_order_release);
    reclaim();
}

void Engine::reclaim() {
    // control thread only. With no audio thread running, nothing holds a Plan.
    for (auto& freed : plans_.reclaim({audio_running_})) {
        free_endpoint_slots_.insert(free_endpoint_slots_.end(), freed.endpoints.begin(), freed.endpoints.end());
        free_route_slots_.insert(free_route_slots_.end(), freed.routes.begin(), freed.routes.end());
    }
}

void Engine::settle() {
    // control thread only
    if (audio_running_ && plans_.current()) wait_for_ramp();
}

graph::Problems Engine::apply(const Model& next) {
    // control thread only
    graph::Problems problems = graph::validate(next);
    if (problems.empty()) problems = fx::check_inserts(next);
    if (!problems.empty()) return problems;

    // The mixer alone changed (or an insert's controls or bypass): the
    // running Plan stays, the ramps follow the new targets.
    if (plans_.current() && graph::same_topology(model_, next)) {
        set_targets(next, graph::route_target_gains(next));
        inserts_.set_controls(next);
        model_ = next;
        return {};
    }

    std::set<std::string> next_routes;
    for (const auto& r : next.routes) next_routes.insert(graph::route_key(r));
    std::set<std::string> next_endpoints;
    for (const auto* list : {&next.inputs, &next.buses, &next.outputs}) {
        for (const auto& e : *list) next_endpoints.insert(e.id);
    }
    if (!room_for(next_endpoints, next_routes)) {
        return {{"", "too many endpoints or routes (at most " + std::to_string(kMaxEndpoints) + " endpoints and " +
                         std::to_string(kMaxRoutes) + " routes)"}};
    }
    problems = inserts_.prepare(next, options_.max_frames, graph::ramp_frames(options_.ramp_ms, next.engine.rate),
                                audio_running_);
    if (!problems.empty()) return problems;
    const bool routes_fading = fade_out_leaving(next_routes);
    const bool inserts_fading = audio_running_ && plans_.current() && inserts_.fade_out_leaving();
    if (routes_fading || inserts_fading) wait_for_ramp();
    FreedSlots freed = free_slots_leaving(next_endpoints, next_routes);
    const std::vector<float> targets = graph::route_target_gains(next);
    take_slots(next_endpoints, next, targets);
    set_targets(next, targets);
    inserts_.commit();
    publish(next, std::move(freed));
    model_ = next;
    reclaim();
    return {};
}

bool Engine::room_for(const std::set<std::string>& endpoints, const std::set<std::string>& routes) {
    // control thread only
    std::size_t new_endpoints = 0;
    std::size_t new_routes = 0;
    for (const auto& id : endpoints) new_endpoints += slots_.endpoints.count(id) ? 0 : 1;
    for (const auto& k : routes) new_routes += slots_.routes.count(k) ? 0 : 1;
    auto fits = [&] { return new_endpoints <= free_endpoint_slots_.size() && new_routes <= free_route_slots_.size(); };
    if (fits()) return true;
    reclaim();
    return fits();
}

bool Engine::fade_out_leaving(const std::set<std::string>& next_routes) {
    // control thread only. Routes that go away first fade to silence on the
    // running Plan, so that removing them is silent too.
    if (!audio_running_ || !plans_.current()) return false;
    bool any = false;
    for (const auto& [key, slot] : slots_.routes) {
        auto& target = targets_[static_cast<std::size_t>(slot)];
        if (next_routes.count(key) || target.load(std::memory_order_relaxed) == 0.0f) continue;
        target.store(0.0f, std::memory_order_relaxed);
        any = true;
    }
    return any;
}

Engine::FreedSlots Engine::free_slots_leaving(const std::set<std::string>& next_endpoints,
                                              const std::set<std::string>& next_routes) {
    // control thread only. The slots stay taken until the running Plan,
    // which still names them, is reclaimed.
    FreedSlots freed;
    for (auto it = slots_.endpoints.begin(); it != slots_.endpoints.end();) {
        if (next_endpoints.count(it->first)) {
            ++it;
            continue;
        }
        freed.endpoints.push_back(it->second);
        it = slots_.endpoints.erase(it);
    }
    for (auto it = slots_.routes.begin(); it != slots_.routes.end();) {
        if (next_routes.count(it->first)) {
            ++it;
            continue;
        }
        freed.routes.push_back(it->second);
        it = slots_.routes.erase(it);
    }
    return freed;
}

void Engine::take_slots(const std::set<std::string>& next_endpoints, const Model& next,
                        const std::vector<float>& targets) {
    // control thread only: no published Plan names a free slot, so its
    // meters and ramp are the control thread's to reset.
    for (const auto& id : next_endpoints) {
        if (slots_.endpoints.count(id)) continue;
        const int slot = free_endpoint_slots_.back();
        free_endpoint_slots_.pop_back();
        slots_.endpoints.emplace(id, slot);
        for (int c = 0; c < graph::kMaxChannels; ++c) meters_[static_cast<std::size_t>(slot) * graph::kMaxChannels + static_cast<std::size_t>(c)].take();
    }
    for (std::size_t i = 0; i < next.routes.size(); ++i) {
        const std::string key = graph::route_key(next.routes[i]);
        if (slots_.routes.count(key)) continue;
        const int slot = free_route_slots_.back();
        free_route_slots_.pop_back();
        slots_.routes.emplace(key, slot);
        // Before audio runs a route simply is at its gain (faders, mutes and
        // solos included); while it runs a new route fades in from silence.
        gains_[static_cast<std::size_t>(slot)].jump_to(audio_running_ ? 0.0f : targets[i]);
    }
}

void Engine::set_targets(const Model& next, const std::vector<float>& targets) {
    // control thread only. Each route's gain is one relaxed store: the audio
    // thread reads it once per cycle and ramps there, so routes whose gains
    // change together (a solo) may start their ramps a cycle apart.
    for (std::size_t i = 0; i < next.routes.size(); ++i) {
        const int slot = slots_.routes.at(graph::route_key(next.routes[i]));
        targets_[static_cast<std::size_t>(slot)].store(targets[i], std::memory_order_relaxed);
    }
}

void Engine::publish(const Model& model, FreedSlots freed) {
    graph::CompileOptions options;
    options.max_frames = options_.max_frames;
    options.ramp_ms = options_.ramp_ms;
    graph::Compiled compiled = graph::compile(model, slots_, options);
    // apply() validated and assigned every slot, so compiling cannot fail.
    loudness_.attach(*compiled.plan);
    for (auto& run : compiled.plan->inserts) {
        run.chain = inserts_.chain(compiled.plan->endpoints[static_cast<std::size_t>(run.endpoint)].id);
    }
    plans_.publish(std::move(compiled.plan), std::move(freed));
}

void Engine::wait_for_ramp() {
    // control thread only: sleeps, never spins the audio thread's core. An
    // audio thread stalled for 250 ms is not waited for any longer: nothing
    // is heard meanwhile anyway.
    using namespace std::chrono;
    const auto deadline = steady_clock::now() + milliseconds(250);
    if (!wait_until(milliseconds(250), milliseconds(1), [&] { return plans_.seen_by_all({true}); })) return;
    const std::uint64_t start = frames_processed();
    const Plan* plan = plans_.current();
    const std::uint64_t needed = static_cast<std::uint64_t>(plan->ramp_frames + plan->max_frames);
    wait_until(deadline - steady_clock::now(), milliseconds(1), [&] { return frames_processed() - start >= needed; });
}

dsp::MeterReading Engine::take_meter(int slot, int channel) {
    if (slot < 0 || slot >= kMaxEndpoints || channel < 0 || channel >= graph::kMaxChannels) return {};
    return meters_[static_cast<std::size_t>(slot) * graph::kMaxChannels + static_cast<std::size_t>(channel)].take();
}

void Engine::process(int frames, const IoTable& io) {
    // audio thread only. The checks are a few uncontended atomics: cheap
    // enough for every cycle, and real-time safe (pthread_self reads a
    // thread-local, no system call).
    const int before = runners_.fetch_add(1, std::memory_order_acq_rel);
    if (before != 0) overlapping_cycles_.fetch_add(1, std::memory_order_relaxed);
    assert(before == 0 && "two threads run one Engine's Plan at once");
    if (!audio_said_running_.load(std::memory_order_acquire)) cycles_while_stopped_.fetch_add(1, std::memory_order_relaxed);
    const unsigned long me = static_cast<unsigned long>(pthread_self());
    if (last_runner_.exchange(me, std::memory_order_relaxed) != me) runner_changes_.fetch_add(1, std::memory_order_relaxed);
    run_plan(frames, io);
    runners_.fetch_sub(1, std::memory_order_release);
}

namespace {

// An endpoint's channels in the Plan's arena, as the strip processors and
// the loudness taps take them.
std::array<float*, graph::kMaxChannels> channels_of(const graph::PlanEndpoint& e, int max_frames) {
    std::array<float*, graph::kMaxChannels> channels{};
    for (int c = 0; c < e.channels; ++c) channels[static_cast<std::size_t>(c)] = e.channel(c, max_frames);
    return channels;
}

} // namespace

std::size_t Engine::run_inserts(const Plan& plan, std::size_t next, int step, int frames) {
    // audio thread only
    while (next < plan.inserts.size() && plan.inserts[next].before_step <= step) {
        const graph::PlanInserts& run = plan.inserts[next++];
        if (run.chain) {
            run.chain->process(channels_of(plan.endpoints[static_cast<std::size_t>(run.endpoint)], plan.max_frames).data(),
                               frames);
        }
    }
    return next;
}

void Engine::run_plan(int frames, const IoTable& io) {
    // audio thread only
    const Plan* plan = plans_.acquire(0).value;
    if (!plan || frames <= 0) return;
    const std::size_t n = static_cast<std::size_t>(frames);
    const int mf = plan->max_frames;

    if (frames > mf) {
        oversize_cycles_.fetch_add(1, std::memory_order_relaxed);
        for (const auto& e : plan->endpoints) {
            if (e.kind != graph::EndpointKind::Output) continue;
            for (int c = 0; c < e.channels; ++c) {
                if (float* out = io.channel[static_cast<std::size_t>(e.slot)][static_cast<std::size_t>(c)]) {
                    std::memset(out, 0, n * sizeof(float));
                }
            }
        }
        return;
    }

    for (const auto& e : plan->endpoints) {
        if (e.kind != graph::EndpointKind::Input) continue;
        for (int c = 0; c < e.channels; ++c) {
            const float* in = io.channel[static_cast<std::size_t>(e.slot)][static_cast<std::size_t>(c)];
            if (in) {
                std::memcpy(e.channel(c, mf), in, n * sizeof(float));
            } else {
                std::memset(e.channel(c, mf), 0, n * sizeof(float));
            }
        }
    }
    for (const auto& s : plan->silences) {
        std::memset(plan->endpoints[static_cast<std::size_t>(s.endpoint)].channel(s.channel, mf), 0, n * sizeof(float));
    }
    std::size_t next_insert = 0;
    for (std::size_t k = 0; k < plan->steps.size(); ++k) {
        const auto& step = plan->steps[k];
        next_insert = run_inserts(*plan, next_insert, static_cast<int>(k), frames);
        dsp::GainRamp& gain = gains_[static_cast<std::size_t>(step.gain_slot)];
        gain.set_target(targets_[static_cast<std::size_t>(step.gain_slot)].load(std::memory_order_relaxed),
                        plan->ramp_frames);
        const dsp::GainSpan span = gain.span(frames);
        const auto& src = plan->endpoints[static_cast<std::size_t>(step.src)];
        const auto& dst = plan->endpoints[static_cast<std::size_t>(step.dst)];
        for (const auto& tap : step.taps) {
            float* d = dst.channel(tap.to, mf);
            const float* s = src.channel(tap.from, mf);
            if (tap.assign) {
                dsp::mix_assign(d, s, n, span, tap.weight);
            } else {
                dsp::mix_add(d, s, n, span, tap.weight);
            }
        }
        gain.advance(frames);
    }
    run_inserts(*plan, next_insert, static_cast<int>(plan->steps.size()), frames);
    const float meter_decay = std::exp(-static_cast<float>(frames) / plan->meter_tau_frames);
    for (const auto& e : plan->endpoints) {
        if (e.tap) e.tap->write(channels_of(e, mf).data(), frames);
        for (int c = 0; c < e.channels; ++c) {
            const std::size_t m = static_cast<std::size_t>(e.slot) * graph::kMaxChannels + static_cast<std::size_t>(c);
            meters_[m].update(e.channel(c, mf), n, meter_decay);
            if (e.kind != graph::EndpointKind::Output) continue;
            if (float* out = io.channel[static_cast<std::size_t>(e.slot)][static_cast<std::size_t>(c)]) {
                std::memcpy(out, e.channel(c, mf), n * sizeof(float));
            }
        }
    }
    frames_processed_.store(frames_processed_.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
}

} // namespace sy::router
