// Whether an LV2 plugin can run on a strip, and whether a control value
// suits it: the rules the checks and the running plugin share.
//
// A plugin with as many main inputs as the strip has channels runs once; a
// mono plugin runs once per channel; a plugin of P inputs on a strip of a
// multiple of P channels runs once per P channels. A plugin with more inputs
// than a mono strip has channels is fed that channel on every input, and its
// first output is kept. Sidechain inputs are fed silence.
#pragma once

#include <string>

#include "fx/plugin_info.hpp"
#include "graph/insert.hpp"

namespace sy::fx {

struct Fit {
    int instances = 0;  // how many run side by side
    int group = 0;      // strip channels each instance takes
    std::string why_not; // empty when it fits
};

Fit fit_plugin(const PluginInfo& info, int channels);

// Empty when `value` is a value the control `symbol` takes; else why not,
// naming the range, the steps or the scale points it does take.
std::string control_problem(const PluginInfo& info, const std::string& symbol, const graph::ControlValue& value);

} // namespace sy::fx
