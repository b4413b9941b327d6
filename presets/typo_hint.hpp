// "did you mean ...?" for field names: finds the known name a misspelt one
// was most likely meant to be.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace sy::presets {

// The known name closest to `name` (case, one or two slips, a missing suffix
// like "gain" for "gain_db"), or nullopt when none is close enough to suggest.
std::optional<std::string_view> closest_name(std::string_view name, std::span<const std::string_view> known);

} // namespace sy::presets
