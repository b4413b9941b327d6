#include "router/control/request_args.hpp"

#include "graph/model.hpp"

namespace sy::router {

namespace {

const nlohmann::json kNull = nullptr;

} // namespace

void RequestArgs::wrong(const char* key, const std::string& expected) {
    if (error_) return;
    const std::string got = request_.contains(key) ? request_.at(key).dump() : "nothing";
    error_ = CommandError{"bad_request", std::string("\"") + key + "\" must be " + expected + ", not " + got, {}};
}

std::string RequestArgs::text(const char* key) {
    if (auto v = optional_text(key)) return *v;
    wrong(key, "a string");
    return {};
}

std::optional<std::string> RequestArgs::optional_text(const char* key) {
    if (!request_.contains(key)) return std::nullopt;
    const auto& v = request_.at(key);
    if (!v.is_string()) {
        wrong(key, "a string");
        return std::nullopt;
    }
    return v.get<std::string>();
}

bool RequestArgs::flag(const char* key, bool fallback) {
    if (!request_.contains(key)) return fallback;
    const auto& v = request_.at(key);
    if (!v.is_boolean()) {
        wrong(key, "true or false");
        return fallback;
    }
    return v.get<bool>();
}

double RequestArgs::gain_db(const char* key) {
    const std::string expected = "a gain in dB (at most +24) or null for silence";
    if (!request_.contains(key)) {
        wrong(key, expected);
        return 0.0;
    }
    const auto& v = request_.at(key);
    if (v.is_null()) return graph::kSilenceDb;
    if (!v.is_number()) {
        wrong(key, expected);
        return 0.0;
    }
    // Range and NaN are the model validator's to judge, with the field path.
    return v.get<double>();
}

double RequestArgs::number(const char* key, double lo, double hi, double fallback) {
    if (!request_.contains(key)) return fallback;
    const auto& v = request_.at(key);
    if (!v.is_number() || v.get<double>() < lo || v.get<double>() > hi) {
        wrong(key, "a number from " + nlohmann::json(lo).dump() + " to " + nlohmann::json(hi).dump());
        return fallback;
    }
    return v.get<double>();
}

const nlohmann::json& RequestArgs::object(const char* key) {
    if (request_.contains(key) && request_.at(key).is_object()) return request_.at(key);
    wrong(key, "an object");
    return kNull;
}

} // namespace sy::router
