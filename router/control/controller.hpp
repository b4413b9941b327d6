// The one door into a running engine. Every command (from the control
// socket: `switchyard ctl`, the GUI, the tray; and from OSC) arrives here as
// a JSON request (docs/control-protocol.md), is validated against a copy of
// the running model, and only then applied to the LiveSession; an invalid
// one changes nothing. Events (meters, xruns, devices, changes) go out to
// the clients that subscribed. Control thread only, all of it.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "router/control/command_error.hpp"
#include "router/control/control_handler.hpp"
#include "router/session/live_session.hpp"
#include "router/control/request_args.hpp"
#include "router/control/state_saver.hpp"

namespace sy::router {

class Controller : public ControlHandler {
public:
    using Clock = std::chrono::steady_clock;

    // `events` (the control server, where events go) and `saver` (for
    // last.json) may be null.
    Controller(LiveSession& session, EventSink* events, StateSaver* saver);

    // The file the running model came from: `preset.save` with no name
    // writes there.
    void set_preset_file(std::string path) { preset_file_ = std::move(path); }

    nlohmann::json handle(ClientId client, const nlohmann::json& request) override;
    void disconnected(ClientId client) override;
    // A request from inside the engine (OSC), validated the same way;
    // `by` names the source in `changed` events.
    nlohmann::json run(const nlohmann::json& request, const std::string& by);

    // Call every turn of the control loop: meters due, xruns and device
    // changes to report, the running state to save.
    void tick(Clock::time_point now = Clock::now());

    std::uint64_t revision() const { return revision_; }

private:
    struct Subscription {
        bool meters = false, xruns = false, devices = false, changes = false;
        double meter_hz = 30.0;
        Clock::time_point next_meters{};
        int meter_reader = -1;
    };
    using Command = Outcome (Controller::*)(ClientId, RequestArgs&);

    Outcome dispatch(ClientId client, const nlohmann::json& request, const std::string& by);
    // Applies `next`; on success counts a revision, saves the state and tells
    // the clients that subscribed to changes.
    Outcome change(const graph::Model& next, const std::string& by, nlohmann::json result);
    Outcome unknown_endpoint(const std::string& id) const;

    // controller_views.cpp
    Outcome status(ClientId, RequestArgs&);
    Outcome model(ClientId, RequestArgs&);
    Outcome endpoints(ClientId, RequestArgs&);
    Outcome routes(ClientId, RequestArgs&);
    Outcome paths(ClientId, RequestArgs&);
    // controller_edits.cpp
    Outcome gain(ClientId, RequestArgs&);
    Outcome mute(ClientId, RequestArgs&);
    Outcome solo(ClientId, RequestArgs&);
    Outcome route_add(ClientId, RequestArgs&);
    Outcome route_remove(ClientId, RequestArgs&);
    Outcome endpoint_add(ClientId, RequestArgs&);
    Outcome endpoint_remove(ClientId, RequestArgs&);
    Outcome endpoint_rename(ClientId, RequestArgs&);
    Outcome insert_add(ClientId, RequestArgs&);
    Outcome insert_remove(ClientId, RequestArgs&);
    Outcome insert_set(ClientId, RequestArgs&);
    Outcome insert_bypass(ClientId, RequestArgs&);
    Outcome plugins(ClientId, RequestArgs&);
    Outcome loudness_reset(ClientId, RequestArgs&);
    template <typename Edit>
    Outcome edit_insert(RequestArgs& args, Edit edit);
    // gain, mute and solo share the way they find what they act on.
    template <typename SetEndpoint, typename SetRoute>
    Outcome set_on_target(RequestArgs& args, const std::string& by, SetEndpoint on_endpoint, SetRoute on_route,
                          nlohmann::json result);
    // controller_presets.cpp
    Outcome preset_list(ClientId, RequestArgs&);
    Outcome preset_load(ClientId, RequestArgs&);
    Outcome preset_save(ClientId, RequestArgs&);
    // controller.cpp
    Outcome subscribe(ClientId, RequestArgs&);
    Outcome unsubscribe(ClientId, RequestArgs&);

    void send_to(bool Subscription::*kind, const nlohmann::json& event);
    void send_meters(Clock::time_point now);
    void report_xruns();
    void report_devices();

    LiveSession& session_;
    EventSink* events_;
    StateSaver* saver_;
    std::string preset_file_;
    std::string current_by_; // who sent the command being handled, for `changed` events
    std::uint64_t revision_ = 0;
    std::map<ClientId, Subscription> subscriptions_;
    Clock::time_point next_device_check_{};
    std::map<std::string, LiveSession::EndpointState> last_states_;
    std::uint64_t last_xruns_ = 0, last_underruns_ = 0, last_overruns_ = 0;
};

} // namespace sy::router
