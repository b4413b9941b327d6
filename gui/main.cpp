// switchyard-gui: the patchbay, mixer strips and latency view. Its own
// program so that the engine (`switchyard`) links no GTK; `switchyard gui`
// execs it, as git does its subcommands.
#include "gui/command_gui.hpp"

int main(int argc, char** argv) { return sy::gui::command_gui({argv + 1, argv + argc}); }
