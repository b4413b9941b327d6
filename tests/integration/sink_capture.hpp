// What a sink plays, recorded the way `pw-record -P '{ stream.capture.sink=true }'`
// records it, but with the stream's process callback on PipeWire's real-time
// data thread and into memory taken up front.
//
// Why not pw-record: it takes its buffers on its main loop, an ordinary
// thread. At 44.1 kHz and a quantum of 128 (2.9 ms a cycle) on a 2-core VM,
// two pw-record runs on the same sink at the same moment disagreed: one
// heard a clean tone (SNR 74 dB) while the other, a buffer short, heard it
// with a jump (SNR 8 dB), in 3 of 12 pairs. The instrument lost audio the
// path under test had delivered, with no real-time witness to tell. This
// capture runs in the graph cycle, and notes every cycle whose audio never
// reached it (the graph's clock moved further than the audio it handed
// over), so a take it spoilt is known as the recorder's, not the path's.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "router/offline/wav_file.hpp"

struct pw_thread_loop;
struct pw_context;
struct pw_core;
struct pw_stream;

namespace sy::test {

class SinkCapture {
public:
    // Connects to `node_name`'s monitor (a sink) at `rate` and `channels`
    // (PipeWire converts from the graph's rate), with room for up to
    // `max_seconds`, and returns once 0.3 s of audio has come (past the
    // monitor's fade-in), or with error() set after 5 s without.
    SinkCapture(const std::string& node_name, int rate = 48000, int channels = 2, double max_seconds = 30.0);
    ~SinkCapture();
    SinkCapture(const SinkCapture&) = delete;
    SinkCapture& operator=(const SinkCapture&) = delete;

    // Empty once audio flows; otherwise why it does not.
    const std::string& error() const { return error_; }

    // Keeps audio from the next cycle on, until stop(); what it kept.
    void start();
    router::Audio stop();

    // Cycles whose audio never reached this capture since start(): a take
    // with any says nothing about what the sink played.
    std::uint64_t gaps() const { return gaps_.load(std::memory_order_relaxed); }

private:
    static void on_process(void* data);
    void close();

    std::string error_;
    int rate_;
    int channels_;
    pw_thread_loop* loop_ = nullptr;
    pw_context* context_ = nullptr;
    pw_core* core_ = nullptr;
    pw_stream* stream_ = nullptr;
    struct Hook;
    std::unique_ptr<Hook> hook_;

    std::vector<float> kept_;                  // interleaved, sized up front
    std::atomic<bool> keeping_{false};
    std::atomic<std::size_t> kept_samples_{0};
    std::atomic<bool> in_cycle_{false};
    std::atomic<std::uint64_t> frames_{0}; // handed over since connecting
    std::atomic<std::uint64_t> gaps_{0};
    std::uint64_t last_ticks_ = 0; // data thread only: the graph's clock at the last audio
};

// Gaps of every SinkCapture of this program so far, record_sink()'s
// included: take_clean() takes again when a recording had one.
std::uint64_t recorder_gaps();

} // namespace sy::test
