// The system's monotonic clock in seconds, the clock both servers stamp
// their cycles on (JACK's frame times and PipeWire's clock.nsec are
// CLOCK_MONOTONIC). Safe on an audio thread: clock_gettime is the vDSO's,
// not a system call.
#pragma once

#include <ctime>

namespace sy::router {

inline double monotonic_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

} // namespace sy::router
