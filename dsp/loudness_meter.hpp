// Loudness as ITU-R BS.1770 and EBU R 128 define it (momentary, short-term
// and integrated loudness in LUFS, loudness range in LU, true peak in dBTP),
// through libebur128 (Debian's libebur128-dev): its K-weighting, gating and
// 4x true-peak oversampler are the standard's, checked against the EBU's
// test cases (tests/dsp/loudness_meter_test.cpp); there is no reason to
// write our own.
//
// Not for the audio thread: it runs the standard's filters and a true-peak
// oversampler on every sample, and works its results out when asked. The
// library is set up in histogram mode, so that neither adding frames nor
// reading allocates however long it runs (the integrated loudness and the
// range gate over histograms of 0.1 LU bins, not over a list of blocks).
//
// Every channel counts with weight 1, as BS.1770 weighs left, right and
// centre: a strip's channels carry no surround positions here.
#pragma once

#include <cstddef>
#include <memory>

namespace sy::dsp {

struct LoudnessReading {
    // -infinity for silence (and before 400 ms for momentary, 3 s for
    // short-term); the integrated loudness and range over all since reset().
    double momentary_lufs;
    double short_term_lufs;
    double integrated_lufs;
    double range_lu;
    double true_peak_dbtp; // the largest since reset(), over all channels
};

class LoudnessMeter {
public:
    // `channels` >= 1, `rate` in Hz. ok() is false when the library refuses
    // them (0 channels, a rate it does not take) or is out of memory.
    LoudnessMeter(int channels, double rate);
    ~LoudnessMeter();
    LoudnessMeter(LoudnessMeter&& other) noexcept;
    LoudnessMeter& operator=(LoudnessMeter&& other) noexcept;
    LoudnessMeter(const LoudnessMeter&) = delete;
    LoudnessMeter& operator=(const LoudnessMeter&) = delete;

    bool ok() const;
    int channels() const { return channels_; }

    // `frames` frames of `channels()` interleaved samples.
    void add(const float* interleaved, std::size_t frames);
    LoudnessReading read() const;
    // Starts the integrated loudness, range and true peak over.
    void reset();

private:
    // The library's state, behind a pointer so that <ebur128.h> (whose
    // state is an unnamed struct, which cannot be declared ahead) stays out
    // of every includer's way.
    struct State;
    std::unique_ptr<State> state_;
    int channels_ = 0;
    double rate_ = 0.0;
};

} // namespace sy::dsp
