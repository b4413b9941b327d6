// How late a JACK server runs our process callback: for each cycle, the
// time the callback woke (CLOCK_MONOTONIC, first thing in the callback)
// minus the time the cycle began, as a histogram and percentiles. The
// simulator's measured timing profile (ClockProfile::vm() in
// router/bridge/clock_profile.cpp) is drawn from this program's quantiles.
//
//   callback_lateness [SECONDS]   (default 60; the server from the environment,
//                                  e.g. `. /tmp/sy-servers/env` after
//                                  scripts/test-servers.sh start)
//
// Two cycle starts, since each lies in its own way:
//   dll    jack_get_cycle_times' current_usecs against jack_get_time() read
//          in the callback (JACK's clock, which need not be ours): JACK2's
//          delay-locked loop,
//          which wanders by tens of microseconds and runs off for seconds
//          after an xrun (docs/measurements.md);
//   frames the cycle start CycleClock finds (router/jack/cycle_clock.hpp),
//          from the server's frame counter and the lower envelope of our
//          wake times, which is what JackSide stamps its cycles with. Its
//          lateness is the one the simulator draws from: how much later than
//          its cycle's start a callback's frames land.
// And the frames one for calm cycles only:
//   calm   cycles more than a second after a lost cycle (a frame counter
//          that jumped by more than a period): how much of the tail the
//          lost cycles and the second after them make. (At period 128 on
//          this VM, 69 xruns a minute: p99.9 3.3 ms for all, 2.2 ms calm.)
// The first second is left out (the envelope is still forming). Nothing is
// asserted: it prints what it saw.
#include <jack/jack.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <thread>
#include <vector>

#include "router/jack/cycle_clock.hpp"

namespace {

struct Cycle {
    double wake = 0.0;             // CLOCK_MONOTONIC seconds
    jack_time_t wake_usecs = 0;    // jack_get_time(), JACK's own clock
    jack_time_t cycle_usecs = 0;   // jack_get_cycle_times' current_usecs
    jack_nframes_t frame = 0;      // jack_last_frame_time
};

// Written by the process thread only; read once it has stopped.
struct Recording {
    std::vector<Cycle> cycles; // sized before activation; never grows on the audio thread
    std::atomic<std::size_t> count{0};
    std::atomic<unsigned> xruns{0};
    jack_client_t* client = nullptr;
};

double monotonic_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

int on_process(jack_nframes_t, void* arg) {
    // audio thread only
    const double wake = monotonic_seconds();
    auto* r = static_cast<Recording*>(arg);
    const std::size_t n = r->count.load(std::memory_order_relaxed);
    if (n >= r->cycles.size()) return 0;
    Cycle& c = r->cycles[n];
    c.wake = wake;
    c.wake_usecs = jack_get_time();
    jack_nframes_t frames = 0;
    jack_time_t next = 0;
    float period_usecs = 0.0f;
    jack_get_cycle_times(r->client, &frames, &c.cycle_usecs, &next, &period_usecs);
    c.frame = jack_last_frame_time(r->client);
    r->count.store(n + 1, std::memory_order_release);
    return 0;
}

int on_xrun(void* arg) {
    // JACK's notification thread: count only.
    static_cast<Recording*>(arg)->xruns.fetch_add(1, std::memory_order_relaxed);
    return 0;
}

double quantile(const std::vector<double>& sorted, double p) {
    const auto i = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
    return sorted[std::min(i, sorted.size() - 1)];
}

void print_figures(const char* name, std::vector<double> late) {
    std::sort(late.begin(), late.end());
    std::printf("%-6s lateness in us: min %.1f  p10 %.1f  p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f\n",
                name, 1e6 * late.front(), 1e6 * quantile(late, 0.1), 1e6 * quantile(late, 0.5),
                1e6 * quantile(late, 0.9), 1e6 * quantile(late, 0.99), 1e6 * quantile(late, 0.999),
                1e6 * late.back());
    const double edges[] = {0, 20e-6, 50e-6, 100e-6, 200e-6, 500e-6, 1e-3, 2e-3, 5e-3, 1e9};
    std::printf("       histogram:");
    for (std::size_t b = 0; b + 1 < std::size(edges); ++b) {
        const auto lo = std::lower_bound(late.begin(), late.end(), edges[b]);
        const auto hi = std::lower_bound(late.begin(), late.end(), edges[b + 1]);
        if (b + 2 < std::size(edges)) {
            std::printf(" <%gus %td", edges[b + 1] * 1e6, hi - lo);
        } else {
            std::printf(" >=5ms %td", hi - lo);
        }
    }
    std::printf(" (below 0: %td)\n", std::lower_bound(late.begin(), late.end(), 0.0) - late.begin());
    // The quantile table the simulator takes (probability, seconds).
    std::printf("       quantiles:");
    for (double p : {0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.995, 0.999, 0.9999, 1.0}) {
        std::printf(" {%g, %.1fe-6}", p, 1e6 * quantile(late, p));
    }
    std::printf("\n");
}

} // namespace

