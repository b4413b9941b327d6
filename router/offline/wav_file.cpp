#include "router/offline/wav_file.hpp"

#include <sndfile.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace sy::router {

AudioRead read_audio_file(const std::string& path) {
    AudioRead result;
    SF_INFO info{};
    SNDFILE* file = sf_open(path.c_str(), SFM_READ, &info);
    if (!file) {
        result.error = path + ": " + sf_strerror(nullptr);
        return result;
    }
    result.audio.rate = info.samplerate;
    result.audio.channels = info.channels;
    result.audio.samples.resize(static_cast<std::size_t>(info.frames) * static_cast<std::size_t>(info.channels));
    const sf_count_t got = sf_readf_float(file, result.audio.samples.data(), info.frames);
    if (got != info.frames) {
        result.error = path + ": read " + std::to_string(got) + " of " + std::to_string(info.frames) + " frames";
    }
    sf_close(file);
    return result;
}

StagedFile stage_float_wav(const std::string& path, const Audio& audio) {
    namespace fs = std::filesystem;
    const fs::path target(path);
    const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    StagedFile staged{(dir / ("." + target.filename().string() + ".XXXXXX")).string(), path, {}};
    const int fd = mkstemp(staged.temp.data());
    if (fd < 0) {
        staged.error = path + ": cannot create a file in " + dir.string() + ": " + std::strerror(errno);
        staged.temp.clear();
        return staged;
    }
    SF_INFO info{};
    info.samplerate = audio.rate;
    info.channels = audio.channels;
    info.format = SF_FORMAT_WAV | SF_FORMAT_FLOAT;
    // SF_TRUE: libsndfile closes fd together with the SNDFILE.
    SNDFILE* file = sf_open_fd(fd, SFM_WRITE, &info, SF_TRUE);
    if (!file) {
        ::close(fd);
        staged.error = path + ": " + sf_strerror(nullptr);
    } else {
        // libsndfile's PEAK chunk carries the time of writing: two renders
        // of the same inputs would differ in three bytes.
        sf_command(file, SFC_SET_ADD_PEAK_CHUNK, nullptr, SF_FALSE);
        const auto frames = static_cast<sf_count_t>(audio.frames());
        if (sf_writef_float(file, audio.samples.data(), frames) != frames) {
            staged.error = path + ": write failed: " + sf_strerror(file);
        }
        sf_write_sync(file);
        if (sf_close(file) != 0 && staged.error.empty()) staged.error = path + ": close failed";
    }
    if (!staged.error.empty()) discard_staged(staged);
    return staged;
}

std::string commit_staged(const StagedFile& staged) {
    if (std::rename(staged.temp.c_str(), staged.target.c_str()) != 0) {
        const std::string error = staged.target + ": " + std::strerror(errno);
        discard_staged(staged);
        return error;
    }
    return {};
}

void discard_staged(const StagedFile& staged) {
    if (!staged.temp.empty()) std::remove(staged.temp.c_str());
}

std::string write_float_wav(const std::string& path, const Audio& audio) {
    StagedFile staged = stage_float_wav(path, audio);
    return staged.error.empty() ? commit_staged(staged) : staged.error;
}

} // namespace sy::router
