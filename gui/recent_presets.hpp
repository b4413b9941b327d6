// The presets loaded or saved lately, newest first, kept between runs in
// $XDG_STATE_HOME/switchyard/gui-recent-presets (one name or file a line).
#pragma once

#include <string>
#include <vector>

namespace sy::gui {

class RecentPresets {
public:
    static constexpr std::size_t kMax = 8;

    explicit RecentPresets(std::string file); // reads it if it is there
    // The default file: $XDG_STATE_HOME, else ~/.local/state.
    static std::string default_file();

    // Moves `name` to the front (adding it), keeps kMax, and writes the file:
    // "" or why it could not be written (the list in memory is updated anyway).
    std::string push(const std::string& name);
    const std::vector<std::string>& names() const { return names_; }

private:
    std::string file_;
    std::vector<std::string> names_;
};

} // namespace sy::gui
