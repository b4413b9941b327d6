// An insert: one effect on a strip (an input, bus or output), as a preset
// writes it (shared PRESET.md, "inserts[]"). Which plugin it is, the values
// of the controls the preset names (the plugin's defaults hold for the rest)
// and whether it is bypassed. What a plugin is and which controls it has is
// fx/'s business: graph knows only names and values.
#pragma once

#include <map>
#include <string>
#include <variant>
#include <vector>

namespace sy::graph {

// A control's value: a number in the plugin's own units, or a word for the
// built-ins that take one ("level": "high").
using ControlValue = std::variant<double, std::string>;

struct Insert {
    std::string id;      // unique on its strip, [a-z0-9_-]+
    std::string lv2;     // the plugin's URI, or empty for a built-in
    std::string builtin; // "denoise", or empty for an LV2 plugin
    std::map<std::string, ControlValue> controls; // by port symbol
    bool bypass = false;
    bool operator==(const Insert&) const = default;

    // Which plugin, as one key: "lv2:<uri>" or "builtin:<name>". Two inserts
    // with the same id and kind are the same running instance across edits.
    std::string kind() const { return lv2.empty() ? "builtin:" + builtin : "lv2:" + lv2; }
};

using Inserts = std::vector<Insert>;

std::string to_text(const ControlValue& value);

} // namespace sy::graph
