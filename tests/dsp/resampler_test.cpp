// Both resampler engines against the same behaviour: fidelity, timing after
// delay compensation, smooth ratio changes, channel independence,
// determinism, odd buffer sizes.
#include <gtest/gtest.h>

#include <zita-resampler/vresampler.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <iostream>
#include <limits>
#include <numbers>
#include <string>
#include <vector>

#include "dsp/offline_resample.hpp"
#include "dsp/resampler.hpp"

namespace sy::dsp {
namespace {

constexpr double kPi = std::numbers::pi;

std::string lib_name(ResamplerLib lib) {
    return lib == ResamplerLib::Zita ? "Zita" : "Libsamplerate";
}

std::size_t rounded_frames(std::size_t in_frames, double in_rate, double out_rate) {
    return static_cast<std::size_t>(
        std::llround(static_cast<double>(in_frames) * out_rate / in_rate));
}

// Interleaved sines, one frequency per channel (0 Hz gives silence).
std::vector<float> sines(std::size_t frames, const std::vector<double>& freqs_hz, double rate,
                         double amplitude = 0.5) {
    const std::size_t channels = freqs_hz.size();
    std::vector<float> out(frames * channels, 0.0f);
    for (std::size_t n = 0; n < frames; ++n) {
        for (std::size_t c = 0; c < channels; ++c) {
            if (freqs_hz[c] > 0.0) {
                out[n * channels + c] = static_cast<float>(
                    amplitude * std::sin(2.0 * kPi * freqs_hz[c] * static_cast<double>(n) / rate));
            }
        }
    }
    return out;
}

// Least-squares fit of a*sin + b*cos + dc at a known frequency to frames
// [begin, end) of one channel; the SNR is the fitted sine's energy over the
// energy of what the fit leaves.
double sine_snr_db(const std::vector<float>& y, int channels, int channel, double freq_hz,
                   double rate, std::size_t begin, std::size_t end) {
    const double w = 2.0 * kPi * freq_hz / rate;
    std::array<std::array<double, 4>, 3> m{}; // normal equations, augmented
    for (std::size_t n = begin; n < end; ++n) {
        const std::array<double, 3> basis{std::sin(w * static_cast<double>(n)),
                                          std::cos(w * static_cast<double>(n)), 1.0};
        const double v =
            y[n * static_cast<std::size_t>(channels) + static_cast<std::size_t>(channel)];
        for (int i = 0; i < 3; ++i) {
            for (int j = 0; j < 3; ++j) {
                m[i][j] += basis[i] * basis[j];
            }
            m[i][3] += basis[i] * v;
        }
    }
    for (int p = 0; p < 3; ++p) { // Gauss-Jordan; the matrix is well conditioned
        for (int r = 0; r < 3; ++r) {
            if (r != p) {
                const double f = m[r][p] / m[p][p];
                for (int k = p; k < 4; ++k) {
                    m[r][k] -= f * m[p][k];
                }
            }
        }
    }
    const double a = m[0][3] / m[0][0];
    const double b = m[1][3] / m[1][1];
    const double dc = m[2][3] / m[2][2];
    double signal = 0.0;
    double noise = 0.0;
    for (std::size_t n = begin; n < end; ++n) {
        const double s =
            a * std::sin(w * static_cast<double>(n)) + b * std::cos(w * static_cast<double>(n));
        const double v =
            y[n * static_cast<std::size_t>(channels) + static_cast<std::size_t>(channel)];
        signal += s * s;
        noise += (v - s - dc) * (v - s - dc);
    }
    if (noise == 0.0) {
        return 300.0;
    }
    return 10.0 * std::log10(signal / noise);
}

// Largest |y[n] - y[n-1]| and |y[n+1] - 2 y[n] + y[n-1]| of a mono signal
// over [begin, end): a dropped, repeated or shifted sample shows in one or
// the other, wherever on the waveform it happens.
struct Steps {
    double jump = 0.0;
    double bend = 0.0;
};

Steps largest_steps(const std::vector<float>& y, std::size_t begin, std::size_t end) {
    Steps s;
    for (std::size_t n = std::max<std::size_t>(begin, 1); n + 1 < end; ++n) {
        s.jump = std::max(s.jump, std::abs(double(y[n]) - double(y[n - 1])));
        s.bend =
            std::max(s.bend, std::abs(double(y[n + 1]) - 2.0 * double(y[n]) + double(y[n - 1])));
    }
    return s;
}

// What a clean sine of `amplitude` at `cycles` per sample has at most.
Steps sine_steps(double amplitude, double cycles) {
    const double half = std::sin(kPi * cycles);
    return {2.0 * amplitude * half, 4.0 * amplitude * half * half};
}

// Sub-frame position of the largest |y| in one channel, by a parabola
// through the peak and its neighbours.
double peak_position(const std::vector<float>& y, int channels, int channel) {
    const auto at = [&](std::size_t n) {
        return std::abs(
            double(y[n * static_cast<std::size_t>(channels) + static_cast<std::size_t>(channel)]));
    };
    const std::size_t frames = y.size() / static_cast<std::size_t>(channels);
    std::size_t k = 0;
    for (std::size_t n = 1; n < frames; ++n) {
        if (at(n) > at(k)) {
            k = n;
        }
    }
    if (k == 0 || k + 1 >= frames) {
        return static_cast<double>(k);
    }
    const double a = at(k - 1);
    const double b = at(k);
    const double c = at(k + 1);
    return static_cast<double>(k) + 0.5 * (a - c) / (a - 2.0 * b + c);
}

void report(const std::string& key, double value, const std::string& unit) {
    std::cout << "[ figure   ] " << key << " = " << value << ' ' << unit << '\n';
    ::testing::Test::RecordProperty(key, std::to_string(value));
}

class ResamplerTest : public ::testing::TestWithParam<ResamplerLib> {
protected:
    std::unique_ptr<Resampler> make(int channels, double in_rate, double out_rate,
                                    Quality quality = Quality::Medium) const {
        auto r = make_resampler(GetParam(), quality, channels, in_rate, out_rate);
        EXPECT_NE(r, nullptr);
        return r;
    }

