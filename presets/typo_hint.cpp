#include "presets/typo_hint.hpp"

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

namespace sy::presets {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// Edit distance counting a swap of two neighbours as one slip ("chnanels").
std::size_t slips(std::string_view a, std::string_view b) {
    const std::size_t n = a.size(), m = b.size();
    std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1));
    for (std::size_t i = 0; i <= n; ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= m; ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= n; ++i) {
        for (std::size_t j = 1; j <= m; ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
    }
    return d[n][m];
}

} // namespace

std::optional<std::string_view> closest_name(std::string_view name, std::span<const std::string_view> known) {
    const std::string typed = lower(name);
    std::optional<std::string_view> best;
    std::size_t best_slips = 0;
    for (std::string_view candidate : known) {
        std::size_t s = slips(typed, candidate);
        // "gain" for "gain_db", "desc" for "description": a clear prefix counts as one slip.
        if (typed.size() >= 3 && candidate.starts_with(typed)) s = std::min<std::size_t>(s, 1);
        // Short names tolerate one slip, longer ones two: "rat" -> "rate", "chanells" -> "channels".
        const std::size_t allowed = candidate.size() <= 4 ? 1 : 2;
        if (s <= allowed && (!best || s < best_slips)) {
            best = candidate;
            best_slips = s;
        }
    }
    return best;
}

} // namespace sy::presets
