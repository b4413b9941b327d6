#include "router/offline/offline_render.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>

#include "dsp/interleave.hpp"
#include "dsp/loudness_meter.hpp"
#include "dsp/offline_resample.hpp"
#include "dsp/resampler.hpp"
#include "fx/insert_check.hpp"
#include "graph/validate.hpp"
#include "router/bridge/bridge.hpp"
#include "router/bridge/clock_sim.hpp"
#include "router/engine/engine.hpp"
#include "router/offline/wav_file.hpp"

namespace sy::router {

using graph::Endpoint;
using graph::EndpointKind;

std::size_t rescale_frames(std::size_t frames, long to_rate, long from_rate) {
    const auto num = static_cast<unsigned long long>(frames) * static_cast<unsigned long long>(to_rate);
    const auto den = static_cast<unsigned long long>(from_rate);
    return static_cast<std::size_t>((2 * num + den) / (2 * den));
}

namespace {

// Per-channel buffers of one endpoint for the whole render.
struct Track {
    const Endpoint* endpoint = nullptr;
    std::string path;
    std::vector<std::vector<float>> channels;
    std::size_t frames_at_engine = 0; // inputs: length once at the engine rate
    std::size_t frames_out = 0;       // outputs: frames to write
    int file_rate = 0;
};

// A converter for one endpoint's stream, or an error naming the rates that
// the library refused.
std::unique_ptr<dsp::Resampler> resampler_for(const graph::Model& model, const Endpoint& e, int channels,
                                              double from_rate, double to_rate, std::vector<std::string>& errors) {
    auto r = dsp::make_resampler(model.engine.resampler.value_or(dsp::default_resampler_lib()),
                                 e.quality.value_or(graph::Quality::Medium), channels, from_rate, to_rate);
    if (!r) {
        errors.push_back(e.id + ": cannot convert " + std::to_string(static_cast<long>(from_rate)) + " Hz to " +
                         std::to_string(static_cast<long>(to_rate)) + " Hz");
    }
    return r;
}

// A clock further off than this is broken, not drifting: crystals are
// within +-100 ppm, and the bridge's loop gives up at 1 %.
constexpr double kMaxDriftPpm = 1000.0;

// The bridge an endpoint on a clock of its own crosses: the device side's
// callbacks are as long as the engine's period, in the device's own frames.
BridgeConfig bridge_config(const graph::Model& model, const Endpoint& e, double writer_rate, double reader_rate) {
    BridgeConfig config;
    config.channels = e.channels;
    config.writer_rate = writer_rate;
    config.reader_rate = reader_rate;
    config.writer_period = model.engine.period;
    config.reader_period = model.engine.period;
    config.lib = model.engine.resampler.value_or(dsp::default_resampler_lib());
    config.quality = e.quality.value_or(graph::Quality::Medium);
    return config;
}

std::vector<std::vector<float>> split_channels(const Audio& audio) {
    std::vector<std::vector<float>> channels(static_cast<std::size_t>(audio.channels),
                                             std::vector<float>(audio.frames()));
    std::vector<float*> dst;
    for (auto& c : channels) dst.push_back(c.data());
    dsp::deinterleave(audio.samples.data(), dst.data(), audio.channels, audio.frames());
    return channels;
}

std::string ppm_text(double ppm) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", ppm);
    return text;
}

// Checks every file argument before anything is read or written.
std::vector<std::string> check_job(const graph::Model& model, const RenderJob& job) {
    std::vector<std::string> errors;
    std::set<std::string> seen;
    auto check = [&](const EndpointFile& f, EndpointKind kind, const char* flag) {
        const Endpoint* e = model.find(f.id);
        if (!e) {
            errors.push_back(std::string(flag) + " " + f.id + ": the preset has no endpoint \"" + f.id + "\"");
        } else if (e->kind != kind) {
            errors.push_back(std::string(flag) + " " + f.id + ": \"" + f.id + "\" is " +
                             (e->kind == EndpointKind::Bus ? "a bus" : e->kind == EndpointKind::Input ? "an input" : "an output") +
                             ", not " + (kind == EndpointKind::Input ? "an input" : "an output"));
        }
        if (!seen.insert(f.id).second) errors.push_back(std::string(flag) + " " + f.id + ": named twice");
        if (f.path.empty()) errors.push_back(std::string(flag) + " " + f.id + ": no file name");
    };
    for (const auto& f : job.inputs) check(f, EndpointKind::Input, "--input");
    for (const auto& f : job.outputs) check(f, EndpointKind::Output, "--output");
    std::set<std::string> drifting;
    for (const auto& d : job.drift) {
        const std::string flag = "--drift " + d.id + ": ";
        const Endpoint* e = model.find(d.id);
        if (!e) {
            errors.push_back(flag + "the preset has no endpoint \"" + d.id + "\"");
        } else if (e->kind == EndpointKind::Bus) {
            errors.push_back(flag + "\"" + d.id +
                             "\" is a bus, which runs on the hub's clock; only inputs and outputs can drift");
        }
        if (!drifting.insert(d.id).second) errors.push_back(flag + "named twice");
        if (!std::isfinite(d.ppm) || std::abs(d.ppm) > kMaxDriftPpm) {
            errors.push_back(flag + ppm_text(d.ppm) + " ppm is beyond +-" + ppm_text(kMaxDriftPpm) +
                             " ppm: a clock that far off is broken, not drifting");
        }
    }
    if (job.inputs.empty()) errors.push_back("no --input given: nothing to render");
    if (job.outputs.empty()) errors.push_back("no --output given: nothing to write");
    return errors;
}

// Every track of the render, and how long it runs.
struct Layout {
    std::vector<Track> inputs;
    std::vector<Track> outputs;
    std::size_t engine_frames = 0; // the longest input or output, at the engine's rate
    std::size_t padded = 0;        // engine_frames in whole periods
};

// Endpoints on a clock of their own, by id: how many ppm off the hub's.
using DriftMap = std::map<std::string, double>;

// Every input file, read; what is wrong with any of them goes to `errors`.
std::vector<Audio> read_inputs(const graph::Model& model, const RenderJob& job, std::vector<std::string>& errors) {
    std::vector<Audio> files;
    for (const auto& f : job.inputs) {
        AudioRead read = read_audio_file(f.path);
        const Endpoint* e = model.find(f.id);
        if (!read.error.empty()) {
            errors.push_back("--input " + f.id + ": " + read.error);
        } else if (read.audio.channels != e->channels) {
            errors.push_back("--input " + f.id + ": " + f.path + " has " + std::to_string(read.audio.channels) +
                             " channels, the preset's \"" + f.id + "\" has " + std::to_string(e->channels));
        }
        files.push_back(std::move(read.audio));
    }
    return files;
}

// Whether each output's file can be written where it is named.
void check_outputs(const RenderJob& job, std::vector<std::string>& errors) {
    for (const auto& f : job.outputs) {
        const auto dir = std::filesystem::path(f.path).parent_path();
        if (!dir.empty() && !std::filesystem::is_directory(dir)) {
            errors.push_back("--output " + f.id + ": no directory " + dir.string());
        } else if (std::filesystem::exists(f.path) && !std::filesystem::is_regular_file(f.path)) {
            // Caught now, because a rename that fails after others succeeded
            // would leave a half-written job behind.
            errors.push_back("--output " + f.id + ": " + f.path + " exists and is not a file");
        }
    }
}

// The render lasts as long as the longest input, at whichever rate each
// output is written.
Layout lay_out(const graph::Model& model, const RenderJob& job, const std::vector<Audio>& files) {
    const long engine_rate = model.engine.rate;
    Layout layout;
    layout.inputs.resize(job.inputs.size());
    for (std::size_t i = 0; i < job.inputs.size(); ++i) {
        Track& t = layout.inputs[i];
        t.endpoint = model.find(job.inputs[i].id);
        t.file_rate = files[i].rate;
        t.frames_at_engine = rescale_frames(files[i].frames(), engine_rate, files[i].rate);
        layout.engine_frames = std::max(layout.engine_frames, t.frames_at_engine);
    }
    layout.outputs.resize(job.outputs.size());
    for (std::size_t o = 0; o < job.outputs.size(); ++o) {
        Track& t = layout.outputs[o];
        t.endpoint = model.find(job.outputs[o].id);
        t.path = job.outputs[o].path;
        t.file_rate = t.endpoint->rate.value_or(static_cast<int>(engine_rate));
        for (const Audio& file : files) {
            t.frames_out = std::max(t.frames_out, rescale_frames(file.frames(), t.file_rate, file.rate));
        }
        layout.engine_frames = std::max(layout.engine_frames, rescale_frames(t.frames_out, engine_rate, t.file_rate));
    }
    const auto period = static_cast<std::size_t>(model.engine.period);
    layout.padded = (layout.engine_frames + period - 1) / period * period;
    return layout;
}

// One input's file at the engine's rate, in `padded` frames a channel; the
// file's own copy is freed as soon as it is used. False (and why, in
// `errors`) when it cannot be converted.
bool fill_input(const graph::Model& model, const DriftMap& drift, std::size_t padded, Audio& file, Track& t,
                std::vector<std::string>& errors) {
    const Endpoint& e = *t.endpoint;
    const auto engine_rate = static_cast<double>(model.engine.rate);
    if (const auto d = drift.find(e.id); d != drift.end()) {
        // The file plays at its rate on the device's clock, and reaches
        // the engine through a bridge, which also converts the rate.
        const BridgeConfig config = bridge_config(model, e, file.rate, engine_rate);
        BridgedStream bridged = play_through_bridge(config, d->second, 0.0, split_channels(file), padded);
        file = Audio{};
        if (!bridged.error.empty()) {
            errors.push_back("--drift " + e.id + ": " + bridged.error);
            return false;
        }
        t.channels = std::move(bridged.channels);
        return true;
    }
    std::vector<float> at_rate;
    if (file.rate == model.engine.rate) {
        at_rate = std::move(file.samples);
    } else {
        auto r = resampler_for(model, e, e.channels, file.rate, engine_rate, errors);
        if (!r) return false;
        at_rate = dsp::offline_resample(*r, file.samples, t.frames_at_engine);
    }
    file = Audio{}; // free the file's copy early
    t.channels.assign(static_cast<std::size_t>(e.channels), std::vector<float>(padded, 0.0f));
    std::vector<float*> dst;
    for (auto& ch : t.channels) dst.push_back(ch.data());
    dsp::deinterleave(at_rate.data(), dst.data(), e.channels, t.frames_at_engine);
    return true;
}

// The engine over the whole render, one period at a time, as a real-time
// driver runs it; outputs start silent. False (and why) when the engine
// refuses the model.
bool run_engine(const graph::Model& model, Layout& layout, std::vector<std::string>& errors) {
    for (auto& t : layout.outputs) {
        t.channels.assign(static_cast<std::size_t>(t.endpoint->channels), std::vector<float>(layout.padded, 0.0f));
    }
    EngineOptions options;
    options.max_frames = model.engine.period;
    Engine engine(options);
    if (auto problems = engine.apply(model); !problems.empty()) {
        for (const auto& p : problems) errors.push_back(p.field + ": " + p.message);
        return false;
    }
    // The driver loop: point the I/O table at the next block, run one cycle.
    const auto period = static_cast<std::size_t>(model.engine.period);
    auto io = std::make_unique<IoTable>();
    for (std::size_t pos = 0; pos < layout.padded; pos += period) {
        for (auto* tracks : {&layout.inputs, &layout.outputs}) {
            for (auto& t : *tracks) {
                const auto slot = static_cast<std::size_t>(engine.endpoint_slot(t.endpoint->id));
                for (std::size_t c = 0; c < t.channels.size(); ++c) io->channel[slot][c] = t.channels[c].data() + pos;
            }
        }
        engine.process(static_cast<int>(period), *io);
    }
    return true;
}

// What the engine made for one output, interleaved at the file's rate into
// `out`; the track's channels are freed. False (and why, in `errors`) when
// it cannot be converted.
bool output_samples(const graph::Model& model, const DriftMap& drift, std::size_t engine_frames, Track& t, Audio& out,
                    std::vector<std::string>& errors) {
    const int ch = t.endpoint->channels;
    const auto engine_rate = static_cast<double>(model.engine.rate);
    if (const auto d = drift.find(t.endpoint->id); d != drift.end()) {
        // The device's clock takes what the engine made through a bridge.
        for (auto& c : t.channels) c.resize(engine_frames);
        const BridgeConfig config = bridge_config(model, *t.endpoint, engine_rate, t.file_rate);
        BridgedStream bridged = play_through_bridge(config, 0.0, d->second, t.channels, t.frames_out);
        t.channels.clear();
        if (!bridged.error.empty()) {
            errors.push_back("--drift " + t.endpoint->id + ": " + bridged.error);
            return false;
        }
        out.samples.resize(t.frames_out * static_cast<std::size_t>(ch));
        std::vector<const float*> src;
        for (auto& c : bridged.channels) src.push_back(c.data());
        dsp::interleave(src.data(), out.samples.data(), ch, t.frames_out);
        return true;
    }
    std::vector<float> interleaved(engine_frames * static_cast<std::size_t>(ch));
    std::vector<const float*> src;
    for (auto& c : t.channels) src.push_back(c.data());
    dsp::interleave(src.data(), interleaved.data(), ch, engine_frames);
    t.channels.clear();

    if (t.file_rate == model.engine.rate) {
        interleaved.resize(t.frames_out * static_cast<std::size_t>(ch), 0.0f);
        out.samples = std::move(interleaved);
        return true;
    }
    auto r = resampler_for(model, *t.endpoint, ch, engine_rate, t.file_rate, errors);
    if (!r) return false;
    out.samples = dsp::offline_resample(*r, interleaved, t.frames_out);
    return true;
}

// Every output written beside its file, not yet over it; the first output
// that cannot be converted stops the staging.
// Each is measured as written: at its file's rate, after any bridge.
std::vector<StagedFile> stage_outputs(const graph::Model& model, const DriftMap& drift, Layout& layout,
                                      std::vector<std::string>& errors, std::vector<OutputLoudness>& loudness) {
    std::vector<StagedFile> staged;
    for (auto& t : layout.outputs) {
        Audio out{t.file_rate, t.endpoint->channels, {}};
        if (!output_samples(model, drift, layout.engine_frames, t, out, errors)) break;
        dsp::LoudnessMeter meter(out.channels, out.rate);
        meter.add(out.samples.data(), out.frames());
        const dsp::LoudnessReading r = meter.read();
        loudness.push_back({t.endpoint->id, t.path, r.integrated_lufs, r.range_lu, r.true_peak_dbtp});
        staged.push_back(stage_float_wav(t.path, out));
        if (!staged.back().error.empty()) {
            errors.push_back("--output " + t.endpoint->id + ": " + staged.back().error);
        }
    }
    return staged;
}

} // namespace

