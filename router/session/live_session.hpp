// A running engine on real servers: the hub (a JACK server when one runs,
// otherwise PipeWire's graph) runs the Plan in its callback; every endpoint
// on the other server crosses through a Bridge. The model can change while
// audio runs (apply()): endpoints that stay keep their ports, links and
// bridges, so the paths through them play on without a click.
//
// Each server's connection is a ServerLink state machine, observed on every
// poll(); each transition rebuilds what depends on it (live_session_hub.cpp):
// - the hub moves only when the hub's server goes away, to the other server
//   when it runs; a server that appears (late, or back after a restart)
//   while the other is the hub joins through bridges, so the hub's own
//   endpoints never stop;
// - crossings are rebuilt whenever either side's rate or period changes
//   (a PipeWire quantum change, jack_bufsize) and while JACK freewheels
//   there are none;
// - exactly one thread runs the Plan: each callback runs it only while it
//   is the hub (hub_), and a move waits until the old hub's cycle is over.
#pragma once

#include <array>
#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "graph/latency_budget.hpp"
#include "graph/model.hpp"
#include "router/bridge/bridge.hpp"
#include "router/engine/engine.hpp"
#include "router/engine/io_rows.hpp"
#include "router/engine/meter_board.hpp"
#include "router/engine/port_status.hpp"
#include "router/pipewire/side.hpp"
#include "router/engine/rt_handoff.hpp"
#include "router/session/server_link.hpp"

namespace sy::router {

// The JACK side is only pointed at here, so that what includes the session
// (the controller, the commands) does not include <jack/jack.h>.
class JackSide;
struct JackEndpoint;

enum class HubChoice { Auto, Jack, Pipewire };

class LiveSession {
public:
    enum class Server : int { None = 0, Jack = 1, Pipewire = 2 };

    explicit LiveSession(graph::Model model, HubChoice hub = HubChoice::Auto);
    ~LiveSession();
    LiveSession(const LiveSession&) = delete;
    LiveSession& operator=(const LiveSession&) = delete;

    // Before start(): input `id` plays a sine instead of what its ports carry
    // (for `switchyard demo` and tests).
    void set_test_tone(const std::string& id, double hz, double db);

    // Before start(): called at the start (true) and end (false) of every
    // audio callback on either server, on that callback's thread. For tests
    // that prove the real-time rule or disturb one server's cycles; must
    // itself be real-time safe.
    using CycleObserver = void (*)(void* user, Server server, bool begin);
    void set_cycle_observer(CycleObserver observer, void* user) {
        observer_ = observer;
        observer_user_ = user;
    }

    // Control thread. Connects to the servers and starts audio; "" or why not.
    std::string start();
    // Control thread, call every ~100 ms: server losses, reconnection, links.
    void poll();
    void stop();

    // Control thread. Makes `next` the running model; before start() it is
    // simply the model start() will run. Validates first: on problems nothing
    // changes. While audio runs, routes through endpoints that go fade out
    // before those endpoints' ports and bridges go; new endpoints join
    // silent and their routes fade in; everything else ramps to its new
    // gain. The hub's rate stays (a running server's rate wins), as do the
    // JACK client's and the PipeWire node's names.
    graph::Problems apply(const graph::Model& next);

    bool started() const { return started_; }
    // Control thread. Which server's callback runs the Plan now.
    // "jack", "pipewire" or "none": the name in events, status and logs.
    static const char* server_name(Server s);
    Server hub() const { return hub_server_; }
    bool jack_is_hub() const { return hub_server_ == Server::Jack; }
    // The JACK library is PipeWire's own (pipewire-jack) and the hub is not
    // pinned to JACK: JACK endpoints are ports of the PipeWire node, linked
    // to the JACK ports they name, in PipeWire's cycle with no bridge.
    bool one_clock_domain() const { return one_domain_; }
    const ServerLink& jack_link() const { return jack_link_; }
    const ServerLink& pipewire_link() const { return pipewire_link_; }
    // Control thread. Server transitions, hub moves and crossing rebuilds
    // since the last call, one line each, oldest first (for events and logs).
    struct Event {
        std::string server; // "jack", "pipewire" or "hub"
        std::string state;  // the new state, "moved" or "resized"
        std::string detail;
    };
    std::vector<Event> take_events();
    const graph::Model& model() const { return model_; }
    std::vector<graph::PathBudget> budgets() const;
    // One line: hub, load, xruns, per-endpoint peaks, bridges, waiting endpoints.
    std::string status_line();

