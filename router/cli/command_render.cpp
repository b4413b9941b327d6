#include <cstdio>
#include <iostream>

#include "router/cli/commands.hpp"
#include "router/cli/load_preset.hpp"

namespace sy::router {

int command_render(const std::string& file, const RenderJob& job, bool quiet) {
    const auto model = load_preset_or_report(file);
    if (!model) return kExitFailed;
    const RenderReport report = render(*model, job);
    if (!report.errors.empty()) {
        for (const auto& e : report.errors) std::cerr << "switchyard render: " << e << '\n';
        return kExitFailed;
    }
    if (!quiet) {
        std::printf("rendered %.3f s of audio (%zu frames at %d Hz) in %.3f s: %.0fx real time\n",
                    report.audio_seconds, report.engine_frames, model->engine.rate, report.cpu_seconds,
                    report.cpu_seconds > 0 ? report.audio_seconds / report.cpu_seconds : 0.0);
    }
    return kExitOk;
}

} // namespace sy::router
