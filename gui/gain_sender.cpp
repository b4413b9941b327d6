#include "gui/gain_sender.hpp"

namespace sy::gui {

GainSender::GainSender(EngineLink& link, nlohmann::json target, std::function<void(const std::string&)> on_error)
    : link_(link), target_(std::move(target)), on_error_(std::move(on_error)) {}

void GainSender::set(std::optional<double> db) {
    wanted_ = db;
    if (!in_flight_) send();
}

void GainSender::send() {
    if (!wanted_) return;
    nlohmann::json request = target_;
    request["cmd"] = "gain";
    request["db"] = *wanted_ ? nlohmann::json(**wanted_) : nlohmann::json(nullptr);
    wanted_.reset();
    in_flight_ = true;
    link_.request(request, [this](const EngineReply& reply) {
        in_flight_ = false;
        if (!reply.ok && on_error_) on_error_(reply_error(reply));
        send();
    });
}

} // namespace sy::gui
