#include "sink_capture.hpp"

#include <pipewire/pipewire.h>
#include <spa/param/audio/format-utils.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <thread>

namespace sy::test {

namespace {

std::atomic<std::uint64_t> all_gaps{0};

constexpr auto kFirstAudioLimit = std::chrono::seconds(5);
// Kept back before a take may start: the monitor's first sound was seen to
// fade in over 90 ms, 0.2 s after the stream connected.
constexpr double kSettleSeconds = 0.3;

} // namespace

std::uint64_t recorder_gaps() { return all_gaps.load(std::memory_order_relaxed); }

struct SinkCapture::Hook {
    spa_hook listener{};
};

SinkCapture::SinkCapture(const std::string& node_name, int rate, int channels, double max_seconds)
    : rate_(rate), channels_(channels), hook_(std::make_unique<Hook>()) {
    kept_.resize(static_cast<std::size_t>(max_seconds * rate) * static_cast<std::size_t>(channels));
    pw_init(nullptr, nullptr);
    loop_ = pw_thread_loop_new("sink-capture", nullptr);
    // client-rt.conf: the data thread, where on_process runs, is real-time.
    if (loop_) {
        context_ = pw_context_new(pw_thread_loop_get_loop(loop_),
                                  pw_properties_new(PW_KEY_CONFIG_NAME, "client-rt.conf", nullptr), 0);
    }
    if (!context_ || pw_thread_loop_start(loop_) < 0) {
        error_ = "cannot start a PipeWire loop";
        return;
    }
    pw_thread_loop_lock(loop_);
    core_ = pw_context_connect(context_, nullptr, 0);
    if (core_) {
        pw_properties* props = pw_properties_new(
            PW_KEY_MEDIA_TYPE, "Audio", PW_KEY_MEDIA_CATEGORY, "Capture", PW_KEY_MEDIA_ROLE, "Production",
            PW_KEY_NODE_NAME, "sy-test-capture", PW_KEY_TARGET_OBJECT, node_name.c_str(), PW_KEY_STREAM_CAPTURE_SINK,
            "true", nullptr);
        stream_ = pw_stream_new(core_, "sy-test-capture", props);
    }
    if (stream_) {
        static const pw_stream_events events = [] {
            pw_stream_events e{};
            e.version = PW_VERSION_STREAM_EVENTS;
            e.process = &SinkCapture::on_process;
            return e;
        }();
        pw_stream_add_listener(stream_, &hook_->listener, &events, this);
        spa_audio_info_raw info{};
        info.format = SPA_AUDIO_FORMAT_F32;
        info.rate = static_cast<std::uint32_t>(rate);
        info.channels = static_cast<std::uint32_t>(channels);
        if (channels == 2) {
            info.position[0] = SPA_AUDIO_CHANNEL_FL;
            info.position[1] = SPA_AUDIO_CHANNEL_FR;
        } else if (channels == 1) {
            info.position[0] = SPA_AUDIO_CHANNEL_MONO;
        }
        std::uint8_t pod[1024];
        spa_pod_builder builder = SPA_POD_BUILDER_INIT(pod, sizeof pod);
        const spa_pod* params[1] = {spa_format_audio_raw_build(&builder, SPA_PARAM_EnumFormat, &info)};
        const auto flags = static_cast<pw_stream_flags>(PW_STREAM_FLAG_AUTOCONNECT | PW_STREAM_FLAG_MAP_BUFFERS |
                                                        PW_STREAM_FLAG_RT_PROCESS);
        if (pw_stream_connect(stream_, PW_DIRECTION_INPUT, PW_ID_ANY, flags, params, 1) < 0) error_ = "cannot connect";
    } else {
        error_ = "cannot connect to PipeWire";
    }
    pw_thread_loop_unlock(loop_);
    if (!error_.empty()) return;

    const auto settled = static_cast<std::uint64_t>(kSettleSeconds * rate);
    const auto t0 = std::chrono::steady_clock::now();
    while (frames_.load(std::memory_order_relaxed) < settled) {
        if (std::chrono::steady_clock::now() - t0 > kFirstAudioLimit) {
            error_ = "no audio from " + node_name + " within 5 s";
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

SinkCapture::~SinkCapture() { close(); }

void SinkCapture::close() {
    if (loop_) pw_thread_loop_lock(loop_);
    if (stream_) pw_stream_destroy(stream_);
    if (core_) pw_core_disconnect(core_);
    if (loop_) pw_thread_loop_unlock(loop_);
    if (loop_) pw_thread_loop_stop(loop_);
    if (context_) pw_context_destroy(context_);
    if (loop_) pw_thread_loop_destroy(loop_);
    stream_ = nullptr;
    core_ = nullptr;
    context_ = nullptr;
    loop_ = nullptr;
}

void SinkCapture::start() {
    kept_samples_.store(0, std::memory_order_relaxed);
    gaps_.store(0, std::memory_order_relaxed);
    keeping_.store(true, std::memory_order_seq_cst);
}

router::Audio SinkCapture::stop() {
    keeping_.store(false, std::memory_order_seq_cst);
    // A cycle that saw keeping_ still true may be copying: let it finish.
    while (in_cycle_.load(std::memory_order_seq_cst)) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    router::Audio audio;
    audio.rate = rate_;
    audio.channels = channels_;
    const std::size_t n = kept_samples_.load(std::memory_order_acquire);
    audio.samples.assign(kept_.begin(), kept_.begin() + static_cast<std::ptrdiff_t>(n));
    return audio;
}

void SinkCapture::on_process(void* data) {
    // Data thread: copies into memory taken up front, no allocation or lock.
    auto* self = static_cast<SinkCapture*>(data);
    self->in_cycle_.store(true, std::memory_order_seq_cst);
    const bool keeping = self->keeping_.load(std::memory_order_seq_cst);
    const auto channels = static_cast<std::size_t>(self->channels_);
    std::size_t frames = 0;
    while (pw_buffer* b = pw_stream_dequeue_buffer(self->stream_)) {
        const spa_data& d = b->buffer->datas[0];
        if (b->buffer->n_datas > 0 && d.data && d.chunk) {
            const auto* src = static_cast<const float*>(SPA_PTROFF(d.data, d.chunk->offset, void));
            const std::size_t samples = d.chunk->size / sizeof(float);
            if (keeping) {
                const std::size_t at = self->kept_samples_.load(std::memory_order_relaxed);
                const std::size_t n = std::min(samples, self->kept_.size() - at);
                std::memcpy(self->kept_.data() + at, src, n * sizeof(float));
                self->kept_samples_.store(at + n, std::memory_order_release);
            }
            frames += samples / channels;
        }
        pw_stream_queue_buffer(self->stream_, b);
    }
    // The graph's clock moved on by a cycle's worth, and the audio handed
    // over covers that: no cycle lost. A clock that moved on by half a
    // cycle more than the audio (which may come two buffers at once after a
    // late cycle) is audio this capture never got.
    pw_time t{};
    if (frames > 0 && pw_stream_get_time_n(self->stream_, &t, sizeof t) == 0 && t.rate.num > 0) {
        const double graph_rate = static_cast<double>(t.rate.denom) / t.rate.num;
        const double graph_frames = static_cast<double>(frames) * graph_rate / self->rate_;
        if (self->last_ticks_ != 0 && static_cast<double>(t.ticks - self->last_ticks_) > 1.5 * graph_frames && keeping) {
            self->gaps_.fetch_add(1, std::memory_order_relaxed);
            all_gaps.fetch_add(1, std::memory_order_relaxed);
        }
        self->last_ticks_ = t.ticks;
        self->frames_.fetch_add(frames, std::memory_order_relaxed);
    }
    self->in_cycle_.store(false, std::memory_order_seq_cst);
}

} // namespace sy::test
