// What the tests of Switchyard's PipeWire side share (pipewire_side_test.cpp,
// pipewire_side_graph_test.cpp, pipewire_side_realtime_test.cpp): a process
// callback that plays, measures and copies, endpoints by kind, the side's
// status, tone measures, a sink that comes late, and the fixture.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "pw_dump.hpp"
#include "router/pipewire/side.hpp"
#include "test_servers.hpp"

namespace sy::test {

using namespace std::chrono_literals;
using router::IoTable;
using router::PipewireEndpoint;
using router::PipewireEndpointStatus;
using router::PipewireSide;

// What the process callback does and what it saw, shared with the test.
// Rows are fixed before start(); the audio thread writes the atomics.
struct Probe {
    static constexpr int kRows = 8;
    PipewireSide* side = nullptr;
    double hz = 1000.0;
    float amplitude = 0.5f;
    int tone_rows[kRows] = {}; // output rows that get the tone
    int tone_count = 0;
    int measure_row = -1;             // input row whose channel 0 is measured
    int copy_from = -1, copy_to = -1; // pass-through rows (every channel)
    int copy_channels = 2;
    bool count_rt = false;
    std::atomic<bool> allocate_once{false}; // the counter's self-check: one deliberate allocation

    // Audio thread only.
    double phase = 0.0;
    bool armed = false;
    bool last_positive = false;
    int seen_generation = 0;
    float window_peak = 0.0f;

    // Published by the audio thread.
    std::atomic<int> generation{0};          // the test bumps it to restart the window
    std::atomic<float> peak{0.0f};           // largest |x| of the measured row since the window began
    std::atomic<std::uint64_t> frames{0};    // measured frames since the window began
    std::atomic<std::uint64_t> crossings{0}; // upward zero crossings since the window began
    std::atomic<std::uint64_t> rt_cycles{0};
    std::atomic<std::uint64_t> allocations{0}, frees{0}, locks{0};

    void restart_window() { generation.fetch_add(1); }
    // Frequency of the measured row over the window, at the graph rate.
    double measured_hz() const {
        const auto n = frames.load();
        return n ? static_cast<double>(crossings.load()) * side->rate() / static_cast<double>(n) : 0.0;
    }
};

// Process callback for PipewireSide::start() with a Probe as `user`.
void probe_process(void* user, int frames, const IoTable& io, double now);

PipewireEndpoint target_output(const std::string& id, int slot, const std::string& target);
PipewireEndpoint virtual_sink(const std::string& id, int slot, const std::string& description);
PipewireEndpoint virtual_source(const std::string& id, int slot, const std::string& description);
PipewireEndpoint plain(const std::string& id, bool input, int channels, int slot);

// A preset name of our own per test and process, so nothing collides with
// another test or a second run on the same servers.
std::string preset_name(const std::string& what);

PipewireEndpointStatus status_of(const PipewireSide& side, const std::string& id);
bool wait_ready(const PipewireSide& side, const std::string& id, std::chrono::milliseconds timeout = 5s);
std::string describe(const PipewireSide& side);

// Upward zero crossings per second of one channel.
double tone_hz(std::span<const float> signal, int rate);

// The steady part of a recorded tone: from `settle` frames past its onset
// to the end. Empty when the tone never arrived.
std::span<const float> steady_part(const std::vector<float>& signal, double threshold, long settle);

// A null sink made by another client with object.linger=true, as a device
// that turns up after Switchyard started; destroyed by its id at the end.
class LateSink {
public:
    explicit LateSink(std::string name) : name_(std::move(name)) {}
    ~LateSink() { remove(); }
    const std::string& name() const { return name_; }
    bool create() {
        const auto r =
            run_command("pw-cli create-node adapter '{ factory.name=support.null-audio-sink node.name=" + name_ +
                        " node.description=\"Late Sink\" media.class=Audio/Sink object.linger=true"
                        " audio.position=[ FL FR ] }'");
        if (r.exit_code != 0) ADD_FAILURE() << "pw-cli create-node: " << r.output;
        return r.exit_code == 0;
    }
    void remove() {
        for (int id : node_ids(name_)) run_command("pw-cli destroy " + std::to_string(id));
    }

private:
    std::string name_;
};

class PipewireSideTest : public ServersTest {
protected:
    void TearDown() override { side.stop(); }

    // Starts the side with `endpoints`; the probe's side pointer is set.
    void start(const std::string& what, std::vector<PipewireEndpoint> endpoints) {
        preset = preset_name(what);
        probe.side = &side;
        const std::string error = side.start(preset, std::move(endpoints), &probe_process, &probe);
        ASSERT_EQ(error, "") << "start failed";
        ASSERT_TRUE(side.running());
    }

    Probe probe;
    PipewireSide side;
    std::string preset;
};

} // namespace sy::test
