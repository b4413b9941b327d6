// The preset `switchyard demo` runs: presets/examples/demo.json, built into
// the program so that an installed binary needs no data files.
#pragma once

namespace sy::router {

const char* demo_preset_json();

} // namespace sy::router