int main(int argc, char** argv) {
    const double seconds = argc > 1 ? std::atof(argv[1]) : 60.0;
    Recording rec;
    jack_status_t status{};
    rec.client = jack_client_open("sy-callback-lateness", JackNoStartServer, &status);
    if (!rec.client) {
        std::fprintf(stderr, "callback_lateness: no JACK server (status 0x%x)\n", static_cast<unsigned>(status));
        return 1;
    }
    const double rate = jack_get_sample_rate(rec.client);
    const jack_nframes_t period = jack_get_buffer_size(rec.client);
    rec.cycles.resize(static_cast<std::size_t>((seconds + 2.0) * rate / period) + 16);
    jack_set_process_callback(rec.client, on_process, &rec);
    jack_set_xrun_callback(rec.client, on_xrun, &rec);
    // JACK's clock need not be CLOCK_MONOTONIC (it may be the raw clock):
    // the dll lateness is taken on JACK's clock, the frames one on ours.
    const double clock_gap = 1e-6 * static_cast<double>(jack_get_time()) - monotonic_seconds();
    if (jack_activate(rec.client) != 0) {
        std::fprintf(stderr, "callback_lateness: cannot activate\n");
        return 1;
    }
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds + 1.0));
    jack_deactivate(rec.client);
    const std::size_t n = rec.count.load(std::memory_order_acquire);
    const unsigned xruns = rec.xruns.load();
    jack_client_close(rec.client);

    sy::router::CycleClock clock;
    clock.reset(rate);
    std::vector<double> by_dll;
    std::vector<double> by_frames;
    std::vector<double> calm;
    const double skip_until = n > 0 ? rec.cycles[0].wake + 1.0 : 0.0;
    double last_lost = -1e9;
    for (std::size_t i = 0; i < n; ++i) {
        const Cycle& c = rec.cycles[i];
        const double start = clock.cycle_start(c.frame, c.wake);
        if (i > 0 && static_cast<jack_nframes_t>(c.frame - rec.cycles[i - 1].frame) > period * 3 / 2) last_lost = c.wake;
        if (c.wake < skip_until) continue;
        by_dll.push_back(1e-6 * (static_cast<double>(c.wake_usecs) - static_cast<double>(c.cycle_usecs)));
        by_frames.push_back(c.wake - start);
        if (c.wake > last_lost + 1.0) calm.push_back(c.wake - start);
    }
    if (by_dll.empty()) {
        std::fprintf(stderr, "callback_lateness: no cycles recorded\n");
        return 1;
    }
    std::printf("JACK %.0f Hz, period %u, %.0f s, %zu cycles counted, %u xruns, jack_get_time - "
                "CLOCK_MONOTONIC %.1f us\n",
                rate, period, seconds, by_dll.size(), xruns, 1e6 * clock_gap);
    print_figures("dll", by_dll);
    print_figures("frames", by_frames);
    if (!calm.empty()) print_figures("calm", calm);
    return 0;
}
