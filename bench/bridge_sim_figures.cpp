// One crossing between two clocks 300 ppm apart, one of them drifting, in
// simulation (ClockSim), at periods 64, 128 and 256, under the named timing
// profiles (router/bridge/clock_profile.hpp: usb, desktop, and vm, the test
// VM's measured lateness): what it costs in latency and whether it runs
// dry. Prints a table; it asserts nothing (targets and figures belong to
// the issue notes and docs/measurements.md). The simulated length is
// SY_SIM_SECONDS (an hour by default).
//
// The clocks: the writer's runs 150 ppm fast and warms up at 0.1 ppm a
// second for ten minutes, to 210 ppm (a crystal warming up); the reader's
// runs 150 ppm slow.
//
// Each row runs in both latency modes (bridge_margin.hpp): safe and low
// (low also takes the fast resampler; safe the medium one, as a live
// session picks them).
//
// Columns:
//   crossing   the bridge's latency as the latency budget counts it,
//              latency_reader_frames(): its target fill (both periods and
//              the margin) plus the resampler's delay, in ms, at the end;
//   worst      the largest it was after the first minute;
//   margin     the target fill less the two periods, at the end, in ms;
//   lateness   the writer's p99.9 lateness the margin came from, in ms;
//   underruns  in all, and after the first 60 s;
//   lock       the simulated time of the first lock (-1: never);
//   max err    the largest |fill - target| after the first lock, in writer frames;
//   run        the wall time the row took.
//
// A second table takes the first two minutes after the lock in
// SY_SIM_RUNS (20) other draws of each profile's timing: in how many the
// bridge ran dry in the first minute (while its lateness window fills) and
// in the second (what the live soak counts), and the median margin at the
// lock and a minute and two minutes after it.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "router/bridge/clock_profile.hpp"

