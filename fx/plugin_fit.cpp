#include "fx/plugin_fit.hpp"

#include <cmath>
#include <span>
#include <sstream>
#include <string_view>
#include <vector>

#include "presets/typo_hint.hpp"

namespace sy::fx {
namespace {

std::string number(double v) {
    std::ostringstream out;
    out << v;
    return out.str();
}

std::string unknown_symbol(const PluginInfo& info, const std::string& symbol) {
    std::vector<std::string_view> known;
    for (const auto& c : info.controls) {
        if (!c.output) known.push_back(c.symbol);
    }
    std::string text = info.name + " has no control \"" + symbol + "\"";
    if (auto hint = presets::closest_name(symbol, std::span<const std::string_view>(known))) {
        text += " (did you mean \"" + std::string(*hint) + "\"?)";
    } else {
        text += "; its controls are";
        for (std::size_t i = 0; i < known.size() && i < 8; ++i) text += (i ? ", " : " ") + std::string(known[i]);
        if (known.size() > 8) text += ", ... (" + std::to_string(known.size()) + " in all)";
    }
    return text;
}

} // namespace

Fit fit_plugin(const PluginInfo& info, int channels) {
    Fit fit;
    if (!info.unsupported.empty()) {
        fit.why_not = info.name + " cannot run here: " + info.unsupported;
        return fit;
    }
    const int ins = static_cast<int>(info.audio_in.size());
    const int outs = static_cast<int>(info.audio_out.size());
    if (channels == 1 || ins == channels) {
        fit.instances = 1;
        fit.group = channels;
    } else if (channels % ins == 0) {
        fit.instances = channels / ins;
        fit.group = ins;
    } else {
        fit.why_not = info.name + " has " + std::to_string(ins) + " inputs: it runs on a strip of 1 channel or of a " +
                      "multiple of " + std::to_string(ins) + ", not of " + std::to_string(channels);
        return fit;
    }
    if (outs < fit.group) {
        fit.why_not = info.name + " has " + std::to_string(outs) + " outputs for " + std::to_string(fit.group) +
                      " channels";
    }
    return fit;
}

std::string control_problem(const PluginInfo& info, const std::string& symbol, const graph::ControlValue& value) {
    const ControlPort* port = info.control(symbol);
    if (!port || port->output) return unknown_symbol(info, symbol);
    const std::string where = info.name + " control \"" + symbol + "\"";
    if (!std::holds_alternative<double>(value)) {
        return where + " takes a number in " + (port->unit.empty() ? "its own units" : port->unit) + ", not " +
               graph::to_text(value);
    }
    const double v = std::get<double>(value);
    if (v < port->min || v > port->max) {
        return where + ": " + number(v) + " is outside " + number(port->min) + " .. " + number(port->max) +
               (port->unit.empty() ? "" : " " + port->unit);
    }
    if ((port->integer || port->toggled || port->enumeration) && v != std::round(v)) {
        std::string text = where + " takes whole numbers, not " + number(v);
        if (!port->scale_points.empty()) {
            text += ":";
            for (const auto& p : port->scale_points) text += " " + number(p.value) + " (" + p.label + ")";
        }
        return text;
    }
    return {};
}

} // namespace sy::fx
