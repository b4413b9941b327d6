// Where the GUI keeps what is its own (the recent presets, the log of an
// engine it started): $XDG_STATE_HOME/switchyard, else ~/.local/state/switchyard.
#pragma once

#include <filesystem>

namespace sy::gui {

std::filesystem::path state_dir();

} // namespace sy::gui
