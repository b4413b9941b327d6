#include "gui/engine_link.hpp"

namespace sy::gui {

namespace {

using nlohmann::json;

EngineReply reply_of(const json& message) {
    EngineReply r;
    r.ok = message.value("ok", false);
    if (r.ok) {
        r.result = message.contains("result") ? message["result"] : json();
        return r;
    }
    const json error = message.contains("error") && message["error"].is_object() ? message["error"] : json::object();
    r.code = error.value("code", std::string("error"));
    r.message = error.value("message", std::string());
    if (error.contains("problems") && error["problems"].is_array()) {
        for (const auto& p : error["problems"]) {
            if (!p.is_object()) continue;
            const std::string field = p.value("field", std::string());
            r.message += (r.message.empty() ? "" : "; ") + (field.empty() ? "" : field + ": ") +
                         p.value("message", std::string());
        }
    }
    return r;
}

} // namespace

std::string reply_error(const EngineReply& reply) {
    if (reply.ok) return "";
    return reply.message.empty() ? reply.code : reply.code + ": " + reply.message;
}

EngineLink::EngineLink(std::string instance) : instance_(std::move(instance)) {}

EngineLink::~EngineLink() {
    io_.disconnect();
    retry_.disconnect();
    idle_.disconnect();
}

router::ConnectResult EngineLink::start() {
    const router::ConnectResult r = try_connect();
    if (!r.ok()) arm_retry();
    return r;
}

void EngineLink::set_retry_interval(std::chrono::milliseconds interval) {
    if (interval == retry_interval_) return;
    retry_interval_ = interval;
    if (retry_.connected()) {
        retry_.disconnect();
        arm_retry();
    }
}

void EngineLink::arm_retry() {
    if (retry_.connected()) return;
    retry_ = Glib::signal_timeout().connect(sigc::mem_fun(*this, &EngineLink::on_retry),
                                            static_cast<unsigned>(retry_interval_.count()));
}

bool EngineLink::on_retry() {
    if (client_.connected()) return false;
    // Keep the timer while it fails; drop it once connected.
    return !try_connect().ok();
}

router::ConnectResult EngineLink::try_connect() {
    router::ConnectResult r = client_.connect(instance_);
    if (!r.ok()) {
        why_not_ = r.error;
        return r;
    }
    why_not_.clear();
    io_ = Glib::signal_io().connect(sigc::mem_fun(*this, &EngineLink::on_readable), client_.fd(),
                                    Glib::IO_IN | Glib::IO_HUP | Glib::IO_ERR);
    connected_.emit();
    return r;
}

void EngineLink::request(json request, OnReply on_reply) {
    if (!client_.connected()) {
        if (on_reply) on_reply({false, nullptr, "disconnected", "no engine: " + why_not_});
        return;
    }
    const router::SendResult sent = client_.send_request(std::move(request));
    if (!sent.ok()) {
        if (on_reply) on_reply({false, nullptr, "disconnected", sent.error});
        lost(sent.error);
        return;
    }
    if (on_reply) waiting_[sent.id.dump()] = std::move(on_reply);
    // send_request may have read what the engine sent meanwhile; the fd will
    // not wake us for bytes already read.
    schedule_drain();
}

void EngineLink::schedule_drain() {
    if (idle_.connected()) return;
    idle_ = Glib::signal_idle().connect([this] {
        drain();
        return false;
    });
}

bool EngineLink::on_readable(Glib::IOCondition) {
    drain();
    return client_.connected();
}

void EngineLink::drain() {
    for (const json& message : client_.read_available()) {
        if (!message.is_object()) continue;
        if (message.contains("event")) {
            event_.emit(message);
            continue;
        }
        const auto it = waiting_.find(message.contains("id") ? message["id"].dump() : "null");
        if (it == waiting_.end()) continue;
        OnReply on_reply = std::move(it->second);
        waiting_.erase(it);
        on_reply(reply_of(message));
    }
    if (!client_.connected() && io_.connected()) lost(client_.last_error());
}

void EngineLink::lost(const std::string& why) {
    io_.disconnect();
    client_.close();
    why_not_ = why.empty() ? "the engine closed the connection" : why;
    // Callbacks may send new requests; those fail at once, as they should.
    auto waiting = std::move(waiting_);
    waiting_.clear();
    for (auto& [id, on_reply] : waiting) on_reply({false, nullptr, "disconnected", why_not_});
    disconnected_.emit(why_not_);
    arm_retry();
}

} // namespace sy::gui
