// `switchyard render` with inserts on the strips, and the loudness it
// reports for each output.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_runner.hpp"
#include "router/offline/wav_file.hpp"

namespace sy::router {
namespace {

using test::run_switchyard;
using test::ScratchDir;

// Two channels of a sine at `hz`, peak `amplitude`, `seconds` long, then
// another at `hz2` as long: one file to measure two frequencies.
std::string write_tones(const ScratchDir& dir, double hz, double hz2, double amplitude, double seconds) {
    std::vector<float> s;
    const auto n = static_cast<std::size_t>(seconds * 48000);
    for (double f : {hz, hz2}) {
        for (std::size_t i = 0; i < n; ++i) {
            const auto x = static_cast<float>(amplitude * std::sin(2 * std::numbers::pi * f * double(i) / 48000));
            s.push_back(x);
            s.push_back(x);
        }
    }
    const std::string path = dir.file("in.wav");
    EXPECT_EQ(write_float_wav(path, Audio{48000, 2, s}), "");
    return path;
}

// RMS in dB of the left channel of `audio` over [from, to) seconds.
double level_db(const Audio& audio, double from, double to) {
    double sum = 0.0;
    const auto a = static_cast<std::size_t>(from * audio.rate), b = static_cast<std::size_t>(to * audio.rate);
    for (std::size_t i = a; i < b; ++i) sum += double(audio.samples[2 * i]) * audio.samples[2 * i];
    return 10.0 * std::log10(sum / double(b - a));
}

const char* kEqPreset = R"({ "switchyard": 1, "name": "eq", "engine": { "rate": 48000, "period": 128 },
  "inputs": [ { "id": "in", "channels": 2, "inserts": [
    { "id": "eq", "lv2": "http://lsp-plug.in/plugins/lv2/para_equalizer_x16_stereo",
      "controls": { "ft_0": 1, "f_0": 1000, "g_0": 3.981, "q_0": 1 } } ] } ],
  "outputs": [ { "id": "out", "channels": 2 } ],
  "routes": [ { "from": "in", "to": "out" } ] })";

TEST(RenderInserts, AnEqBandLiftsItsFrequencyAndLeavesAnotherAloneDeterministically) {
    ScratchDir dir;
    const std::string preset = dir.write("eq.json", kEqPreset);
    const std::string in = write_tones(dir, 1000.0, 50.0, 0.1, 1.0);
    const auto a = run_switchyard("render " + preset + " -i in=" + in + " -o out=" + dir.file("a.wav"));
    ASSERT_EQ(a.exit_code, 0) << a.output;
    const auto b = run_switchyard("render -q " + preset + " -i in=" + in + " -o out=" + dir.file("b.wav"));
    ASSERT_EQ(b.exit_code, 0) << b.output;
    EXPECT_EQ(test::file_bytes(dir.file("a.wav")), test::file_bytes(dir.file("b.wav"))) << "same inputs, same bytes";
    const AudioRead out = read_audio_file(dir.file("a.wav"));
    ASSERT_EQ(out.error, "");
    const double tone = 20.0 * std::log10(0.1 / std::numbers::sqrt2);
    EXPECT_NEAR(level_db(out.audio, 0.5, 0.95) - tone, 12.0, 0.2) << "1 kHz, where the band is";
    EXPECT_NEAR(level_db(out.audio, 1.5, 1.95) - tone, 0.0, 0.2) << "50 Hz, far below it";
}

TEST(RenderInserts, ReportsEachOutputsLoudnessAndTruePeak) {
    ScratchDir dir;
    const std::string preset = dir.write("pass.json", R"({ "switchyard": 1, "name": "pass",
      "inputs": [ { "id": "in", "channels": 2 } ], "outputs": [ { "id": "out", "channels": 2 } ],
      "routes": [ { "from": "in", "to": "out" } ] })");
    // EBU Tech 3341 case 1: a 1 kHz sine at -23 dBFS peak on both channels
    // reads -23.0 LUFS (+-0.1).
    const std::string in = write_tones(dir, 1000.0, 1000.0, std::pow(10.0, -23.0 / 20.0), 10.0);
    const auto r = run_switchyard("render --json " + preset + " -i in=" + in + " -o out=" + dir.file("o.wav"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto report = nlohmann::json::parse(r.output);
    ASSERT_EQ(report["outputs"].size(), 1u);
    EXPECT_EQ(report["outputs"][0]["id"], "out");
    EXPECT_NEAR(report["outputs"][0]["integrated_lufs"].get<double>(), -23.0, 0.1);
    EXPECT_NEAR(report["outputs"][0]["true_peak_dbtp"].get<double>(), -23.0, 0.2);
    const auto text = run_switchyard("render " + preset + " -i in=" + in + " -o out=" + dir.file("o.wav"));
    const bool rounded = text.output.find("out: integrated -23.0 LUFS, range 0.0 LU, true peak -23.0 dBTP") !=
                             std::string::npos ||
                         text.output.find("out: integrated -22.9 LUFS, range 0.0 LU, true peak -23.0 dBTP") !=
                             std::string::npos;
    EXPECT_TRUE(rounded) << text.output;
}

TEST(RenderInserts, ABadControlIsRefusedWithItsFieldAndNoFileIsWritten) {
    ScratchDir dir;
    std::string text = kEqPreset;
    text.replace(text.find("3.981"), 5, "400");
    const std::string preset = dir.write("bad.json", text);
    const std::string in = write_tones(dir, 1000.0, 100.0, 0.1, 0.2);
    const auto r = run_switchyard("render " + preset + " -i in=" + in + " -o out=" + dir.file("o.wav"));
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.output.find("inputs[0].inserts[0].controls.g_0"), std::string::npos) << r.output;
    EXPECT_FALSE(std::filesystem::exists(dir.file("o.wav")));
}

} // namespace
} // namespace sy::router
