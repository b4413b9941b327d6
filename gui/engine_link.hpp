// The GUI's one door into the engine: router's ControlClient driven from the
// Glib main loop. Requests are sent at once and their replies come back to a
// callback when the socket has them, so the window never waits on the
// engine. When the connection drops (the engine stopped or crashed), every
// waiting callback gets a "disconnected" reply and the link tries again once
// a second until an engine answers. Main thread only, all of it.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <string>

#include <glibmm.h>
#include <nlohmann/json.hpp>
#include <sigc++/sigc++.h>

#include "router/client/control_client.hpp"

namespace sy::gui {

struct EngineReply {
    bool ok = false;
    nlohmann::json result; // when ok
    std::string code;      // an error code of the protocol, or "disconnected"
    std::string message;   // for a person: the engine's message and every problem it listed
};

class EngineLink {
public:
    using OnReply = std::function<void(const EngineReply&)>;
    static constexpr std::chrono::milliseconds kRetry{1000};

    explicit EngineLink(std::string instance);
    ~EngineLink();
    EngineLink(const EngineLink&) = delete;
    EngineLink& operator=(const EngineLink&) = delete;

    // Tries to connect now and then every retry interval until connected
    // (and again after every loss). Returns the first attempt's result.
    router::ConnectResult start();
    // Shorter while an engine we started is coming up, kRetry otherwise.
    void set_retry_interval(std::chrono::milliseconds interval);

    bool connected() const { return client_.connected(); }
    const std::string& instance() const { return instance_; }
    // Why the last attempt failed or the connection ended ("" when connected).
    const std::string& why_not() const { return why_not_; }

    // Sends `request`; `on_reply` (may be empty) runs on the main loop when
    // the reply arrives, or with code "disconnected" if it never will.
    void request(nlohmann::json request, OnReply on_reply = {});

    sigc::signal<void>& signal_connected() { return connected_; }
    sigc::signal<void, const std::string&>& signal_disconnected() { return disconnected_; }
    sigc::signal<void, const nlohmann::json&>& signal_event() { return event_; }

private:
    router::ConnectResult try_connect();
    bool on_retry();
    bool on_readable(Glib::IOCondition condition);
    void drain();           // hands out every message the client holds
    void schedule_drain();  // soon, for messages read while sending
    void lost(const std::string& why);
    void arm_retry();

    std::string instance_;
    router::ControlClient client_;
    std::map<std::string, OnReply> waiting_; // by the request id's JSON text
    std::chrono::milliseconds retry_interval_ = kRetry;
    std::string why_not_;
    sigc::connection io_, retry_, idle_;
    sigc::signal<void> connected_;
    sigc::signal<void, const std::string&> disconnected_;
    sigc::signal<void, const nlohmann::json&> event_;
};

// "code: message" of a failed reply, for the status bar and the log.
std::string reply_error(const EngineReply& reply);

} // namespace sy::gui
