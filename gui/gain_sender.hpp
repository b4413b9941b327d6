// Sends a fader's value to the engine (`gain`) no faster than the engine
// answers: while one value is on its way, newer ones replace each other and
// only the newest goes next. A fader dragged for a second costs a few
// requests, and the last value always lands.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "gui/engine_link.hpp"

namespace sy::gui {

class GainSender {
public:
    // `target` holds "endpoint", or "from" and "to".
    GainSender(EngineLink& link, nlohmann::json target, std::function<void(const std::string&)> on_error);

    void set(std::optional<double> db); // nullopt: silence
    bool busy() const { return in_flight_; }

private:
    void send();

    EngineLink& link_;
    nlohmann::json target_;
    std::function<void(const std::string&)> on_error_;
    bool in_flight_ = false;
    std::optional<std::optional<double>> wanted_;
};

} // namespace sy::gui
