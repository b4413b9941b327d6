#include "presets/insert_reader.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "presets/endpoint_reader.hpp"
#include "presets/field_path.hpp"

namespace sy::presets {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

constexpr std::array<std::string_view, 5> kInsertFields = {"id", "lv2", "builtin", "controls", "bypass"};

void read_controls(const json& insert, const std::string& path, graph::Insert& out, Fields& fields) {
    const json* controls = fields.object(insert, path, "controls", Need::Optional);
    if (!controls) return;
    const std::string at = member(path, "controls");
    for (const auto& [symbol, value] : controls->items()) {
        if (value.is_number() && std::isfinite(value.get<double>())) {
            out.controls.emplace(symbol, value.get<double>());
        } else if (value.is_string()) {
            out.controls.emplace(symbol, value.get<std::string>());
        } else {
            fields.problem(member(at, symbol), "must be a number in the plugin's units (or a word for a built-in), not " +
                                                   describe(value));
        }
    }
}

} // namespace

graph::Insert read_insert(const json& value, const std::string& path, Fields& fields) {
    graph::Insert insert;
    if (!value.is_object()) {
        fields.problem(path, "must be an object {\"id\": ..., \"lv2\": URI} or {\"id\": ..., \"builtin\": \"denoise\"}, not " +
                                 describe(value));
        return insert;
    }
    if (auto id = fields.text(value, path, "id", Need::Required, "an id made of a-z, 0-9, '_' and '-'")) {
        if (is_valid_id(*id)) {
            insert.id = *id;
        } else {
            fields.problem(member(path, "id"), "must be made of a-z, 0-9, '_' and '-' only, not \"" + *id + "\"");
        }
    }
    if (auto uri = fields.text(value, path, "lv2", Need::Optional, "a plugin URI")) insert.lv2 = *uri;
    if (auto name = fields.text(value, path, "builtin", Need::Optional, "\"denoise\"")) insert.builtin = *name;
    if (!value.contains("lv2") && !value.contains("builtin")) {
        fields.problem(path, "names no plugin: give \"lv2\": a plugin URI, or \"builtin\": \"denoise\"");
    } else if (value.contains("lv2") && value.contains("builtin")) {
        fields.problem(path, "has both \"lv2\" and \"builtin\": an insert is one plugin");
    }
    read_controls(value, path, insert, fields);
    if (auto bypass = fields.boolean(value, path, "bypass", Need::Optional)) insert.bypass = *bypass;
    fields.unknown_members(value, path, kInsertFields);
    return insert;
}

graph::Inserts read_inserts(const json& value, const std::string& path, Fields& fields) {
    graph::Inserts inserts;
    if (!value.is_array()) {
        fields.problem(path, "must be a list of inserts [{\"id\": ..., \"lv2\": URI}, ...], not " + describe(value));
        return inserts;
    }
    for (std::size_t i = 0; i < value.size(); ++i) {
        graph::Insert insert = read_insert(value[i], element(path, i), fields);
        const bool again = !insert.id.empty() && std::any_of(inserts.begin(), inserts.end(),
                                                              [&](const graph::Insert& x) { return x.id == insert.id; });
        if (again) fields.problem(member(element(path, i), "id"), "a second insert \"" + insert.id + "\" on this strip");
        inserts.push_back(std::move(insert));
    }
    return inserts;
}

ordered_json inserts_json(const graph::Inserts& inserts) {
    ordered_json list = ordered_json::array();
    for (const auto& insert : inserts) {
        ordered_json j;
        j["id"] = insert.id;
        if (!insert.lv2.empty()) j["lv2"] = insert.lv2;
        if (!insert.builtin.empty()) j["builtin"] = insert.builtin;
        if (!insert.controls.empty()) {
            ordered_json controls = ordered_json::object();
            for (const auto& [symbol, value] : insert.controls) {
                std::visit([&](const auto& v) { controls[symbol] = v; }, value);
            }
            j["controls"] = std::move(controls);
        }
        if (insert.bypass) j["bypass"] = true;
        list.push_back(std::move(j));
    }
    return list;
}

} // namespace sy::presets