    // Control thread. Where each input and output stands on its server.
    struct EndpointState {
        std::string server; // "jack", "pipewire" or "none" (a plain endpoint: offline render only)
        std::string state;  // "2/2 connections", "linked to test-sink-a", "waiting for node ...", ...
        bool ready = false; // audio flows (or can, for ports nobody is asked to link)
        std::vector<PortStatus> ports; // with PortDetail::List: ours on that server and what each is connected to
    };
    std::map<std::string, EndpointState> endpoint_states(PortDetail detail = PortDetail::Omit) const;
    struct BridgeReport {
        std::string id;
        BridgeStats stats;
    };
    std::vector<BridgeReport> bridge_reports() const;
    // Control thread. Every reader of the meters goes through the board.
    MeterBoard& meters() { return meters_; }
    // Lines for the start-up report: where each endpoint went.
    std::vector<std::string> endpoint_report() const;

    // Control thread. The hub's server as the status reports it: JACK
    // also says its DSP load and xruns.
    struct HubFigures {
        bool running = false;
        int rate = 0;
        int period = 0; // JACK's period or PipeWire's quantum
        std::optional<float> dsp_load;
        std::optional<std::uint64_t> xruns;
    };
    HubFigures hub_figures() const;
    // Cycles a server ran without us since start: JACK's xruns, the PipeWire
    // graph cycles our node was left out of or finished late.
    std::uint64_t missed_cycles(Server s) const;

    std::uint64_t bridge_underruns() const;
    std::uint64_t bridge_overruns() const;
    // Any thread: every bridge has locked (true when there are none).
    bool bridges_locked() const;
    const JackSide& jack() const { return *jack_; }
    const PipewireSide& pipewire() const { return pipewire_; }
    Engine& engine() { return engine_; }

private:
    // One endpoint on the far server (the one that is not the hub) crossing
    // into the hub, or back out of it.
    struct Crossing {
        std::string id;
        int slot = 0;
        int channels = 0;
        bool input = true;
        Server far = Server::Pipewire; // the server whose callback drives the far end
        graph::Quality quality = graph::Quality::Medium;
        graph::LatencyMode latency = graph::LatencyMode::Safe;
        std::unique_ptr<Bridge> bridge;
        std::vector<float> scratch; // channels x kMaxFrames, the hub side's buffers
        std::array<float*, graph::kMaxChannels> hub_side{};
        std::array<float*, graph::kMaxChannels> far_side{}; // this cycle's ports, or stand-ins
    };
    // The sizes the crossings were built for; a change of any rebuilds them.
    struct CrossingSizes {
        Server hub = Server::None;
        int jack_rate = 0, jack_period = 0, pipewire_rate = 0, pipewire_quantum = 0;
        bool operator==(const CrossingSizes&) const = default;
    };
    // What both audio threads walk, published whole.
    struct CrossingRow {
        int slot = 0; // the crossing's slot: the JACK side points the IoTable row there at its buffers
        Crossing* crossing = nullptr;
    };
    struct CrossingSet {
        std::vector<CrossingRow> rows;
    };
    static constexpr int kMaxFrames = 8192; // the largest period either server may ask for
    // RtHandoff reader index of a server's audio thread.
    static std::size_t reader(Server s) { return s == Server::Jack ? 0 : 1; }

