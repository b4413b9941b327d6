// A JACK client inside the test: plays a sine on its outputs and records its
// inputs into memory, so a test knows exactly what went in and what came back.
// It adds no latency of its own and says so (a latency callback that reports
// zero on its ports): without one, JACK would pass what reaches its inputs on
// to its outputs, as if what it records were what it plays.
#pragma once

#include <jack/jack.h>

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace sy::test {

class JackProbe {
public:
    // Opens client `name` with `channels` outputs (name:out_1..) playing a
    // sine of `hz` at `amplitude` (at 0 Hz a constant `amplitude`), and inputs (name:in_1..) recorded for up
    // to `record_seconds`. With hz < 0 the outputs play a 2 ms burst of
    // `amplitude` every -hz frames instead (for measuring delay).
    JackProbe(const std::string& name, int channels, double hz, double amplitude, double record_seconds = 10.0);
    ~JackProbe();
    JackProbe(const JackProbe&) = delete;
    JackProbe& operator=(const JackProbe&) = delete;

    bool ok() const { return client_ != nullptr; }
    int rate() const { return rate_; }
    std::string port(const char* kind, int n) const { return name_ + ":" + kind + "_" + std::to_string(n); }

    void start_recording(); // from now on inputs are kept
    // Frames recorded so far (any thread): where "now" falls in the recording.
    std::size_t recorded_frames() const { return frames_.load(std::memory_order_acquire); }
    // Recorded frames of input channel ch so far (stops recording first).
    std::vector<float> take_recording(int ch);
    // What output 1 played during the same cycles as the recording.
    std::vector<float> take_sent();
    // Any port's latency range as JACK reports it to any client
    // (jack_port_get_latency_range); {0, 0} for a port that is not there.
    jack_latency_range_t latency_of(const std::string& port, jack_latency_callback_mode_t mode) const;
    // Xruns the server has reported to this client since it opened.
    std::uint64_t xruns() const { return xruns_.load(std::memory_order_relaxed); }

private:
    static int on_process(jack_nframes_t frames, void* self);
    static void on_latency(jack_latency_callback_mode_t mode, void* self);

    std::string name_;
    jack_client_t* client_ = nullptr;
    std::vector<jack_port_t*> outs_;
    std::vector<jack_port_t*> ins_;
    int rate_ = 48000;
    double hz_;
    double amplitude_;
    double phase_ = 0.0;
    std::vector<std::vector<float>> recorded_;
    std::vector<float> sent_;
    std::uint64_t frame_ = 0; // frames played since start
    std::atomic<bool> recording_{false};
    std::atomic<std::size_t> frames_{0};
    std::atomic<std::uint64_t> xruns_{0};
};

} // namespace sy::test
