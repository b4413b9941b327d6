// The amplitude of a JACK probe's tone coming back to it, over 200 ms
// starting `settle` after the call (a gain ramp is 5 ms, a JACK cycle 5.3
// ms, a plugin's filter settles in a few ms). A take during a witnessed
// host stall or a JACK xrun is taken again (stall_watch.hpp): one cycle
// lost in 200 ms moved the fit 8 %.
#pragma once

#include <chrono>
#include <thread>

#include "jack_probe.hpp"
#include "stall_watch.hpp"
#include "tests/support/sine_fit.hpp"

namespace sy::test {

inline double heard_tone(const StallWatch& watch, JackProbe& probe, double hz, std::chrono::milliseconds settle) {
    std::this_thread::sleep_for(settle);
    return take_clean(watch, [&] { return probe.xruns(); }, [&] {
        probe.start_recording();
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        const auto got = probe.take_recording(0);
        return got.size() < 4800 ? -1.0 : fit_sine_near(got, hz, probe.rate()).amplitude;
    });
}

} // namespace sy::test
