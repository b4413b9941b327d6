// The shared parts of the PipeWire side's tests; see pipewire_side_support.hpp.
#include "pipewire_side_support.hpp"

#include <unistd.h>

#include <cmath>
#include <numbers>

#include "tests/rt/alloc_counter.hpp"

namespace sy::test {

// Stand-ins for when tests/rt/alloc_counter.cpp is not linked into this
// program: the real (strong) definitions win when it is; without it the
// real-time test skips instead of the program failing to link.
__attribute__((weak)) bool rt_hooks_installed() { return false; }
__attribute__((weak)) void arm_rt_counter() {}
__attribute__((weak)) RtViolations disarm_rt_counter() { return {}; }

void probe_process(void* user, int frames, const IoTable& io, double) {
    // audio thread only
    auto& p = *static_cast<Probe*>(user);
    if (p.armed) {
        // Everything since the end of the previous cycle: PipeWire's data
        // loop, PipewireNode's process callback and this one up to here.
        const RtViolations v = disarm_rt_counter();
        p.armed = false;
        p.allocations.fetch_add(v.allocations, std::memory_order_relaxed);
        p.frees.fetch_add(v.frees, std::memory_order_relaxed);
        p.locks.fetch_add(v.locks, std::memory_order_relaxed);
        p.rt_cycles.fetch_add(1, std::memory_order_relaxed);
    }
    const int rate = p.side->rate() > 0 ? p.side->rate() : 48000;
    const double step = 2.0 * std::numbers::pi * p.hz / rate;
    for (int t = 0; t < p.tone_count; ++t) {
        const auto& row = io.channel[static_cast<std::size_t>(p.tone_rows[t])];
        for (int i = 0; i < frames; ++i) {
            const float x = p.amplitude * static_cast<float>(std::sin(p.phase + step * i));
            for (float* out : row)
                if (out) out[i] = x;
        }
    }
    p.phase = std::fmod(p.phase + step * frames, 2.0 * std::numbers::pi);
    if (p.copy_from >= 0) {
        for (int c = 0; c < p.copy_channels; ++c) {
            const float* in = io.channel[static_cast<std::size_t>(p.copy_from)][static_cast<std::size_t>(c)];
            float* out = io.channel[static_cast<std::size_t>(p.copy_to)][static_cast<std::size_t>(c)];
            if (!out) continue;
            for (int i = 0; i < frames; ++i) out[i] = in ? in[i] : 0.0f;
        }
    }
    if (p.measure_row >= 0) {
        const int generation = p.generation.load(std::memory_order_relaxed);
        if (generation != p.seen_generation) {
            p.seen_generation = generation;
            p.window_peak = 0.0f;
            p.frames.store(0, std::memory_order_relaxed);
            p.crossings.store(0, std::memory_order_relaxed);
        }
        if (const float* in = io.channel[static_cast<std::size_t>(p.measure_row)][0]) {
            std::uint64_t up = 0;
            for (int i = 0; i < frames; ++i) {
                p.window_peak = std::fmax(p.window_peak, std::fabs(in[i]));
                const bool positive = in[i] > 0.0f;
                if (positive && !p.last_positive) ++up;
                p.last_positive = positive;
            }
            p.peak.store(p.window_peak, std::memory_order_relaxed);
            p.crossings.fetch_add(up, std::memory_order_relaxed);
            p.frames.fetch_add(static_cast<std::uint64_t>(frames), std::memory_order_relaxed);
        }
    }
    if (p.count_rt) {
        arm_rt_counter();
        p.armed = true;
        if (p.allocate_once.exchange(false)) {
            // Deliberately breaks the rule once, inside the counted window, to
            // prove the counter sees this thread.
            auto* volatile x = new int(frames);
            delete x;
        }
    }
}

PipewireEndpoint target_output(const std::string& id, int slot, const std::string& target) {
    return {id, false, 2, slot, {target, "", ""}};
}
PipewireEndpoint virtual_sink(const std::string& id, int slot, const std::string& description) {
    return {id, true, 2, slot, {"", "sink", description}};
}
PipewireEndpoint virtual_source(const std::string& id, int slot, const std::string& description) {
    return {id, false, 2, slot, {"", "source", description}};
}
PipewireEndpoint plain(const std::string& id, bool input, int channels, int slot) {
    return {id, input, channels, slot, {"", "", ""}};
}

std::string preset_name(const std::string& what) { return "pwtest-" + what + "-" + std::to_string(getpid()); }

PipewireEndpointStatus status_of(const PipewireSide& side, const std::string& id) {
    for (const auto& s : side.status())
        if (s.id == id) return s;
    return {id, "no such endpoint", false, "", 0, 0, {}};
}

bool wait_ready(const PipewireSide& side, const std::string& id, std::chrono::milliseconds timeout) {
    return wait_until([&] { return status_of(side, id).ready; }, timeout, 10ms);
}

std::string describe(const PipewireSide& side) {
    std::string text;
    for (const auto& s : side.status())
        text += "  " + s.id + ": " + s.state + " (" + std::to_string(s.links) + "/" + std::to_string(s.wanted) + ")\n";
    return text;
}

double tone_hz(std::span<const float> signal, int rate) {
    std::uint64_t up = 0;
    for (std::size_t i = 1; i < signal.size(); ++i)
        if (signal[i] > 0.0f && signal[i - 1] <= 0.0f) ++up;
    return signal.empty() ? 0.0 : static_cast<double>(up) * rate / static_cast<double>(signal.size());
}

std::span<const float> steady_part(const std::vector<float>& signal, double threshold, long settle) {
    const long onset = first_above(signal, threshold);
    if (onset < 0 || static_cast<std::size_t>(onset + settle) >= signal.size()) return {};
    return std::span<const float>(signal).subspan(static_cast<std::size_t>(onset + settle));
}

} // namespace sy::test
