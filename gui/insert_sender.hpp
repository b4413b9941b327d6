// Sends an insert's control changes to the engine (`insert.set`) no faster
// than it answers, as GainSender does for a fader: while one request is on
// its way, newer values gather (the newest per control wins) and go
// together in the next one, so a slider dragged for a second costs a few
// requests and the last value always lands. Main thread only.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "gui/engine_link.hpp"

namespace sy::gui {

class InsertSender {
public:
    InsertSender(EngineLink& link, std::string endpoint, std::string insert,
                 std::function<void(const std::string&)> on_error);

    // `value`: a number, a word (the denoiser's level) or null (the default).
    void set(const std::string& symbol, nlohmann::json value);
    bool busy() const { return in_flight_; }

private:
    void send();

    EngineLink& link_;
    std::string endpoint_, insert_;
    std::function<void(const std::string&)> on_error_;
    bool in_flight_ = false;
    nlohmann::json wanted_ = nlohmann::json::object();
    std::shared_ptr<int> alive_ = std::make_shared<int>(0); // a reply after we are gone touches nothing
};

} // namespace sy::gui