    double snr_of_1k_sine(double in_rate, double out_rate) const {
        const std::size_t in_frames = static_cast<std::size_t>(in_rate); // one second
        const auto in = sines(in_frames, {1000.0}, in_rate);
        auto r = make(1, in_rate, out_rate);
        const std::size_t out_frames = rounded_frames(in_frames, in_rate, out_rate);
        const auto out = offline_resample(*r, in, out_frames);
        // The steady middle: the ends hold the filter's onset and decay.
        return sine_snr_db(out, 1, 0, 1000.0, out_rate, out_frames / 10, out_frames * 9 / 10);
    }
};

TEST_P(ResamplerTest, Sine1kHzFrom44k1To48kHasSnrAbove90dB) {
    const double snr = snr_of_1k_sine(44100.0, 48000.0);
    report("snr_db_" + lib_name(GetParam()) + "_44k1_to_48k_medium", snr, "dB");
    EXPECT_GE(snr, 90.0) << lib_name(GetParam()) << " 44.1k->48k SNR " << snr << " dB";
}

TEST_P(ResamplerTest, Sine1kHzFrom48kTo44k1HasSnrAbove90dB) {
    const double snr = snr_of_1k_sine(48000.0, 44100.0);
    report("snr_db_" + lib_name(GetParam()) + "_48k_to_44k1_medium", snr, "dB");
    EXPECT_GE(snr, 90.0) << lib_name(GetParam()) << " 48k->44.1k SNR " << snr << " dB";
}

TEST_P(ResamplerTest, OfflineOutputHasExactlyTheRoundedLength) {
    const std::array<std::array<double, 2>, 4> rates{
        {{44100, 48000}, {48000, 44100}, {48000, 96000}, {96000, 44100}}};
    for (const auto& [in_rate, out_rate] : rates) {
        for (const std::size_t in_frames :
             {std::size_t{0}, std::size_t{1}, std::size_t{7}, std::size_t{12345}}) {
            auto r = make(2, in_rate, out_rate);
            const auto in = sines(in_frames, {440.0, 880.0}, in_rate);
            const std::size_t want = rounded_frames(in_frames, in_rate, out_rate);
            const auto out = offline_resample(*r, in, want);
            EXPECT_EQ(out.size(), want * 2)
                << in_frames << " frames at " << in_rate << " -> " << out_rate << ": got "
                << out.size() / 2 << " frames, want " << want;
        }
    }
}

TEST_P(ResamplerTest, ImpulseLandsAtItsInputTimeAfterDelayCompensation) {
    const std::array<std::array<double, 2>, 3> rates{
        {{44100, 48000}, {48000, 44100}, {48000, 96000}}};
    for (const auto& [in_rate, out_rate] : rates) {
        auto r = make(1, in_rate, out_rate);
        const std::size_t in_frames = 20000;
        const std::size_t at = 10007;
        std::vector<float> in(in_frames, 0.0f);
        in[at] = 1.0f;
        const auto out = offline_resample(*r, in, rounded_frames(in_frames, in_rate, out_rate));
        const double expected = static_cast<double>(at) * out_rate / in_rate;
        const double error = peak_position(out, 1, 0) - expected;
        report("impulse_error_frames_" + lib_name(GetParam()) + "_" + std::to_string(int(in_rate)) +
                   "_to_" + std::to_string(int(out_rate)),
               error, "frames");
        EXPECT_LT(std::abs(error), 1.0)
            << in_rate << " -> " << out_rate << ": impulse peak off by " << error
            << " output frames (delay_out_frames " << r->delay_out_frames() << ")";
    }
}

TEST_P(ResamplerTest, RatioFactorChangesWhileRunningAreSmooth) {
    const double in_rate = 44100.0;
    const double out_rate = 48000.0;
    const double freq = 2000.0;
    const double amplitude = 0.5;
    const std::size_t block = 256;
    const std::size_t blocks = 300;
    auto r = make(1, in_rate, out_rate);
    const auto in = sines(static_cast<std::size_t>(in_rate * 2), {freq}, in_rate, amplitude);

    // Hold, ramp up to +0.1 %, jump to -0.1 % in one call (the engine must
    // glide there by itself), hold, ramp back.
    const auto factor_for = [](std::size_t b) {
        if (b < 40) {
            return 1.0;
        }
        if (b < 100) {
            return 1.0 + 0.001 * double(b - 40) / 60.0;
        }
        if (b < 180) {
            return 0.999;
        }
        if (b < 240) {
            return 0.999 + 0.001 * double(b - 180) / 60.0;
        }
        return 1.0;
    };
    std::vector<float> out(blocks * block, 0.0f);
    std::size_t read = 0;
    for (std::size_t b = 0; b < blocks; ++b) {
        r->set_ratio_factor(factor_for(b));
        std::size_t filled = 0;
        while (filled < block) {
            const ResampleIo io = r->process(in.data() + read, in.size() - read,
                                             out.data() + b * block + filled, block - filled);
            ASSERT_TRUE(io.consumed > 0 || io.produced > 0) << "stalled in block " << b;
            read += io.consumed;
            filled += io.produced;
        }
    }
    // Past the onset of the sine (its first frames ring like any step).
    const Steps got = largest_steps(out, 2048, out.size());
    const Steps fastest = sine_steps(amplitude, freq / (out_rate * 0.999));
    const Steps slowest = sine_steps(amplitude, freq / (out_rate * 1.001));
    report("largest_jump_over_sine_" + lib_name(GetParam()), got.jump / fastest.jump, "x");
    report("largest_bend_over_sine_" + lib_name(GetParam()), got.bend / fastest.bend, "x");
    EXPECT_LE(got.jump, fastest.jump * 1.01) << "largest sample-to-sample jump " << got.jump
                                             << ", the sine itself has at most " << fastest.jump;
    EXPECT_LE(got.bend, fastest.bend * 1.02) << "largest change of slope " << got.bend
                                             << ", the sine itself has at most " << fastest.bend;
    // Not trivially smooth: the sine is really there at full level.
    EXPECT_GE(got.jump, slowest.jump * 0.99) << "output too quiet: largest jump " << got.jump;
}

// A bridge steers on its ring's fill, so input the engine takes but has not
// turned into output yet would be latency nobody sees. Offered far more
// than it needs, each engine must take only about output / ratio.
TEST_P(ResamplerTest, ReadsOnlyTheInputItsOutputNeeds) {
    const double ratio = 48000.0 / 44100.0;
    auto r = make(2, 44100.0, 48000.0);
    const auto in = sines(100000, {1000.0, 500.0}, 44100.0);
    std::vector<float> out(256 * 2);
    std::size_t read = 0;
    std::size_t written = 0;
    double worst = 0.0;
    for (int block = 0; block < 200; ++block) {
        const ResampleIo io = r->process(in.data() + read * 2, 100000 - read, out.data(), 256);
        ASSERT_EQ(io.produced, 256u) << "block " << block << " came out short";
        read += io.consumed;
        written += io.produced;
        const double held = static_cast<double>(read) - static_cast<double>(written) / ratio;
        worst = std::max(worst, std::abs(held));
    }
    report("held_input_frames_" + lib_name(GetParam()), worst, "frames");
    EXPECT_LE(worst, 2.0) << "input taken ahead of the output it made: up to " << worst
                          << " frames";
}

TEST_P(ResamplerTest, StereoChannelsStayIndependent) {
    const double in_rate = 44100.0;
    const double out_rate = 48000.0;
    const std::size_t in_frames = 22050;
    const std::size_t out_frames = rounded_frames(in_frames, in_rate, out_rate);
    const std::size_t begin = out_frames / 10;
    const std::size_t end = out_frames * 9 / 10;

    for (int live = 0; live < 2; ++live) {
        // One channel carries a sine, the other silence: nothing may leak.
        std::vector<double> freqs{0.0, 0.0};
        freqs[static_cast<std::size_t>(live)] = 1000.0 + 2000.0 * live;
        auto r = make(2, in_rate, out_rate);
        const auto out = offline_resample(*r, sines(in_frames, freqs, in_rate), out_frames);
        double leak = 0.0;
        for (std::size_t n = 0; n < out_frames; ++n) {
            leak =
                std::max(leak, double(std::abs(out[n * 2 + static_cast<std::size_t>(1 - live)])));
        }
        EXPECT_EQ(leak, 0.0) << "channel " << 1 - live << " should be silent, peaks at " << leak;
        const double snr =
            sine_snr_db(out, 2, live, freqs[static_cast<std::size_t>(live)], out_rate, begin, end);
        EXPECT_GE(snr, 90.0) << "channel " << live << " SNR " << snr << " dB";
    }

    // Different sines: each channel must fit its own frequency cleanly.
    auto r = make(2, in_rate, out_rate);
    const auto out = offline_resample(*r, sines(in_frames, {1000.0, 3000.0}, in_rate), out_frames);
    const double snr_left = sine_snr_db(out, 2, 0, 1000.0, out_rate, begin, end);
    const double snr_right = sine_snr_db(out, 2, 1, 3000.0, out_rate, begin, end);
    EXPECT_GE(snr_left, 90.0) << "left (1 kHz) SNR " << snr_left << " dB";
    EXPECT_GE(snr_right, 90.0) << "right (3 kHz) SNR " << snr_right << " dB";
}

TEST_P(ResamplerTest, SameInputGivesTheSameBytes) {
    const auto in = sines(30000, {1000.0, 1234.5}, 44100.0);
    const std::size_t out_frames = rounded_frames(30000, 44100.0, 48000.0);
    auto a = make(2, 44100.0, 48000.0);
    auto b = make(2, 44100.0, 48000.0);
    const auto first = offline_resample(*a, in, out_frames);
    const auto second = offline_resample(*b, in, out_frames);

    // Dirty `a` with a ratio factor and a half-run stream; the offline run
    // must reset all of that away.
    a->set_ratio_factor(1.002);
    std::vector<float> scratch(512 * 2);
    a->process(in.data(), 300, scratch.data(), 512);
    const auto third = offline_resample(*a, in, out_frames);

    ASSERT_EQ(first.size(), second.size());
    ASSERT_EQ(first.size(), third.size());
    EXPECT_EQ(std::memcmp(first.data(), second.data(), first.size() * sizeof(float)), 0)
        << "two fresh resamplers differ";
    EXPECT_EQ(std::memcmp(first.data(), third.data(), first.size() * sizeof(float)), 0)
        << "a reset resampler differs from a fresh one";
}

TEST_P(ResamplerTest, OneToEightChannelsEachKeepTheirOwnSine) {
    const double in_rate = 44100.0;
    const double out_rate = 48000.0;
    const std::size_t in_frames = 11025;
    const std::size_t out_frames = rounded_frames(in_frames, in_rate, out_rate);
    for (int channels = 1; channels <= 8; ++channels) {
        std::vector<double> freqs;
        for (int c = 0; c < channels; ++c) {
            freqs.push_back(400.0 + 700.0 * c);
        }
        auto r = make(channels, in_rate, out_rate);
        ASSERT_NE(r, nullptr);
        EXPECT_EQ(r->channels(), channels);
        const auto out = offline_resample(*r, sines(in_frames, freqs, in_rate), out_frames);
        ASSERT_EQ(out.size(), out_frames * static_cast<std::size_t>(channels));
        for (int c = 0; c < channels; ++c) {
            const double snr = sine_snr_db(out, channels, c, freqs[static_cast<std::size_t>(c)],
                                           out_rate, out_frames / 10, out_frames * 9 / 10);
            EXPECT_GE(snr, 90.0) << channels << " channels: channel " << c << " ("
                                 << freqs[static_cast<std::size_t>(c)] << " Hz) SNR " << snr
                                 << " dB";
        }
    }
}

TEST_P(ResamplerTest, ZeroInputOrZeroOutputSpaceIsHarmless) {
    const auto in = sines(4000, {1000.0, 500.0}, 44100.0);
    auto plain = make(2, 44100.0, 48000.0);
    auto poked = make(2, 44100.0, 48000.0);
    std::vector<float> out_plain(4096 * 2, 0.0f);
    std::vector<float> out_poked(4096 * 2, 0.0f);

    const ResampleIo nothing = poked->process(nullptr, 0, nullptr, 0);
    EXPECT_EQ(nothing.consumed, 0u);
    EXPECT_EQ(nothing.produced, 0u);

    std::size_t read_plain = 0, written_plain = 0, read_poked = 0, written_poked = 0;
    for (int step = 0; step < 12; ++step) {
        // The same 256-frame offers to both; `poked` also gets empty calls.
        const std::size_t offer = std::min<std::size_t>(256, 4000 - read_plain);
        const ResampleIo a = plain->process(in.data() + read_plain * 2, offer,
                                            out_plain.data() + written_plain * 2, 256);
        read_plain += a.consumed;
        written_plain += a.produced;

        const ResampleIo no_room =
            poked->process(in.data() + read_poked * 2, offer, out_poked.data(), 0);
        EXPECT_EQ(no_room.produced, 0u);
        EXPECT_EQ(no_room.consumed, 0u) << "input taken without room to write output";
        const ResampleIo no_input =
            poked->process(in.data(), 0, out_poked.data() + written_poked * 2, 0);
        EXPECT_EQ(no_input.consumed, 0u);
        EXPECT_EQ(no_input.produced, 0u);

        const ResampleIo b = poked->process(in.data() + read_poked * 2, offer,
                                            out_poked.data() + written_poked * 2, 256);
        read_poked += b.consumed;
        written_poked += b.produced;
    }
    EXPECT_GT(written_plain, 0u);
    EXPECT_EQ(read_plain, read_poked);
    ASSERT_EQ(written_plain, written_poked);
    EXPECT_EQ(std::memcmp(out_plain.data(), out_poked.data(), written_plain * 2 * sizeof(float)), 0)
        << "empty calls changed the stream";
}

INSTANTIATE_TEST_SUITE_P(BothEngines, ResamplerTest,
                         ::testing::Values(ResamplerLib::Libsamplerate, ResamplerLib::Zita),
                         [](const ::testing::TestParamInfo<ResamplerLib>& info) {
                             return lib_name(info.param);
                         });

// The smoothness test is only worth something if its measure sees a glitch:
// drop one sample from a clean sine and both bounds must trip, at whichever
// point of the waveform the drop falls.
TEST(ResamplerSmoothnessMeasure, SeesOneDroppedSample) {
    const double cycles = 2000.0 / (48000.0 * 0.999);
    const Steps clean = sine_steps(0.5, cycles);
    for (const double phase : {0.0, 0.125, 0.2}) { // zero crossing, 45 degrees, near a peak
        std::vector<float> y;
        const auto drop = static_cast<std::size_t>(std::lround(1000.0 + phase / cycles));
        for (std::size_t n = 0; n < 2000; ++n) {
            if (n != drop) {
                y.push_back(static_cast<float>(0.5 * std::sin(2.0 * kPi * cycles * double(n))));
            }
        }
        const Steps got = largest_steps(y, 0, y.size());
        EXPECT_TRUE(got.jump > clean.jump * 1.01 || got.bend > clean.bend * 1.02)
            << "drop at phase " << phase << " unseen: jump " << got.jump / clean.jump << "x, bend "
            << got.bend / clean.bend << "x";
    }
}

// Zita documents its delay: inpsize() / 2 - 1 leading zeros align the first
// input and output, and the engine primes with inpsize() - 1, so its outputs
// lag by inpsize() / 2 input frames. The measured figure must agree.
TEST(ResamplerDelay, ZitaMatchesItsDocumentedDelay) {
    const std::array<std::array<double, 2>, 3> rates{
        {{44100, 48000}, {48000, 44100}, {48000, 96000}}};
    for (const auto& [in_rate, out_rate] : rates) {
        const double ratio = out_rate / in_rate;
        VResampler reference;
        ASSERT_EQ(reference.setup(ratio, 1, 32), 0);
        const double documented = (reference.inpsize() / 2) * ratio;
        auto r = make_resampler(ResamplerLib::Zita, Quality::Medium, 1, in_rate, out_rate);
        ASSERT_NE(r, nullptr);
        report("delay_out_frames_Zita_" + std::to_string(int(in_rate)) + "_to_" +
                   std::to_string(int(out_rate)),
               r->delay_out_frames(), "frames");
        EXPECT_NEAR(r->delay_out_frames(), documented, 0.001)
            << in_rate << " -> " << out_rate << ": measured " << r->delay_out_frames()
            << ", documented " << documented;
    }
}

TEST(ResamplerFactory, RefusesWhatNoEngineCanDo) {
    for (const ResamplerLib lib : {ResamplerLib::Libsamplerate, ResamplerLib::Zita}) {
        EXPECT_EQ(make_resampler(lib, Quality::Medium, 0, 44100, 48000), nullptr) << lib_name(lib);
        EXPECT_EQ(make_resampler(lib, Quality::Medium, 65, 44100, 48000), nullptr) << lib_name(lib);
        EXPECT_EQ(make_resampler(lib, Quality::Medium, 2, 0, 48000), nullptr) << lib_name(lib);
        EXPECT_EQ(make_resampler(lib, Quality::Medium, 2, 44100, -1), nullptr) << lib_name(lib);
        EXPECT_EQ(make_resampler(lib, Quality::Medium, 2, std::numeric_limits<double>::quiet_NaN(),
                                 48000),
                  nullptr)
            << lib_name(lib);
        EXPECT_EQ(make_resampler(lib, Quality::Medium, 2, 1000, 1000000), nullptr) << lib_name(lib);

        auto r = make_resampler(lib, Quality::Best, 64, 96000, 44100);
        ASSERT_NE(r, nullptr) << lib_name(lib);
        EXPECT_EQ(r->channels(), 64);
        EXPECT_DOUBLE_EQ(r->nominal_ratio(), 44100.0 / 96000.0);
    }
}

} // namespace
} // namespace sy::dsp
