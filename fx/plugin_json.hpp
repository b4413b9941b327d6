// Plugins as JSON, the one form `switchyard plugins --json`, the control
// socket and the GUI's plugin list and generic editor all read.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fx/plugin_info.hpp"

namespace sy::fx {

// [{"uri", "name", "category", "inputs", "outputs"}, ...], those whose name,
// category or URI hold `search` (any case; all when it is empty), by name.
nlohmann::json plugins_json(const std::vector<PluginSummary>& plugins, const std::string& search);

// {"uri", "name", "category", "inputs", "outputs", "latency_port",
//  "controls": [{"symbol", "name", "unit", "min", "max", "default", "integer",
//  "toggled", "enumeration", "logarithmic", "scale_points": [{"value", "label"}]}]}:
// the input controls only, in port order.
nlohmann::json plugin_json(const PluginInfo& info);

// The text forms of the same: one line per plugin; one line per control.
std::string plugins_text(const nlohmann::json& list);
std::string plugin_text(const nlohmann::json& plugin);

} // namespace sy::fx
