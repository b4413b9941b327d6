// `switchyard gui`: the GUI is a program of its own, switchyard-gui, so that
// the engine links no GTK (a real-time process should not carry a toolkit's
// threads and libraries). As git does with its subcommands, the words go to
// the program found next to this one (a build tree, an installed prefix),
// else to the one on PATH.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "router/client/sibling_program.hpp"
#include "router/cli/commands.hpp"

namespace sy::router {

int command_gui(const std::vector<std::string>& args) {
    std::vector<std::string> words = {sibling_program("switchyard-gui")};
    words.insert(words.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& w : words) argv.push_back(w.data());
    argv.push_back(nullptr);
    std::fflush(nullptr);
    ::execvp(argv[0], argv.data());
    std::fprintf(stderr,
                 "switchyard gui: cannot run %s: %s (it is built with -DSY_GUI=ON and installed next to switchyard)\n",
                 argv[0], std::strerror(errno));
    return kExitFailed;
}

} // namespace sy::router
