#include "presets/fields.hpp"

#include <cmath>
#include <cstdint>

#include "graph/model.hpp"
#include "presets/field_path.hpp"
#include "presets/typo_hint.hpp"

namespace sy::presets {
namespace {

using nlohmann::json;

std::string integer_range(int lo, int hi) {
    return "an integer from " + std::to_string(lo) + " to " + std::to_string(hi);
}

std::string choices(std::span<const std::string_view> allowed) {
    std::string out;
    for (std::size_t i = 0; i < allowed.size(); ++i) {
        if (i > 0) out += i + 1 == allowed.size() ? " or " : ", ";
        out += "\"" + std::string(allowed[i]) + "\"";
    }
    return out;
}

std::string joined(std::span<const std::string_view> names) {
    std::string out;
    for (std::string_view n : names) out += (out.empty() ? "" : ", ") + std::string(n);
    return out;
}

// As written in the file ("30", "24.5"), with the sign a gain is said with.
std::string plus_db(const json& gain) {
    return (gain.get<double>() > 0 ? "+" : "") + gain.dump();
}

// The value as an integer when it is one: 2, 2.0 and 2e0 are all 2 (numbers
// written by other tools may carry a fraction of zero), 2.5 is not.
std::optional<std::int64_t> as_integer(const json& value) {
    if (value.is_number_unsigned()) {
        const auto u = value.get<std::uint64_t>();
        return u > static_cast<std::uint64_t>(INT64_MAX) ? std::nullopt : std::optional<std::int64_t>(u);
    }
    if (value.is_number_integer()) return value.get<std::int64_t>();
    if (value.is_number_float()) {
        const double d = value.get<double>();
        if (std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 9.0e18) return static_cast<std::int64_t>(d);
    }
    return std::nullopt;
}

} // namespace

std::string describe(const json& value) {
    if (value.is_object()) return value.empty() ? "{}" : "an object";
    std::string shown = value.dump();
    if (value.is_array() && shown.size() > 30) return "an array";
    if (value.is_string() && shown.size() > 42) shown = shown.substr(0, 40) + "...\"";
    return shown;
}

void Fields::problem(std::string field, std::string message) {
    problems_.push_back({std::move(field), std::move(message), 0, 0});
}

const json* Fields::find(const json& object, const std::string& path, std::string_view key, Need need,
                         std::string_view expected) {
    const auto it = object.find(key);
    if (it != object.end()) return &*it;
    if (need == Need::Required) problem(member(path, key), "missing (required: " + std::string(expected) + ")");
    return nullptr;
}

std::optional<int> Fields::integer(const json& object, const std::string& path, std::string_view key, Need need,
                                   int lo, int hi) {
    const json* v = find(object, path, key, need, integer_range(lo, hi));
    return v ? integer_value(*v, member(path, key), lo, hi) : std::nullopt;
}

std::optional<int> Fields::integer_value(const json& value, const std::string& field, int lo, int hi) {
    const auto n = as_integer(value);
    if (!n || *n < lo || *n > hi) {
        problem(field, "must be " + integer_range(lo, hi) + ", not " + describe(value));
        return std::nullopt;
    }
    return static_cast<int>(*n);
}

std::optional<std::string> Fields::text(const json& object, const std::string& path, std::string_view key,
                                        Need need, std::string_view expected) {
    const json* v = find(object, path, key, need, expected);
    return v ? text_value(*v, member(path, key)) : std::nullopt;
}

std::optional<std::string> Fields::text_value(const json& value, const std::string& field) {
    if (!value.is_string() || value.get_ref<const std::string&>().empty()) {
        problem(field, "must be a non-empty string, not " + describe(value));
        return std::nullopt;
    }
    return value.get<std::string>();
}

std::optional<bool> Fields::boolean(const json& object, const std::string& path, std::string_view key, Need need) {
    const json* v = find(object, path, key, need, "true or false");
    if (!v) return std::nullopt;
    if (!v->is_boolean()) {
        problem(member(path, key), "must be true or false, not " + describe(*v));
        return std::nullopt;
    }
    return v->get<bool>();
}

std::optional<double> Fields::gain_db(const json& object, const std::string& path, std::string_view key,
                                      Need need) {
    const json* gain = find(object, path, key, need, "a number of dB (at most +24) or null for silence");
    if (!gain) return std::nullopt;
    if (gain->is_null()) return graph::kSilenceDb;
    if (!gain->is_number()) {
        problem(member(path, key), "must be a number of dB (at most +24) or null for silence, not " + describe(*gain));
        return std::nullopt;
    }
    if (gain->get<double>() > graph::kMaxGainDb) {
        problem(member(path, key), "must be at most +24 dB, not " + plus_db(*gain));
        return std::nullopt;
    }
    return gain->get<double>();
}

std::optional<std::string> Fields::one_of(const json& object, const std::string& path, std::string_view key,
                                          Need need, std::span<const std::string_view> allowed) {
    const json* v = find(object, path, key, need, choices(allowed));
    if (!v) return std::nullopt;
    if (v->is_string()) {
        for (std::string_view a : allowed) {
            if (v->get_ref<const std::string&>() == a) return std::string(a);
        }
    }
    problem(member(path, key), "must be " + choices(allowed) + ", not " + describe(*v));
    return std::nullopt;
}

const json* Fields::object(const json& object, const std::string& path, std::string_view key, Need need) {
    const json* v = find(object, path, key, need, "an object");
    if (v && !v->is_object()) {
        problem(member(path, key), "must be an object { ... }, not " + describe(*v));
        return nullptr;
    }
    return v;
}

const json* Fields::array(const json& object, const std::string& path, std::string_view key, Need need) {
    const json* v = find(object, path, key, need, "an array");
    if (v && !v->is_array()) {
        problem(member(path, key), "must be an array [ ... ], not " + describe(*v));
        return nullptr;
    }
    return v;
}

// Unknown names are reported rather than ignored: PRESET.md lets the project
// add fields, but a person's misspelt "chanels" or "gain" must not silently
// fall back to a default. Fields added to the format are added to `known`.
void Fields::unknown_members(const json& object, const std::string& path, std::span<const std::string_view> known) {
    for (const auto& [key, value] : object.items()) {
        bool is_known = false;
        for (std::string_view k : known) is_known = is_known || key == k;
        if (is_known) continue;
        std::string message = "unknown field \"" + key + "\" ";
        if (const auto hint = closest_name(key, known)) {
            message += "(did you mean \"" + std::string(*hint) + "\"?)";
        } else {
            message += "(known here: " + joined(known) + ")";
        }
        problem(member(path, key), std::move(message));
    }
}

} // namespace sy::presets
