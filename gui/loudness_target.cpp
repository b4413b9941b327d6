#include "gui/loudness_target.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "gui/state_dir.hpp"

namespace sy::gui {

namespace {
constexpr double kToleranceLu = 1.0;
}

LoudnessZone loudness_zone(std::optional<double> lufs, double target) {
    if (!lufs || !std::isfinite(*lufs)) return LoudnessZone::none;
    if (*lufs > target + kToleranceLu) return LoudnessZone::over;
    if (*lufs < target - kToleranceLu) return LoudnessZone::under;
    return LoudnessZone::on_target;
}

const char* loudness_zone_css_class(LoudnessZone zone) {
    switch (zone) {
    case LoudnessZone::under: return "sy-lufs-under";
    case LoudnessZone::on_target: return "sy-lufs-on";
    case LoudnessZone::over: return "sy-lufs-over";
    case LoudnessZone::none: break;
    }
    return "sy-lufs-none";
}

std::string default_loudness_target_file() { return (state_dir() / "gui-loudness-target").string(); }

double read_loudness_target(const std::string& file) {
    std::ifstream in(file);
    double v = 0.0;
    if (!(in >> v)) return kDefaultLoudnessTarget;
    for (const auto& t : kLoudnessTargets) {
        if (std::abs(t.lufs - v) < 0.01) return t.lufs;
    }
    return kDefaultLoudnessTarget;
}

std::string write_loudness_target(const std::string& file, double lufs) {
    // Written whole through a temporary file, as the recent presets are.
    std::error_code ec;
    const std::filesystem::path path(file);
    std::filesystem::create_directories(path.parent_path(), ec);
    const std::string tmp = file + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << lufs << '\n';
        if (!out) return "cannot write " + tmp;
    }
    std::filesystem::rename(tmp, path, ec);
    if (ec) return "cannot rename " + tmp + " to " + file + ": " + ec.message();
    return "";
}

} // namespace sy::gui
