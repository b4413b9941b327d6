// `switchyard gui [--instance NAME] [--no-tray]`: the GTK application.
#pragma once

#include <string>
#include <vector>

namespace sy::gui {

// The words after "gui"; returns the exit code (0 ok, 1 failed, 2 usage).
int command_gui(std::vector<std::string> args);

} // namespace sy::gui
