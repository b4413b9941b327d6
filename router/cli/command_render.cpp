#include <cmath>
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "router/cli/commands.hpp"
#include "router/cli/load_preset.hpp"

namespace sy::router {
namespace {

// JSON has no infinity: silence's -inf LUFS is null.
nlohmann::json finite_or_null(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

std::string level_text(double v, const char* unit) {
    char text[32];
    if (std::isfinite(v)) {
        std::snprintf(text, sizeof text, "%.1f %s", v, unit);
    } else {
        std::snprintf(text, sizeof text, "-inf %s", unit);
    }
    return text;
}

void print_report(const RenderReport& report, int rate, bool json) {
    if (json) {
        nlohmann::json out = {{"audio_seconds", report.audio_seconds},
                              {"frames", report.engine_frames},
                              {"rate", rate},
                              {"cpu_seconds", report.cpu_seconds},
                              {"outputs", nlohmann::json::array()}};
        for (const auto& l : report.loudness) {
            out["outputs"].push_back({{"id", l.id},
                                      {"file", l.path},
                                      {"integrated_lufs", finite_or_null(l.integrated_lufs)},
                                      {"loudness_range_lu", l.range_lu},
                                      {"true_peak_dbtp", finite_or_null(l.true_peak_dbtp)}});
        }
        std::cout << out.dump(2) << '\n';
        return;
    }
    std::printf("rendered %.3f s of audio (%zu frames at %d Hz) in %.3f s: %.0fx real time\n", report.audio_seconds,
                report.engine_frames, rate, report.cpu_seconds,
                report.cpu_seconds > 0 ? report.audio_seconds / report.cpu_seconds : 0.0);
    for (const auto& l : report.loudness) {
        std::printf("  %s: integrated %s, range %.1f LU, true peak %s\n", l.id.c_str(),
                    level_text(l.integrated_lufs, "LUFS").c_str(), l.range_lu,
                    level_text(l.true_peak_dbtp, "dBTP").c_str());
    }
}

} // namespace

int command_render(const std::string& file, const RenderJob& job, bool quiet, bool json) {
    const auto model = load_preset_or_report(file);
    if (!model) return kExitFailed;
    const RenderReport report = render(*model, job);
    if (!report.errors.empty()) {
        for (const auto& e : report.errors) std::cerr << "switchyard render: " << e << '\n';
        return kExitFailed;
    }
    if (!quiet || json) print_report(report, model->engine.rate, json);
    return kExitOk;
}

} // namespace sy::router
