// Whole WAV files in and out through libsndfile, for offline render.
#pragma once

#include <string>
#include <vector>

namespace sy::router {

struct Audio {
    int rate = 0;
    int channels = 0;
    std::vector<float> samples; // interleaved

    std::size_t frames() const { return channels ? samples.size() / static_cast<std::size_t>(channels) : 0; }
};

struct AudioRead {
    Audio audio;
    std::string error; // empty when read
};

// Any format libsndfile reads, as float.
AudioRead read_audio_file(const std::string& path);

// A 32-bit float WAV written completely to a temporary file beside its
// target, waiting to be renamed over it: several outputs can be staged and
// then committed together, so a failure leaves no partial file behind.
struct StagedFile {
    std::string temp;
    std::string target;
    std::string error; // empty when staged
};

StagedFile stage_float_wav(const std::string& path, const Audio& audio);
std::string commit_staged(const StagedFile& staged); // empty on success
void discard_staged(const StagedFile& staged);

// stage + commit: empty string on success.
std::string write_float_wav(const std::string& path, const Audio& audio);

} // namespace sy::router
