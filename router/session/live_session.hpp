// A running engine on real servers. Each server runs its own Plan in its own
// callback: JACK's the paths that end at JACK outputs, PipeWire's those that
// end at PipeWire outputs (graph/domain_split.hpp). Only an input's raw
// signal crosses a clock domain, through a Bridge, once, into each domain
// whose outputs it reaches; a bus runs in every domain it feeds (replicas
// with one strip). So no path crosses more than one bridge. The model can
// change while audio runs (apply()): endpoints that stay keep their ports,
// links and bridges, so the paths through them play on without a click.
//
// Each server's connection is a ServerLink state machine, observed on every
// poll(); each transition rebuilds what depends on it (live_session_servers.cpp):
// - an endpoint's home is its own server while that server runs, else the
//   hub's domain; the hub (JACK when it runs, unless pinned) also homes
//   plain endpoints and is what the status reports. A server that goes or
//   comes re-homes the endpoints it serves, and only the engines whose
//   paths change see a change;
// - crossings are rebuilt whenever either side's rate or period changes
//   (a PipeWire quantum change, jack_bufsize) and while JACK freewheels
//   there are none;
// - exactly one thread runs each Plan: each engine runs only in its own
//   server's callback, and only while it is seated there (seated_); a
//   new rate unseats it and waits its cycle out first.
#pragma once

#include <array>
#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "graph/domain_split.hpp"
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
    // "jack", "pipewire" or "none": the name in events, status and logs.
    static const char* server_name(Server s);
    // Control thread. The hub: the domain that homes the endpoints of a
    // server that is away and plain endpoints, and whose figures the status
    // leads with. JACK while it runs, unless pinned; it stays while its
    // server does.
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
        std::string id; // the input whose signal crosses
        Server from = Server::None; // its home's server, and the one whose Plan reads it
        Server to = Server::None;
        BridgeStats stats;
    };
    std::vector<BridgeReport> bridge_reports() const;
    // Control thread. Every reader of the meters goes through the board.
    MeterBoard& meters() { return meters_; }
    // Control thread: starts a strip's integrated loudness, range and true
    // peak over (every strip's for an empty id), in every engine that runs it.
    void reset_loudness(const std::string& id) {
        for (auto& e : engines_) e->loudness().reset(id);
    }
    // Control thread. Reads every endpoint's meters into the board, each from
    // the engine that runs it at home (a replica's are the same signal later).
    void sample_meters();
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
    // The engine that runs in `s`'s callback (Jack or Pipewire).
    Engine& engine(Server s) { return *engines_[index(s)]; }
    std::uint64_t oversize_cycles() const;

