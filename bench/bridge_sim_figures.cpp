// One crossing between two clocks 300 ppm apart, in simulation (ClockSim),
// at periods 64, 128 and 256, under timing profiles like real hardware's:
// what it costs in latency and whether it runs dry. Prints one line per
// case; it asserts nothing (targets and figures belong to the issue notes
// and docs/measurements.md). The simulated length is SY_SIM_SECONDS (600 by
// default; an hour is 3600).
//
// Profiles:
//   usb      callbacks Gaussian within about +-50 us of their time, stamped
//            with the driver's own period time (a USB card's interrupt);
//   desktop  most callbacks a little late and one in 50 up to 1 ms late,
//            stamped when they woke (a loaded desktop).
// The crossing's latency is the bridge's, as the latency budget counts it:
// its target fill (which holds the periods and the margin) plus the
// resampler's delay.
#include <cstdio>
#include <cstdlib>

#include "router/bridge/clock_sim.hpp"

namespace {

using sy::router::BridgeConfig;
using sy::router::ClockSim;

struct Profile {
    const char* name;
    ClockSim::Timing timing;
};

void run_case(const Profile& profile, int period, double seconds) {
    BridgeConfig config;
    config.channels = 2;
    config.writer_rate = 48000;
    config.reader_rate = 48000;
    config.writer_period = period;
    config.reader_period = period;
    config.quality = sy::dsp::Quality::Fast;
    ClockSim sim(config, 150.0, -150.0); // 300 ppm apart
    sim.set_writer_timing(profile.timing);
    sim.set_reader_timing(profile.timing);
    sim.run_until(60.0);
    const std::uint64_t under_first_minute = sim.bridge().stats().underruns;
    sim.run_until(seconds);
    const auto& f = sim.figures();
    const double bridge_ms = 1000.0 * sim.bridge().latency_reader_frames() / config.reader_rate;
    const double resampler_ms = 1000.0 * sim.bridge().resampler_delay_reader_frames() / config.reader_rate;
    std::printf("%-8s period %3d: crossing %6.2f ms (of it the resampler %4.2f), first lock at %5.2f s (< 0: never), "
                "underruns %llu (after the first minute %llu), overruns %llu, worst error after lock %.1f frames\n",
                profile.name, period, bridge_ms, resampler_ms, f.first_lock_seconds,
                static_cast<unsigned long long>(sim.bridge().stats().underruns),
                static_cast<unsigned long long>(sim.bridge().stats().underruns - under_first_minute),
                static_cast<unsigned long long>(sim.bridge().stats().overruns), f.max_error_after_lock);
}

} // namespace

int main() {
    const char* env = std::getenv("SY_SIM_SECONDS");
    const double seconds = env ? std::atof(env) : 600.0;
    const Profile profiles[] = {
        {"usb", {50e-6, ClockSim::Wakeup::Gaussian, ClockSim::Stamp::Driver}},
        {"desktop", {1e-3, ClockSim::Wakeup::Busy, ClockSim::Stamp::Wakeup}},
    };
    std::printf("one crossing, clocks 300 ppm apart, %.0f simulated seconds\n", seconds);
    for (const auto& p : profiles) {
        for (int period : {64, 128, 256}) run_case(p, period, seconds);
    }
    return 0;
}
