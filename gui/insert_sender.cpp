#include "gui/insert_sender.hpp"

namespace sy::gui {

InsertSender::InsertSender(EngineLink& link, std::string endpoint, std::string insert,
                           std::function<void(const std::string&)> on_error)
    : link_(link), endpoint_(std::move(endpoint)), insert_(std::move(insert)), on_error_(std::move(on_error)) {}

void InsertSender::set(const std::string& symbol, nlohmann::json value) {
    wanted_[symbol] = std::move(value);
    if (!in_flight_) send();
}

void InsertSender::send() {
    if (wanted_.empty()) return;
    nlohmann::json request{{"cmd", "insert.set"}, {"endpoint", endpoint_}, {"insert", insert_}, {"controls", wanted_}};
    wanted_ = nlohmann::json::object();
    in_flight_ = true;
    std::weak_ptr<int> alive = alive_;
    link_.request(std::move(request), [this, alive](const EngineReply& reply) {
        if (alive.expired()) return;
        in_flight_ = false;
        if (!reply.ok && on_error_) on_error_(reply_error(reply));
        send();
    });
}

} // namespace sy::gui
