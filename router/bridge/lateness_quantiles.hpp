// A measured distribution of how late callbacks wake, as a table of
// quantiles, and a draw from it by the inverse of its distribution
// function: a uniform number u in [0, 1) gives the lateness the table puts
// at probability u, linear between its points. A table with its tail in it
// (p99, p99.9, the maximum) gives the rare late wakes in the right
// proportion, which a fitted Gaussian would not.
#pragma once

#include <span>

namespace sy::router {

struct LatenessQuantile {
    double probability; // in [0, 1], rising along a table, the first 0 and the last 1
    double seconds;     // the lateness at that probability, not falling along a table
};

// The lateness at probability `u` (clamped to [0, 1]); 0 for an empty table.
double lateness_at(std::span<const LatenessQuantile> table, double u);

} // namespace sy::router
