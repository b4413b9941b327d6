// Named timing profiles for the clock simulator: how late a side's
// callbacks wake, and what time they are told, on the kinds of machine a
// crossing runs on. Benches and tests pick one by name instead of spelling
// out jitters, so a figure printed for "vm" means the same thing everywhere.
//
//   usb      a USB card's interrupt: callbacks Gaussian within about +-50 us
//            of their time (a deviation of 50 us, cut at 45 % of a period),
//            stamped with the period's exact time (Stamp::Driver).
//   desktop  a loaded desktop: most callbacks a little late, one in 50 up to
//            1 ms late (Wakeup::Busy), stamped with the cycle's time, as both
//            sides stamp theirs (JACK's from CycleClock, PipeWire's the
//            driver's clock.nsec). A wake-time stamp hides the lateness from
//            the bridge that sizes its margin from it: the tests that use
//            one (bridge_test.cpp, bridge_phase_noise_test.cpp) are about
//            the loop, not the margin.
//   vm       the shared 2-core VM the project is tested on, measured with
//            bench/callback_lateness against a real-time jackd on its dummy
//            backend (the table and how it was taken: clock_profile.cpp and
//            docs/measurements.md), stamped with the cycle's start, as
//            JackSide's CycleClock finds it.
#pragma once

#include "router/bridge/clock_sim.hpp"

namespace sy::router {

struct ClockProfile {
    const char* name;
    ClockSim::Timing timing;

    static ClockProfile usb();
    static ClockProfile desktop();
    static ClockProfile vm();
};

} // namespace sy::router
