// The engine: the one place where a Model becomes sound. The control side
// validates and compiles edits into Plans and publishes them; the audio side
// (a driver's callback) runs the current Plan once per cycle.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "dsp/gain_ramp.hpp"
#include "dsp/meter.hpp"
#include "graph/compiler.hpp"
#include "graph/model.hpp"
#include "graph/problem.hpp"
#include "router/engine/insert_rack.hpp"
#include "router/engine/io_table.hpp"
#include "router/engine/loudness_taps.hpp"
#include "router/engine/rt_handoff.hpp"

namespace sy::router {

struct EngineOptions {
    int max_frames = 1024; // the largest block a driver will ask for
    double ramp_ms = 5.0;  // every gain, mute and route change takes this long
};

class Engine {
public:
    explicit Engine(EngineOptions options = {});
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    // Control thread. Validates `next`, and if it is good makes it the
    // running model: removed routes fade out before they go, new routes fade
    // in, changed gains ramp. On problems nothing changes. Only a change of
    // topology (graph/signature.hpp) compiles and publishes a Plan; faders,
    // mutes and solos reach the audio thread as per-route target gains.
    graph::Problems apply(const graph::Model& next);

    // Control thread. A driver says whether an audio thread is cycling; with
    // none, changes need no fades and retired Plans are freed at once.
    void set_audio_running(bool running);
    // Control thread. Frees Plans the audio thread has moved past.
    void reclaim();
    // Control thread. Returns once the audio thread runs the current Plan
    // and its gain ramps have ended (at most 250 ms; at once without audio).
    void settle();

    const graph::Model& model() const { return model_; }
    const graph::Plan* plan() const { return plans_.current(); }
    // Control thread. Which Plan that is: one more with every Plan published.
    std::uint64_t plan_generation() const { return plans_.current_generation(); }
    int endpoint_slot(const std::string& id) const;
    // Control thread: the inserts running (for their latency, tests, views).
    const InsertRack& inserts() const { return inserts_; }
    // Control thread: every strip's loudness (drain it often: LiveSession::poll).
    LoudnessTaps& loudness() { return loudness_; }
    const LoudnessTaps& loudness() const { return loudness_; }
    std::size_t retired_plans() const { return plans_.retired_count(); }

    // Any thread.
    dsp::MeterReading take_meter(int slot, int channel);
    std::uint64_t frames_processed() const { return frames_processed_.load(std::memory_order_relaxed); }
    std::uint64_t oversize_cycles() const { return oversize_cycles_.load(std::memory_order_relaxed); }
    // Exactly one thread runs the Plan at a time, and only while a driver
    // has said audio runs (otherwise apply() frees Plans at once). These
    // count the breaches; debug builds also assert on an overlap.
    std::uint64_t overlapping_cycles() const { return overlapping_cycles_.load(std::memory_order_relaxed); }
    std::uint64_t cycles_while_stopped() const { return cycles_while_stopped_.load(std::memory_order_relaxed); }
    // How often the thread that runs process() changed: 1 after the first
    // cycle, one more each time another thread runs it (its server's client
    // opened again after a restart).
    std::uint64_t runner_changes() const { return runner_changes_.load(std::memory_order_relaxed); }

    // Audio thread only: never allocates, locks, logs or blocks. Reads the
    // inputs named in `io`, writes its outputs. A block larger than the Plan
    // was built for plays silence (and is counted), never garbage.
    void process(int frames, const IoTable& io);

private:
    void run_plan(int frames, const IoTable& io); // process() without the runner checks
    // Runs the inserts placed before step `step` from `*next` on; returns the new cursor.
    static std::size_t run_inserts(const graph::Plan& plan, std::size_t next, int step, int frames);
    // Slots only a replaced Plan used: free again once the audio thread
    // can no longer hold that Plan.
    struct FreedSlots {
        std::vector<int> endpoints;
        std::vector<int> routes;
    };
    // apply()'s steps for a change of topology.
    bool room_for(const std::set<std::string>& endpoints, const std::set<std::string>& routes);
    bool fade_out_leaving(const std::set<std::string>& next_routes); // true: wait a ramp
    FreedSlots free_slots_leaving(const std::set<std::string>& next_endpoints, const std::set<std::string>& next_routes);
    // `targets`: graph::route_target_gains(next), in next.routes order.
    void take_slots(const std::set<std::string>& next_endpoints, const graph::Model& next,
                    const std::vector<float>& targets);
    void set_targets(const graph::Model& next, const std::vector<float>& targets);
    void publish(const graph::Model& model, FreedSlots freed);
    void wait_for_ramp(); // until the audio thread runs the current Plan and its ramps end

    EngineOptions options_;
    graph::Model model_;
    graph::Slots slots_;
    std::vector<int> free_endpoint_slots_;
    std::vector<int> free_route_slots_;
    RtHandoff<graph::Plan, 1, FreedSlots> plans_;
    InsertRack inserts_;
    LoudnessTaps loudness_;
    bool audio_running_ = false;
    std::atomic<bool> audio_said_running_{false}; // audio_running_, for the audio thread's check

    // Owned by the audio thread while it runs; the control thread touches a
    // slot only while no published Plan refers to it.
    std::unique_ptr<dsp::GainRamp[]> gains_;
    // By route slot: the gain the route's ramp heads for. The control thread
    // writes it for a change of the mixer, with no new Plan.
    std::unique_ptr<std::atomic<float>[]> targets_;
    std::unique_ptr<dsp::Meter[]> meters_; // kMaxEndpoints x kMaxChannels

    std::atomic<std::uint64_t> frames_processed_{0};
    std::atomic<std::uint64_t> oversize_cycles_{0};
    std::atomic<int> runners_{0};
    std::atomic<unsigned long> last_runner_{0};
    std::atomic<std::uint64_t> overlapping_cycles_{0};
    std::atomic<std::uint64_t> cycles_while_stopped_{0};
    std::atomic<std::uint64_t> runner_changes_{0};
};

} // namespace sy::router