    // live_session_hub.cpp: the audio side, the hub and the crossings.
    static void jack_cycle(void* self, int frames, IoTable& io, double now);
    static void pipewire_cycle(void* self, int frames, const IoTable& io, double now);
    void run_cycle(Server me, int frames, IoTable& io, double now);  // audio thread of `me`
    void hub_cycle(Server me, int frames, IoTable& io, double now);  // the hub's audio thread
    void far_cycle(Server me, int frames, const IoTable& io, double now);
    void observe_servers();
    void note(std::string server, std::string state, std::string detail);
    Server choose_hub() const;
    void move_hub(Server next);
    int hub_rate(Server s) const;
    bool crossable() const;
    CrossingSizes sizes_now() const;
    bool on_far(const graph::Endpoint& e) const;
    std::unique_ptr<Crossing> make_crossing(const graph::Endpoint& e) const;
    void update_crossings(const graph::Model& m, bool rebuild_all = false);
    // `gone`: crossings only the replaced set pointed at, freed with it.
    void publish_crossings(std::vector<std::unique_ptr<Crossing>> gone = {});
    void free_retired_crossings();
    void wait_until_crossings_seen();
    // Whether a crossing's bridge is written on JACK's clock (and read on
    // PipeWire's): an input from JACK, or an output from a JACK hub.
    static bool written_by_jack(const Crossing& c) { return c.input == (c.far == Server::Jack); }
    void remember_learnt_rates();
    // Which side serves an endpoint: a JACK endpoint is the PipeWire node's
    // in one clock domain.
    bool served_by_jack(const graph::Endpoint& e) const { return e.jack.has_value() && !one_domain_; }
    bool served_by_pipewire(const graph::Endpoint& e) const {
        return e.pipewire.has_value() || (one_domain_ && e.jack.has_value());
    }
    // live_session.cpp
    std::vector<JackEndpoint> jack_endpoints(const graph::Model& m) const;
    std::vector<PipewireEndpoint> pipewire_endpoints(const graph::Model& m) const;
    bool jack_wanted(const graph::Model& m) const;
    std::string serve(const graph::Model& m);
    void aim_test_tone();
    void play_test_tone(IoTable& io, int frames); // audio thread of the hub
    std::vector<graph::LatencyPart> endpoint_parts(const graph::Endpoint& e) const;
    // live_session_latency.cpp: our own latency, told to both servers.
    void report_latency();

    graph::Model model_;
    HubChoice choice_;
    bool one_domain_ = false; // see one_clock_domain()
    Server hub_server_ = Server::None; // control thread's copy of hub_
    // Whose callback runs the Plan: read once per cycle by both audio
    // threads (seq_cst with in_cycle_, so a move can wait the old hub out).
    std::atomic<int> hub_{0};
    std::array<std::atomic<bool>, 3> in_cycle_{}; // by Server: that server's callback is inside a cycle
    Engine engine_;
    std::unique_ptr<JackSide> jack_;
    PipewireSide pipewire_;
    ServerLink jack_link_{"jack"};
    ServerLink pipewire_link_{"pipewire"};
    std::vector<Event> events_;
    // The backends' loss counts as last observed: a loss and a reconnection
    // between two polls still pass through "lost".
    std::uint64_t jack_losses_seen_ = 0;
    std::uint64_t pipewire_losses_seen_ = 0;
    bool started_ = false;
    CrossingSizes built_for_; // what the crossings were built for
    // The ratio factor a locked bridge from JACK's clock to PipeWire's last
    // said (the other way round it is the inverse: the factor corrects
    // reader_rate / writer_rate). Every crossing joins the same two clocks,
    // JACK's and our PipeWire node's driver, and their rate difference
    // outlives any bridge, so a new bridge starts from it
    // (Bridge::start_with_rate): after a rebuild for new sizes, a server's
    // restart, a new endpoint, or a hub move that turns every crossing round.
    std::optional<double> learnt_jack_to_pipewire_;
    std::vector<std::unique_ptr<Crossing>> crossings_; // control thread; the audio threads see crossing_set_
    // By reader: the hub's rows that it points at crossings' buffers, cleared
    // when a crossing goes so that nothing writes into a freed one. Each
    // touched only by its own server's audio thread.
    std::array<IoRows, 2> crossing_rows_;
    MeterBoard meters_;
    int status_meter_reader_ = -1;
    // The crossings that go wait with the set they left, until both audio
    // threads have moved past it.
    RtHandoff<CrossingSet, 2, std::vector<std::unique_ptr<Crossing>>> crossing_set_;
    // Stand-ins for a PipeWire port with no buffer this cycle: the bridge
    // still has to move its frames to keep time. Read-only zeros for inputs,
    // a write-only sink for outputs.
    std::vector<float> zeros_;
    std::array<std::vector<float>, 2> discard_; // by reader: each server's thread writes only its own
    CycleObserver observer_ = nullptr;
    void* observer_user_ = nullptr;
    std::string tone_id_;
    // Where the tone goes, packed as slot * 256 + channels (one atomic, so
    // the audio thread never pairs one endpoint's slot with another's count).
    std::atomic<int> tone_target_{-1};
    double tone_phase_ = 0.0;
    double tone_hz_ = 440.0;
    double tone_step_ = 0.0;
    float tone_gain_ = 0.25f;
    std::vector<float> tone_;
};

} // namespace sy::router
