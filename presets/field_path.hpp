// Field paths as problems name them: "engine.rate", "inputs[2].channels",
// "routes[0].map[1][0]".
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sy::presets {

inline std::string member(const std::string& path, std::string_view key) {
    return path.empty() ? std::string(key) : path + "." + std::string(key);
}

inline std::string element(const std::string& path, std::size_t index) {
    return path + "[" + std::to_string(index) + "]";
}

} // namespace sy::presets
