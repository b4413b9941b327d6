#include "gui/state_dir.hpp"

#include <cstdlib>

namespace sy::gui {

std::filesystem::path state_dir() {
    std::filesystem::path base;
    if (const char* state = std::getenv("XDG_STATE_HOME"); state && *state) {
        base = state;
    } else if (const char* home = std::getenv("HOME"); home && *home) {
        base = std::filesystem::path(home) / ".local" / "state";
    } else {
        // No home at all (a bare service account): somewhere writable still.
        base = std::filesystem::temp_directory_path();
    }
    return base / "switchyard";
}

} // namespace sy::gui
