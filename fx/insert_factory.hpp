// Makes the unit an insert names, with its controls set: on the control
// thread, never while an audio thread could run it.
#pragma once

#include <memory>
#include <string>

#include "fx/insert_unit.hpp"

namespace sy::fx {

std::unique_ptr<InsertUnit> make_unit(const graph::Insert& insert, int channels, int rate, int max_frames,
                                      std::string& error);

} // namespace sy::fx
