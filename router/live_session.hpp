// A running engine on real servers: the hub (a JACK server when one runs,
// otherwise PipeWire's graph) runs the Plan in its callback; every endpoint
// on the other server crosses through a Bridge.
#pragma once

#include <array>
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "graph/latency_budget.hpp"
#include "graph/model.hpp"
#include "router/bridge.hpp"
#include "router/engine.hpp"
#include "router/jack_side.hpp"
#include "router/pipewire_side.hpp"

namespace sy::router {

enum class HubChoice { Auto, Jack, Pipewire };

class LiveSession {
public:
    explicit LiveSession(graph::Model model, HubChoice hub = HubChoice::Auto);
    ~LiveSession();
    LiveSession(const LiveSession&) = delete;
    LiveSession& operator=(const LiveSession&) = delete;

    // Before start(): input `id` plays a sine instead of what its ports carry
    // (for `switchyard demo` and tests).
    void set_test_tone(const std::string& id, double hz, double db);

    // Before start(): called at the start (true) and end (false) of every
    // audio callback on either server, on that callback's thread. For tests
    // that prove the real-time rule; must itself be real-time safe.
    using CycleObserver = void (*)(void* user, bool begin);
    void set_cycle_observer(CycleObserver observer, void* user) {
        observer_ = observer;
        observer_user_ = user;
    }

    // Control thread. Connects to the servers and starts audio; "" or why not.
    std::string start();
    // Control thread, call every ~100 ms: server losses, reconnection, links.
    void poll();
    void stop();

    bool jack_is_hub() const { return hub_is_jack_; }
    const graph::Model& model() const { return model_; }
    std::vector<graph::PathBudget> budgets() const;
    // One line: hub, load, xruns, per-endpoint peaks, bridges, waiting endpoints.
    std::string status_line();
    // Lines for the start-up report: where each endpoint went.
    std::vector<std::string> endpoint_report() const;

    std::uint64_t bridge_underruns() const;
    std::uint64_t bridge_overruns() const;
    // Any thread: every bridge has locked (true when there are none).
    bool bridges_locked() const;
    const JackSide& jack() const { return jack_; }
    const PipewireSide& pipewire() const { return pipewire_; }
    Engine& engine() { return engine_; }

private:
    // One PipeWire endpoint crossing into a JACK hub, or back out of it.
    struct Crossing {
        std::string id;
        int slot = 0;
        int channels = 0;
        bool input = true;
        std::unique_ptr<Bridge> bridge;
        std::vector<float> scratch; // channels x kMaxFrames, the hub side's buffers
        std::array<float*, graph::kMaxChannels> hub_side{};
        std::array<float*, graph::kMaxChannels> pipewire_side{}; // this cycle's ports, or stand-ins
    };

    static void jack_cycle(void* self, int frames, IoTable& io, double now);
    static void pipewire_cycle(void* self, int frames, const IoTable& io, double now);
    void pipewire_side_cycle(int frames, const IoTable& io, double now);
    std::string build_crossings();
    void play_test_tone(IoTable& io, int frames); // audio thread of the hub
    std::vector<graph::LatencyPart> endpoint_parts(const graph::Endpoint& e) const;

    graph::Model model_;
    HubChoice choice_;
    bool hub_is_jack_ = false;
    Engine engine_;
    JackSide jack_;
    PipewireSide pipewire_;
    std::vector<Crossing> crossings_;
    // Stand-ins for a PipeWire port with no buffer this cycle: the bridge
    // still has to move its frames to keep time. Read-only zeros for inputs,
    // a write-only sink for outputs.
    std::vector<float> zeros_;
    std::vector<float> discard_;
    CycleObserver observer_ = nullptr;
    void* observer_user_ = nullptr;
    std::string tone_id_;
    int tone_slot_ = -1;
    int tone_channels_ = 0;
    double tone_phase_ = 0.0;
    double tone_hz_ = 440.0;
    float tone_gain_ = 0.25f;
    std::vector<float> tone_;
    // Set once the crossings exist; both callbacks play silence until then.
    std::atomic<bool> crossings_ready_{false};
};

} // namespace sy::router
