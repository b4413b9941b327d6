#include "presets/preset_dirs.hpp"

#include <cstdlib>

namespace sy::presets {

std::filesystem::path config_dir() {
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg) {
        return std::filesystem::path(xdg) / "switchyard";
    }
    const char* home = std::getenv("HOME");
    return std::filesystem::path(home && *home ? home : "/tmp") / ".config" / "switchyard";
}

std::filesystem::path presets_dir() { return config_dir() / "presets"; }

std::filesystem::path last_state_path() { return config_dir() / "last.json"; }

} // namespace sy::presets
