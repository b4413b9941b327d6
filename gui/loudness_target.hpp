// The loudness every strip's LUFS readout is held against, picked once for
// the mixer: -14 LUFS (what the streaming services normalise to), -16
// (podcasts, Apple) or -23 (EBU R 128, broadcast). Kept between runs in
// $XDG_STATE_HOME/switchyard/gui-loudness-target (the figure, one line).
#pragma once

#include <array>
#include <optional>
#include <string>

namespace sy::gui {

struct LoudnessTarget {
    double lufs;
    const char* label; // for the combo
};

inline constexpr std::array<LoudnessTarget, 3> kLoudnessTargets{{
    {-14.0, "-14 LUFS (streaming)"},
    {-16.0, "-16 LUFS (podcast)"},
    {-23.0, "-23 LUFS (EBU R 128)"},
}};
inline constexpr double kDefaultLoudnessTarget = -14.0;

// How a figure stands against the target: within 1 LU either way is on it
// (the tolerance EBU R 128 allows a live programme).
enum class LoudnessZone { none, under, on_target, over };
LoudnessZone loudness_zone(std::optional<double> lufs, double target);
const char* loudness_zone_css_class(LoudnessZone zone); // "sy-lufs-none", ...

std::string default_loudness_target_file();
// The saved target, or kDefaultLoudnessTarget when there is none or it is
// not one of kLoudnessTargets (an edited file never picks a stray figure).
double read_loudness_target(const std::string& file);
// "" or why it could not be written.
std::string write_loudness_target(const std::string& file, double lufs);

} // namespace sy::gui
