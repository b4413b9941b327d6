// Typed, checked access to the members of a preset's JSON objects. Every
// missing or wrong value becomes a Problem naming its field path and what is
// allowed, and an empty result, so that reading goes on and a file's
// problems are all reported in one go.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "graph/problem.hpp"

namespace sy::presets {

enum class Need { Optional, Required };

// A value as a message quotes it: "2.5", "\"stereo\"", "an object".
std::string describe(const nlohmann::json& value);

class Fields {
public:
    using json = nlohmann::json;

    explicit Fields(graph::Problems& problems) : problems_(problems) {}

    void problem(std::string field, std::string message);
    std::size_t count() const { return problems_.size(); }

    // The member `key` of `object`, or nullptr when it is absent; a required
    // one that is absent is reported as "missing (required: <expected>)".
    const json* find(const json& object, const std::string& path, std::string_view key, Need need,
                     std::string_view expected);

    // Members: absent (or wrong, which is reported) gives nullopt / nullptr.
    std::optional<int> integer(const json& object, const std::string& path, std::string_view key, Need need,
                               int lo, int hi);
    std::optional<std::string> text(const json& object, const std::string& path, std::string_view key, Need need,
                                    std::string_view expected = "a string");
    std::optional<bool> boolean(const json& object, const std::string& path, std::string_view key, Need need);
    // A gain in dB, at most +24; null is the file's spelling of silence and
    // gives graph::kSilenceDb (-inf): JSON has no infinity.
    std::optional<double> gain_db(const json& object, const std::string& path, std::string_view key, Need need);
    std::optional<std::string> one_of(const json& object, const std::string& path, std::string_view key, Need need,
                                      std::span<const std::string_view> allowed);
    const json* object(const json& object, const std::string& path, std::string_view key, Need need);
    const json* array(const json& object, const std::string& path, std::string_view key, Need need);

    // Single values (array elements), `field` being their full path.
    std::optional<int> integer_value(const json& value, const std::string& field, int lo, int hi);
    std::optional<std::string> text_value(const json& value, const std::string& field);

    // Reports each member whose name is not in `known`, with a suggestion
    // when it looks like a typo of one that is.
    void unknown_members(const json& object, const std::string& path, std::span<const std::string_view> known);

private:
    graph::Problems& problems_;
};

} // namespace sy::presets
