#include <gtest/gtest.h>

#include <cmath>
#include <thread>
#include <vector>

#include "dsp/meter.hpp"

namespace sy::dsp {
namespace {

TEST(Meter, PeakIsTheLargestMagnitudeSinceTheLastTake) {
    Meter m;
    std::vector<float> a{0.1f, -0.8f, 0.3f}, b{0.2f, 0.1f};
    m.update(a.data(), a.size(), 0.5f);
    m.update(b.data(), b.size(), 0.5f);
    EXPECT_FLOAT_EQ(m.take().peak, 0.8f);
    EXPECT_FLOAT_EQ(m.take().peak, 0.0f) << "take() resets the peak";
}

TEST(Meter, RmsOfAFullScaleSineSettlesAtMinus3dB) {
    Meter m;
    std::vector<float> block(256);
    const float decay = rms_decay(block.size(), 48000.0, 0.3);
    double phase = 0;
    for (int b = 0; b < 400; ++b) { // about 2 s
        for (auto& s : block) {
            s = static_cast<float>(std::sin(phase));
            phase += 2 * M_PI * 1000.0 / 48000.0;
        }
        m.update(block.data(), block.size(), decay);
    }
    EXPECT_NEAR(m.peek().rms, 1.0 / std::sqrt(2.0), 0.01) << "rms " << m.peek().rms;
}

// Run under TSan in CI: a reader taking peaks while the audio side updates.
TEST(Meter, ConcurrentReaderSeesNoTornOrStaleValues) {
    Meter m;
    std::atomic<bool> stop{false};
    std::thread reader([&] {
        while (!stop.load()) {
            const MeterReading r = m.take();
            EXPECT_LE(r.peak, 1.0f);
        }
    });
    std::vector<float> block(64, 0.5f);
    block[10] = -1.0f;
    for (int i = 0; i < 20000; ++i) m.update(block.data(), block.size(), 0.9f);
    stop = true;
    reader.join();
    EXPECT_LE(m.take().peak, 1.0f);
}

} // namespace
} // namespace sy::dsp
