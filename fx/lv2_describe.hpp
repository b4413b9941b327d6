// Reads a plugin's ports out of lilv into a PluginInfo.
#pragma once

#include <lilv/lilv.h>

#include "fx/plugin_info.hpp"

namespace sy::fx {

// With the world's lock held (lilv is not thread-safe).
PluginInfo describe_plugin(LilvWorld* world, const LilvPlugin* plugin);

} // namespace sy::fx
