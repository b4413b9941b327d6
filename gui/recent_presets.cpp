#include "gui/recent_presets.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "gui/state_dir.hpp"

namespace sy::gui {

RecentPresets::RecentPresets(std::string file) : file_(std::move(file)) {
    std::ifstream in(file_);
    std::string line;
    while (std::getline(in, line) && names_.size() < kMax) {
        if (!line.empty() && std::find(names_.begin(), names_.end(), line) == names_.end()) names_.push_back(line);
    }
}

std::string RecentPresets::default_file() {
    return (state_dir() / "gui-recent-presets").string();
}

std::string RecentPresets::push(const std::string& name) {
    names_.erase(std::remove(names_.begin(), names_.end(), name), names_.end());
    names_.insert(names_.begin(), name);
    if (names_.size() > kMax) names_.resize(kMax);

    // A small list a person can lose without harm: written whole through a
    // temporary file so a crash never leaves half of it.
    std::error_code ec;
    const std::filesystem::path path(file_);
    std::filesystem::create_directories(path.parent_path(), ec);
    const std::string tmp = file_ + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        for (const auto& n : names_) out << n << '\n';
        if (!out) return "cannot write " + tmp;
    }
    std::filesystem::rename(tmp, path, ec);
    if (ec) return "cannot rename " + tmp + " to " + file_ + ": " + ec.message();
    return "";
}

} // namespace sy::gui
