// PipeWire's objects as `pw-dump` shows them: what a desktop application
// (OBS, a browser) sees of Switchyard's nodes.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace sy::test {

// pw-dump's first JSON value (0.3.65 may append updates while it runs).
nlohmann::json pw_dump();

// The properties of the node named `node_name` in `dump`, or null.
nlohmann::json node_props(const nlohmann::json& dump, const std::string& node_name);

// The ids of every node named `node_name`.
std::vector<int> node_ids(const std::string& node_name);

} // namespace sy::test