private:
    // One input's raw signal, carried from its home domain's callback (which
    // writes what its ports brought) into another domain's, where the
    // engine's replica of the input reads it.
    struct Crossing {
        std::string id; // the input
        Server from = Server::Jack;
        Server to = Server::Pipewire;
        int from_slot = 0; // the input's slot in each engine
        int to_slot = 0;
        int channels = 0;
        graph::Quality quality = graph::Quality::Medium;
        graph::LatencyMode latency = graph::LatencyMode::Safe;
        std::unique_ptr<Bridge> bridge;
        std::vector<float> scratch; // channels x kMaxFrames: what the reading side's engine reads
        std::array<float*, graph::kMaxChannels> to_side{};
        std::array<const float*, graph::kMaxChannels> from_side{}; // this cycle's ports, or stand-ins
    };
    // The sizes the crossings were built for; a change of any rebuilds them.
    struct CrossingSizes {
        int jack_rate = 0, jack_period = 0, pipewire_rate = 0, pipewire_quantum = 0;
        bool operator==(const CrossingSizes&) const = default;
    };
    // What both audio threads walk, published whole.
    struct CrossingRow {
        int slot = 0; // the reading engine's slot: its IoTable row points at the crossing's scratch
        Crossing* crossing = nullptr;
    };
    struct CrossingSet {
        struct Into {
            std::vector<CrossingRow> rows;
        };
        std::array<Into, 2> into; // by index() of the reading server: the rows its thread points
        std::vector<Crossing*> all;
    };
    static constexpr int kMaxFrames = 8192; // the largest period either server may ask for
    // A server's engine, audio thread, RtHandoff reader and row set.
    static std::size_t index(Server s) { return s == Server::Jack ? 0 : 1; }
    static Server server_of(graph::Domain d) { return d == graph::Domain::Jack ? Server::Jack : Server::Pipewire; }

    // live_session_audio.cpp: both servers' callbacks and the test tone.
    static void jack_cycle(void* self, int frames, IoTable& io, double now);
    static void pipewire_cycle(void* self, int frames, const IoTable& io, double now);
    void run_cycle(Server me, int frames, IoTable& io, double now); // audio thread of `me`
    void aim_test_tone();
    void play_test_tone(Server me, IoTable& io, int frames); // audio thread of `me`
    // live_session_servers.cpp: following the servers, homes and seats.
    void observe_servers();
    void note(std::string server, std::string state, std::string detail);
    Server choose_hub() const;
    void move_hub(Server next);
    int server_rate(Server s) const; // 0 while unknown
    // Where an endpoint runs at home (its ports' server while that runs).
    graph::Domain home_of(const graph::Endpoint& e) const;
    // What each engine runs for `m`: its domain's paths at its server's rate.
    std::array<graph::Model, 2> engine_models(const graph::Model& m) const;
    graph::Problems apply_engines(const graph::Model& m);
    void settle_engines();
    // Engine of `s` seated in its callback iff `s` runs, at its rate; true
    // when that took a change.
    bool seat(Server s);
    void rehome();        // after a server or the hub moved: the engines follow the homes
    // live_session_crossings.cpp
    bool crossable() const;
    CrossingSizes sizes_now() const;
    std::unique_ptr<Crossing> make_crossing(const graph::Endpoint& e, Server from, Server to) const;
    void update_crossings(const graph::Model& m, bool rebuild_all = false);
    // `gone`: crossings only the replaced set pointed at, freed with it.
    void publish_crossings(std::vector<std::unique_ptr<Crossing>> gone = {});
    void free_retired_crossings();
    void wait_until_crossings_seen();
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
    // live_session_report.cpp: an endpoint's parts on a path to `output`.
    std::vector<graph::LatencyPart> endpoint_parts(const graph::Endpoint& e, const graph::Endpoint& output) const;
    // live_session_latency.cpp: our own latency, told to both servers.
    void report_latency();

    graph::Model model_;
    HubChoice choice_;
    bool one_domain_ = false; // see one_clock_domain()
    Server hub_server_ = Server::None;
    // By index(): the engine run by that server's callback, whether it runs
    // there now (read once per cycle; seq_cst with in_cycle_, so seat() can
    // wait a cycle out), and the rate its Plan was built for.
    std::array<std::unique_ptr<Engine>, 2> engines_;
    std::array<std::atomic<bool>, 2> seated_{};
    std::array<int, 2> seated_rate_{};
    std::array<std::atomic<bool>, 3> in_cycle_{}; // by Server: that server's callback is inside a cycle
    std::map<std::string, graph::Domain> homes_; // what the engines were split for
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
    // restart or a new endpoint.
    std::optional<double> learnt_jack_to_pipewire_;
    std::vector<std::unique_ptr<Crossing>> crossings_; // control thread; the audio threads see crossing_set_
    // By index(): the rows a server's thread points at crossings' buffers,
    // cleared when a crossing goes so that nothing reads a freed one. Each
    // touched only by its own server's audio thread.
    std::array<IoRows, 2> crossing_rows_;
    MeterBoard meters_;
    int status_meter_reader_ = -1;
    // The crossings that go wait with the set they left, until both audio
    // threads have moved past it.
    RtHandoff<CrossingSet, 2, std::vector<std::unique_ptr<Crossing>>> crossing_set_;
    // The stand-in for a port with no buffer this cycle, read-only: a
    // crossing still has to move its frames to keep time.
    std::vector<float> zeros_;
    CycleObserver observer_ = nullptr;
    void* observer_user_ = nullptr;
    std::string tone_id_;
    // Where the tone goes, packed as index(server) << 16 | slot << 8 |
    // channels (one atomic, so an audio thread never pairs one endpoint's
    // slot with another's count or another engine's slot).
    std::atomic<int> tone_target_{-1};
    double tone_hz_ = 440.0;
    float tone_gain_ = 0.25f;
    // By index(): each thread's own phase, step and buffer, so that a tone
    // moving between servers is never played by two threads on one buffer.
    std::array<double, 2> tone_phase_{};
    std::array<std::atomic<double>, 2> tone_step_{};
    std::array<std::vector<float>, 2> tone_;
};

} // namespace sy::router
