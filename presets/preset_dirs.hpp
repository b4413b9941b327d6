// Where presets and the last running state live (XDG base directories).
#pragma once

#include <filesystem>

namespace sy::presets {

// $XDG_CONFIG_HOME/switchyard, or ~/.config/switchyard.
std::filesystem::path config_dir();
// config_dir()/presets: the presets recalled by name.
std::filesystem::path presets_dir();
// config_dir()/last.json: the running state, restored by `switchyard run`.
std::filesystem::path last_state_path();

} // namespace sy::presets
