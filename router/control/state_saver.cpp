#include "router/control/state_saver.hpp"

#include <cstdio>
#include <system_error>

#include "presets/preset_writer.hpp"

namespace sy::router {

void StateSaver::changed(const graph::Model& model, Clock::time_point now) {
    pending_ = model;
    tick(now);
}

void StateSaver::tick(Clock::time_point now) {
    if (!pending_) return;
    if (last_save_ && now - *last_save_ < min_gap_) return;
    save(now);
}

void StateSaver::flush() {
    if (pending_) save(Clock::now());
}

void StateSaver::save(Clock::time_point now) {
    std::error_code ec;
    std::filesystem::create_directories(path_.parent_path(), ec);
    const presets::WriteResult r = presets::write_preset_file(path_.string(), *pending_);
    last_save_ = now;
    if (r.ok) {
        pending_.reset();
        error_.clear();
        return;
    }
    // Kept pending: the next tick tries again. Said once per failure, not per try.
    if (error_ != r.error) std::fprintf(stderr, "switchyard: cannot save the running state: %s\n", r.error.c_str());
    error_ = r.error;
}

} // namespace sy::router