namespace {

using sy::router::BridgeConfig;
using sy::router::ClockProfile;
using sy::router::ClockSim;
using sy::router::LatencyMode;

constexpr double kWriterPpm = 150.0;
constexpr double kReaderPpm = -150.0;
constexpr sy::router::DriftRamp kWarmUp{0.1, 210.0};

BridgeConfig row_config(int period, LatencyMode mode) {
    BridgeConfig config;
    config.channels = 2;
    config.writer_rate = 48000;
    config.reader_rate = 48000;
    config.writer_period = period;
    config.reader_period = period;
    config.latency = mode;
    config.quality = mode == LatencyMode::Low ? sy::dsp::Quality::Fast : sy::dsp::Quality::Medium;
    return config;
}

// The clocks every row runs with, the profile's timing in its draw `run`.
void set_clocks(ClockSim& sim, const ClockProfile& profile, std::uint64_t run = 0) {
    sim.set_writer_drift(kWarmUp);
    sim.set_writer_timing(profile.timing, run);
    sim.set_reader_timing(profile.timing, run);
}

// `row(profile, mode, period)` for every row of a table.
template <typename Row>
void each_row(Row row) {
    for (const ClockProfile& p : {ClockProfile::usb(), ClockProfile::desktop(), ClockProfile::vm()}) {
        for (LatencyMode mode : {LatencyMode::Safe, LatencyMode::Low}) {
            for (int period : {64, 128, 256}) row(p, mode, period);
        }
    }
}

void run_case(const ClockProfile& profile, int period, LatencyMode mode, double seconds) {
    const auto started = std::chrono::steady_clock::now();
    const BridgeConfig config = row_config(period, mode);
    ClockSim sim(config, kWriterPpm, kReaderPpm);
    set_clocks(sim, profile);
    double worst = 0.0;
    sim.set_trace([&](const ClockSim::Callback& call) {
        if (!call.writer && call.woke >= 60.0) worst = std::max(worst, sim.bridge().latency_reader_frames());
    });
    sim.run_until(std::min(60.0, seconds));
    const std::uint64_t under_first_minute = sim.bridge().stats().underruns;
    sim.run_until(seconds);
    const auto& f = sim.figures();
    const auto stats = sim.bridge().stats();
    const double ms = 1000.0 / config.reader_rate;
    const double run_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf("%-8s %-5s %6d %9.2f %7.2f %7.2f %8.2f %10llu %10llu %7.2f %8.1f %6.1f\n", profile.name,
                sy::router::latency_mode_name(mode), period, sim.bridge().latency_reader_frames() * ms, worst * ms,
                stats.margin_seconds * 1e3, stats.lateness_seconds * 1e3,
                static_cast<unsigned long long>(stats.underruns),
                static_cast<unsigned long long>(stats.underruns - under_first_minute), f.first_lock_seconds,
                f.max_error_after_lock, run_s);
}

// The first two minutes after the lock, as the live soak sees them (it
// counts the second), in `runs` draws of the profile's timing: in how many
// a bridge ran dry in each, and the margin at the lock and a minute and two
// later (medians).
void first_minutes(const ClockProfile& profile, int period, LatencyMode mode, int runs) {
    int dry[2] = {0, 0};
    std::vector<double> margins[3];
    for (int run = 0; run < runs; ++run) {
        ClockSim sim(row_config(period, mode), kWriterPpm, kReaderPpm);
        set_clocks(sim, profile, static_cast<std::uint64_t>(run));
        while (sim.figures().first_lock_seconds < 0.0 && sim.now() < 15.0) sim.run_until(sim.now() + 0.1);
        const double lock = sim.figures().first_lock_seconds;
        if (lock < 0.0) {
            ++dry[0], ++dry[1];
            continue;
        }
        for (int minute = 0; minute < 2; ++minute) {
            margins[minute].push_back(sim.bridge().stats().margin_seconds);
            const std::uint64_t before = sim.bridge().stats().underruns;
            sim.run_until(lock + 60.0 * (minute + 1));
            if (sim.bridge().stats().underruns != before) ++dry[minute];
        }
        margins[2].push_back(sim.bridge().stats().margin_seconds);
    }
    const auto median = [](std::vector<double> v) {
        if (v.empty()) return 0.0;
        std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
        return v[v.size() / 2];
    };
    std::printf("%-8s %-5s %6d %7d/%-4d %7d/%-4d %8.2f %8.2f %8.2f\n", profile.name,
                sy::router::latency_mode_name(mode), period, dry[0], runs, dry[1], runs, median(margins[0]) * 1e3,
                median(margins[1]) * 1e3, median(margins[2]) * 1e3);
}

} // namespace

int main() {
    const char* env = std::getenv("SY_SIM_SECONDS");
    const double seconds = env ? std::atof(env) : 3600.0;
    std::printf("one crossing, writer %+.0f ppm ramping %.1f ppm/s to %+.0f, reader %+.0f ppm, %.0f simulated "
                "seconds\n",
                kWriterPpm, kWarmUp.ppm_per_second, *kWarmUp.final_ppm, kReaderPpm, seconds);
    std::printf("%-8s %-5s %6s %9s %7s %7s %8s %10s %10s %7s %8s %6s\n", "profile", "mode", "period", "crossing",
                "worst", "margin", "lateness", "underruns", "after 60s", "lock s", "max err", "run s");
    std::printf("%-8s %-5s %6s %9s %7s %7s %8s %10s %10s %7s %8s %6s\n", "", "", "", "ms", "ms", "ms", "ms", "", "",
                "", "frames", "");
    each_row([&](const ClockProfile& p, LatencyMode mode, int period) { run_case(p, period, mode, seconds); });
    const char* runs_env = std::getenv("SY_SIM_RUNS");
    const int runs = runs_env ? std::atoi(runs_env) : 20;
    std::printf("\nthe first two minutes after the lock, %d runs of each (other draws of the same timing)\n", runs);
    std::printf("%-8s %-5s %6s %12s %12s %8s %8s %8s\n", "profile", "mode", "period", "dry 1st min", "dry 2nd min",
                "margin", "1 min", "2 min");
    std::printf("%-8s %-5s %6s %12s %12s %8s %8s %8s\n", "", "", "", "runs", "runs", "lock ms", "ms", "ms");
    each_row([&](const ClockProfile& p, LatencyMode mode, int period) { first_minutes(p, period, mode, runs); });
    return 0;
}
