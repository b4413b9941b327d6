// Helpers for integration tests against the real servers: audio into and
// out of the test sinks, and what a recording holds; see test_servers.hpp.
#include "test_servers.hpp"

#include "sink_capture.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <complex>
#include <numbers>
#include <thread>
#include <utility>

namespace sy::test {

// ---- audio in and out of the sinks -----------------------------------------

Audio capture_sink(const std::string& node_name, double seconds, int rate, int channels) {
    // In the graph cycle, not pw-record's main loop: see sink_capture.hpp.
    SinkCapture capture(node_name, rate, channels, seconds + 1.0);
    if (!capture.error().empty()) {
        ADD_FAILURE() << "recording " << node_name << ": " << capture.error();
        return {};
    }
    capture.start();
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    Audio audio = capture.stop();
    if (audio.frames() == 0) ADD_FAILURE() << "recording " << node_name << " for " << seconds << " s: no audio";
    return audio;
}

std::string record_sink(const std::string& node_name, double seconds, int rate, int channels,
                        const std::string& wav_path) {
    const std::string path = wav_path.empty() ? temp_path(".wav") : wav_path;
    if (path.empty()) return {};
    const Audio audio = capture_sink(node_name, seconds, rate, channels);
    if (audio.frames() == 0) return {};
    if (const std::string error = sy::router::write_float_wav(path, audio); !error.empty()) {
        ADD_FAILURE() << "writing the recording of " << node_name << " to " << path << ": " << error;
        return {};
    }
    return path;
}

BackgroundProcess start_recording(const std::string& node_name, const std::string& wav_path, int rate,
                                  int channels) {
    return BackgroundProcess({"pw-record", "-P", "{ stream.capture.sink=true }", "--target", node_name, "--rate",
                              std::to_string(rate), "--channels", std::to_string(channels), "--format", "f32",
                              wav_path});
}

CommandResult play_to_sink(const std::string& node_name, const std::string& wav_path, double timeout_s) {
    return run_command("pw-play --target " + shell_quote(node_name) + " " + shell_quote(wav_path), timeout_s);
}

// ---- WAV analysis ----------------------------------------------------------

Audio read_wav(const std::string& path) {
    auto read = sy::router::read_audio_file(path);
    if (!read.error.empty()) {
        ADD_FAILURE() << "cannot read " << path << ": " << read.error;
        return {};
    }
    return std::move(read.audio);
}

bool write_tone_wav(const std::string& path, int rate, int channels, double seconds, double hz,
                    double amplitude) {
    Audio audio;
    audio.rate = rate;
    audio.channels = channels;
    const auto frames = static_cast<std::size_t>(std::llround(seconds * rate));
    audio.samples.resize(frames * static_cast<std::size_t>(channels));
    for (std::size_t i = 0; i < frames; ++i) {
        const double x = amplitude * std::sin(2.0 * std::numbers::pi * hz * static_cast<double>(i) / rate);
        for (int c = 0; c < channels; ++c) {
            audio.samples[i * static_cast<std::size_t>(channels) + static_cast<std::size_t>(c)] =
                static_cast<float>(x);
        }
    }
    const std::string error = sy::router::write_float_wav(path, audio);
    if (!error.empty()) ADD_FAILURE() << "cannot write " << path << ": " << error;
    return error.empty();
}

std::vector<float> channel(const Audio& audio, int ch) {
    std::vector<float> out;
    if (ch < 0 || ch >= audio.channels) return out;
    out.reserve(audio.frames());
    for (std::size_t i = 0; i < audio.frames(); ++i) {
        out.push_back(audio.samples[i * static_cast<std::size_t>(audio.channels) + static_cast<std::size_t>(ch)]);
    }
    return out;
}

double peak(std::span<const float> signal) {
    double p = 0.0;
    for (float x : signal) p = std::max(p, static_cast<double>(std::fabs(x)));
    return p;
}

double rms(std::span<const float> signal) {
    if (signal.empty()) return 0.0;
    double sum = 0.0;
    for (float x : signal) sum += static_cast<double>(x) * x;
    return std::sqrt(sum / static_cast<double>(signal.size()));
}

double peak(const Audio& audio, int ch) {
    return ch < 0 ? peak(std::span<const float>(audio.samples)) : peak(channel(audio, ch));
}

double rms(const Audio& audio, int ch) {
    return ch < 0 ? rms(std::span<const float>(audio.samples)) : rms(channel(audio, ch));
}

double to_db(double linear) { return linear > 0.0 ? 20.0 * std::log10(linear) : -999.0; }

long first_above(std::span<const float> signal, double threshold) {
    for (std::size_t i = 0; i < signal.size(); ++i) {
        if (std::fabs(signal[i]) >= threshold) return static_cast<long>(i);
    }
    return -1;
}

namespace {

// In-place iterative radix-2 FFT; inverse when invert (scaled by 1/n).
void fft(std::vector<std::complex<double>>& a, bool invert) {
    const std::size_t n = a.size();
    for (std::size_t i = 1, j = 0; i < n; ++i) {
        std::size_t bit = n >> 1;
        for (; j & bit; bit >>= 1) j ^= bit;
        j ^= bit;
        if (i < j) std::swap(a[i], a[j]);
    }
    for (std::size_t len = 2; len <= n; len <<= 1) {
        const double angle = 2.0 * std::numbers::pi / static_cast<double>(len) * (invert ? 1.0 : -1.0);
        const std::complex<double> step(std::cos(angle), std::sin(angle));
        for (std::size_t i = 0; i < n; i += len) {
            std::complex<double> w(1.0);
            for (std::size_t k = 0; k < len / 2; ++k) {
                const auto u = a[i + k];
                const auto v = a[i + k + len / 2] * w;
                a[i + k] = u + v;
                a[i + k + len / 2] = u - v;
                w *= step;
            }
        }
    }
    if (invert) {
        for (auto& x : a) x /= static_cast<double>(n);
    }
}

} // namespace

Lag cross_correlation_lag(std::span<const float> reference, std::span<const float> signal, long max_lag) {
    Lag best;
    if (reference.empty() || signal.empty() || max_lag < 0) return best;
    std::size_t n = 1;
    while (n < reference.size() + signal.size()) n <<= 1;
    std::vector<std::complex<double>> r(n), s(n);
    for (std::size_t i = 0; i < reference.size(); ++i) r[i] = reference[i];
    for (std::size_t i = 0; i < signal.size(); ++i) s[i] = signal[i];
    fft(r, false);
    fft(s, false);
    // corr[lag] = sum_n signal[n] * reference[n - lag]; negative lags wrap to the end.
    for (std::size_t i = 0; i < n; ++i) s[i] *= std::conj(r[i]);
    fft(s, true);

    const long size = static_cast<long>(n);
    const long lo = std::max(-max_lag, -static_cast<long>(reference.size()) + 1);
    const long hi = std::min(max_lag, static_cast<long>(signal.size()) - 1);
    double best_value = -1e300;
    for (long lag = lo; lag <= hi; ++lag) {
        const double v = s[static_cast<std::size_t>((lag % size + size) % size)].real();
        if (v > best_value) {
            best_value = v;
            best.frames = lag;
        }
    }
    double er = 0.0, es = 0.0;
    for (float x : reference) er += static_cast<double>(x) * x;
    for (float x : signal) es += static_cast<double>(x) * x;
    best.correlation = er > 0.0 && es > 0.0 ? best_value / std::sqrt(er * es) : 0.0;
    return best;
}

} // namespace sy::test
