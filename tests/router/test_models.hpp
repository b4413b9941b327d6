// Models shared by the router tests.
#pragma once

#include "tests/support/model_builder.hpp"

namespace sy::test {

// Two mono inputs a and b, a stereo bus, a stereo output.
inline graph::Model two_in_one_bus(double gain_a_db) {
    graph::Model m;
    m.inputs = {input("a", 1), input("b", 1)};
    m.buses = {bus("mix")};
    m.outputs = {output("out")};
    m.routes = {route("a", "mix", gain_a_db), route("b", "mix"), route("mix", "out")};
    return m;
}

} // namespace sy::test
