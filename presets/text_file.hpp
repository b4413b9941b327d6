// Reads a whole (small) file into memory, errors as values.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace sy::presets {

// A preset is a few kilobytes; anything past this is not one, and reading
// must not hang on /dev/zero.
inline constexpr std::size_t kMaxPresetBytes = 16u << 20;

struct TextFile {
    std::optional<std::string> text;
    std::string error; // "No such file or directory", ... when text is empty
};

TextFile read_text_file(const std::string& path);

} // namespace sy::presets
