// The built-in inserts, by name: what they are called, which controls they
// take, and how one is made.
#pragma once

#include <memory>
#include <string>

#include "fx/insert_unit.hpp"

namespace sy::fx {

bool is_builtin(const std::string& name);
std::string builtin_names(); // for messages: "the built-ins are \"denoise\""
std::string builtin_control_problem(const std::string& name, const std::string& symbol, const graph::ControlValue& value);
std::unique_ptr<InsertUnit> make_builtin(const std::string& name, int channels, int rate, int max_frames,
                                         std::string& error);

} // namespace sy::fx