RenderReport render(const graph::Model& model, const RenderJob& job) {
    RenderReport report;
    for (const auto& p : graph::validate(model)) report.errors.push_back(p.field + ": " + p.message);
    if (report.errors.empty()) {
        for (const auto& p : fx::check_inserts(model)) report.errors.push_back(p.field + ": " + p.message);
    }
    if (!report.errors.empty()) return report;
    report.errors = check_job(model, job);
    if (!report.errors.empty()) return report;

    const auto started = std::chrono::steady_clock::now();
    // Read every input first: a bad file fails the job before any output exists.
    std::vector<Audio> files = read_inputs(model, job, report.errors);
    check_outputs(job, report.errors);
    if (!report.errors.empty()) return report;
    Layout layout = lay_out(model, job, files);

    // Endpoints on a clock of their own, off the hub's by so many ppm. The
    // engine neither knows nor cares when a device's callbacks come, so each
    // bridge is simulated on its own, before (inputs) or after (outputs) the
    // engine's run, exactly as if interleaved with the engine's cycles.
    DriftMap drift;
    for (const auto& d : job.drift) drift[d.id] = d.ppm;
    for (std::size_t i = 0; i < layout.inputs.size(); ++i) {
        if (!fill_input(model, drift, layout.padded, files[i], layout.inputs[i], report.errors)) return report;
    }
    if (!run_engine(model, layout, report.errors)) return report;

    const std::vector<StagedFile> staged = stage_outputs(model, drift, layout, report.errors, report.loudness);
    // All or nothing: outputs replace their files only once every one is written.
    if (!report.errors.empty()) {
        for (const auto& s : staged) discard_staged(s);
        return report;
    }
    for (const auto& s : staged) {
        if (std::string error = commit_staged(s); !error.empty()) report.errors.push_back(error);
    }

    report.engine_frames = layout.engine_frames;
    report.audio_seconds = static_cast<double>(layout.engine_frames) / static_cast<double>(model.engine.rate);
    report.cpu_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

} // namespace sy::router
