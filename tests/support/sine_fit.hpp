// How clean a recorded tone is: the best-fitting sine of a known frequency
// (least squares on cos, sin and DC) against everything else.
#pragma once

#include <cmath>
#include <span>

namespace sy::test {

struct SineFit {
    double amplitude = 0.0; // of the fitted sine
    double snr_db = 0.0;    // fitted sine against the rest
};

inline SineFit fit_sine(std::span<const float> x, double f, double rate) {
    double m[3][3] = {}, v[3] = {};
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double w = 2 * M_PI * f * double(i) / rate;
        const double basis[3] = {std::cos(w), std::sin(w), 1.0};
        for (int r = 0; r < 3; ++r) {
            v[r] += basis[r] * x[i];
            for (int c = 0; c < 3; ++c) m[r][c] += basis[r] * basis[c];
        }
    }
    // Solve the 3x3 normal equations by Gaussian elimination.
    for (int p = 0; p < 3; ++p) {
        for (int r = p + 1; r < 3; ++r) {
            const double k = m[r][p] / m[p][p];
            for (int c = p; c < 3; ++c) m[r][c] -= k * m[p][c];
            v[r] -= k * v[p];
        }
    }
    double coef[3];
    for (int r = 2; r >= 0; --r) {
        double s = v[r];
        for (int c = r + 1; c < 3; ++c) s -= m[r][c] * coef[c];
        coef[r] = s / m[r][r];
    }
    double signal = 0, noise_power = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double w = 2 * M_PI * f * double(i) / rate;
        const double fit = coef[0] * std::cos(w) + coef[1] * std::sin(w) + coef[2];
        signal += fit * fit;
        noise_power += (x[i] - fit) * (x[i] - fit);
    }
    return {std::hypot(coef[0], coef[1]), 10 * std::log10(signal / noise_power)};
}

// The best fit for a tone near f: across clock domains a tone arrives a few
// ppm off its nominal frequency (that is what drift compensation does), and
// over a second even 10 ppm of phase drift would read as noise. Searches
// f +- max_ppm for the largest fitted amplitude (golden section).
inline SineFit fit_sine_near(std::span<const float> x, double f, double rate, double max_ppm = 1000.0) {
    double lo = f * (1 - max_ppm * 1e-6), hi = f * (1 + max_ppm * 1e-6);
    const double g = (std::sqrt(5.0) - 1) / 2;
    double a = hi - g * (hi - lo), b = lo + g * (hi - lo);
    SineFit fa = fit_sine(x, a, rate), fb = fit_sine(x, b, rate);
    for (int i = 0; i < 40; ++i) {
        if (fa.amplitude > fb.amplitude) {
            hi = b, b = a, fb = fa;
            a = hi - g * (hi - lo), fa = fit_sine(x, a, rate);
        } else {
            lo = a, a = b, fa = fb;
            b = lo + g * (hi - lo), fb = fit_sine(x, b, rate);
        }
    }
    return fa.amplitude > fb.amplitude ? fa : fb;
}

// SNR of x against the best-fitting sine of frequency f, in dB.
inline double sine_snr_db(std::span<const float> x, double f, double rate) { return fit_sine(x, f, rate).snr_db; }

} // namespace sy::test
