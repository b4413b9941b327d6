#include "presets/preset_reader.hpp"

#include <array>
#include <map>

#include "presets/endpoint_reader.hpp"
#include "presets/field_path.hpp"
#include "presets/fields.hpp"
#include "presets/json_document.hpp"
#include "presets/route_reader.hpp"
#include "presets/text_file.hpp"

namespace sy::presets {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 7> kPresetFields = {"switchyard", "name",    "engine", "inputs",
                                                           "buses",      "outputs", "routes"};
constexpr std::array<std::string_view, 4> kEngineFields = {"rate", "period", "resampler", "latency"};
constexpr std::array<std::string_view, 2> kResamplers = {"libsamplerate", "zita"};
constexpr std::array<std::string_view, 2> kLatencies = {"safe", "low"};

// False when the file is of another version: its fields may mean other
// things, so reading on would only produce misleading problems. A missing
// version is reported but reading goes on, so that the other problems show.
bool read_version(const json& document, Fields& fields) {
    const json* version =
        fields.find(document, "", "switchyard", Need::Required, "\"switchyard\": 1, the preset format version");
    if (!version) return true;
    if (!version->is_number()) {
        fields.problem("switchyard", "must be the format version 1, not " + describe(*version));
        return true;
    }
    if (*version == kFormatVersion) return true;
    fields.problem("switchyard", "unsupported preset version " + describe(*version) + " (this Switchyard reads " +
                                     std::to_string(kFormatVersion) + ")");
    return false;
}

void read_engine(const json& document, graph::EngineSettings& engine, Fields& fields) {
    const json* object = fields.object(document, "", "engine", Need::Optional);
    if (!object) return;
    if (auto rate = fields.integer(*object, "engine", "rate", Need::Optional, 8000, 384000)) engine.rate = *rate;
    if (auto period = fields.integer(*object, "engine", "period", Need::Optional, 16, 8192)) engine.period = *period;
    if (auto lib = fields.one_of(*object, "engine", "resampler", Need::Optional, kResamplers)) {
        engine.resampler = graph::resampler_from_string(*lib);
    }
    if (auto latency = fields.one_of(*object, "engine", "latency", Need::Optional, kLatencies)) {
        engine.latency = graph::latency_from_string(*latency);
    }
    fields.unknown_members(*object, "engine", kEngineFields);
}

void read_endpoints(const json& document, const std::string& key, graph::EndpointKind kind,
                    std::vector<graph::Endpoint>& out, Fields& fields) {
    const json* list = fields.array(document, "", key, Need::Optional);
    if (!list) return;
    // One endpoint per element, even a broken one, so indices match the file.
    for (std::size_t i = 0; i < list->size(); ++i) {
        out.push_back(read_endpoint((*list)[i], element(key, i), kind, fields));
    }
}

// Ids are unique across inputs, buses and outputs: routes name them alone.
void check_unique_ids(const graph::Model& model, Fields& fields) {
    std::map<std::string, std::string> first_use;
    const std::pair<const char*, const std::vector<graph::Endpoint>*> lists[] = {
        {"inputs", &model.inputs}, {"buses", &model.buses}, {"outputs", &model.outputs}};
    for (const auto& [name, list] : lists) {
        for (std::size_t i = 0; i < list->size(); ++i) {
            const std::string& id = (*list)[i].id;
            if (id.empty()) continue; // already reported as a bad or missing id
            const std::string here = element(name, i);
            const auto [it, fresh] = first_use.emplace(id, here);
            if (!fresh) fields.problem(member(here, "id"), "duplicate id \"" + id + "\": also used by " + it->second);
        }
    }
}

ReadResult read_document(const json& document) {
    ReadResult result;
    Fields fields(result.problems);
    if (!document.is_object()) {
        fields.problem("", "a preset must be a JSON object {\"switchyard\": 1, ...}, not " + describe(document));
        return result;
    }
    if (!read_version(document, fields)) return result;

    graph::Model model;
    if (auto name = fields.text(document, "", "name", Need::Required)) model.name = *name;
    read_engine(document, model.engine, fields);
    read_endpoints(document, "inputs", graph::EndpointKind::Input, model.inputs, fields);
    read_endpoints(document, "buses", graph::EndpointKind::Bus, model.buses, fields);
    read_endpoints(document, "outputs", graph::EndpointKind::Output, model.outputs, fields);
    if (const json* routes = fields.array(document, "", "routes", Need::Optional)) {
        for (std::size_t i = 0; i < routes->size(); ++i) {
            model.routes.push_back(read_route((*routes)[i], element("routes", i), fields));
        }
    }
    fields.unknown_members(document, "", kPresetFields);
    check_unique_ids(model, fields);

    if (result.problems.empty()) result.model = std::move(model);
    return result;
}

ReadResult internal_error(const std::exception& e) {
    return {std::nullopt, {{"", std::string("internal error while reading the preset: ") + e.what(), 0, 0}}};
}

} // namespace

ReadResult read_preset_json(const json& document) {
    try {
        return read_document(document);
    } catch (const std::exception& e) {
        return internal_error(e); // a bug or out of memory: still a value, never an exception
    }
}

ReadResult parse_preset(std::string_view text) {
    try {
        graph::Problems problems;
        const auto document = parse_document(text, problems);
        if (!document) return {std::nullopt, std::move(problems)};
        ReadResult result = read_document(*document);
        // Duplicate keys come first: they are found while parsing, above everything else.
        result.problems.insert(result.problems.begin(), problems.begin(), problems.end());
        if (!result.problems.empty()) result.model.reset();
        return result;
    } catch (const std::exception& e) {
        return internal_error(e);
    }
}

ReadResult read_preset_file(const std::string& path) {
    try {
        TextFile file = read_text_file(path);
        if (!file.text) return {std::nullopt, {{"", "cannot read the file: " + file.error, 0, 0}}};
        return parse_preset(*file.text);
    } catch (const std::exception& e) {
        return internal_error(e);
    }
}

} // namespace sy::presets
