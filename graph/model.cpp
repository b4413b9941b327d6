#include "graph/model.hpp"

namespace sy::graph {

const Endpoint* Model::find(const std::string& id) const {
    for (const auto* list : {&inputs, &buses, &outputs}) {
        for (const auto& e : *list) {
            if (e.id == id) return &e;
        }
    }
    return nullptr;
}

const char* to_string(EndpointKind kind) {
    switch (kind) {
    case EndpointKind::Input: return "input";
    case EndpointKind::Bus: return "bus";
    case EndpointKind::Output: return "output";
    }
    return "?";
}

const char* list_name(EndpointKind kind) {
    switch (kind) {
    case EndpointKind::Input: return "inputs";
    case EndpointKind::Bus: return "buses";
    case EndpointKind::Output: return "outputs";
    }
    return "?";
}

std::string insert_field(EndpointKind kind, std::size_t endpoint, std::size_t insert) {
    return std::string(list_name(kind)) + "[" + std::to_string(endpoint) + "].inserts[" + std::to_string(insert) + "]";
}

const char* to_string(Quality quality) {
    switch (quality) {
    case Quality::Fast: return "fast";
    case Quality::Medium: return "medium";
    case Quality::Best: return "best";
    }
    return "?";
}

const char* to_string(ResamplerLib lib) {
    switch (lib) {
    case ResamplerLib::Libsamplerate: return "libsamplerate";
    case ResamplerLib::Zita: return "zita";
    }
    return "?";
}

const char* to_string(LatencyMode latency) { return dsp::latency_mode_name(latency); }

std::optional<LatencyMode> latency_from_string(const std::string& text) {
    if (text == "safe") return LatencyMode::Safe;
    if (text == "low") return LatencyMode::Low;
    return std::nullopt;
}

LatencyMode latency_of(const Model& model, const Endpoint& endpoint) {
    return endpoint.latency.value_or(model.engine.latency.value_or(LatencyMode::Safe));
}

std::optional<Quality> quality_from_string(const std::string& text) {
    if (text == "fast") return Quality::Fast;
    if (text == "medium") return Quality::Medium;
    if (text == "best") return Quality::Best;
    return std::nullopt;
}

std::optional<ResamplerLib> resampler_from_string(const std::string& text) {
    if (text == "libsamplerate") return ResamplerLib::Libsamplerate;
    if (text == "zita") return ResamplerLib::Zita;
    return std::nullopt;
}

} // namespace sy::graph
