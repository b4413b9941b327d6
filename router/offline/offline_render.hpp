// `switchyard render`: a preset's graph driven from WAV files to WAV files,
// one block at a time, exactly as a real-time driver would but as fast as the
// CPU allows, and deterministically: same inputs, same bytes out.
#pragma once

#include <string>
#include <vector>

#include "graph/model.hpp"

namespace sy::router {

struct EndpointFile {
    std::string id;
    std::string path;
};

struct EndpointDrift {
    std::string id;
    double ppm = 0.0; // the endpoint's clock runs this many parts per million fast (negative: slow)
};

struct RenderJob {
    std::vector<EndpointFile> inputs;  // inputs not named here are silent
    std::vector<EndpointFile> outputs; // outputs not named here are not written
    std::vector<EndpointDrift> drift;  // endpoints on a clock of their own, crossing through a bridge
};

// What an output's file holds, as EBU R 128 measures it (-inf for silence).
struct OutputLoudness {
    std::string id;
    std::string path;
    double integrated_lufs = 0.0;
    double range_lu = 0.0;
    double true_peak_dbtp = 0.0;
};

struct RenderReport {
    std::vector<std::string> errors; // empty on success; then every output was written
    std::size_t engine_frames = 0;
    double audio_seconds = 0.0;
    double cpu_seconds = 0.0;
    std::vector<OutputLoudness> loudness; // one per output written, in --output order
};

RenderReport render(const graph::Model& model, const RenderJob& job);

// round(frames * to_rate / from_rate), exactly, in integers.
std::size_t rescale_frames(std::size_t frames, long to_rate, long from_rate);

} // namespace sy::router
