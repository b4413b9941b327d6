// Keeps the running state on disk ($XDG_CONFIG_HOME/switchyard/last.json)
// so that nothing a person set is lost, whatever ends the engine: saved
// atomically after every change, at most twice a second (a burst of 1,000
// fader moves a second is two writes, and the first change of a burst is on
// disk at once).
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

#include "graph/model.hpp"

namespace sy::router {

class StateSaver {
public:
    using Clock = std::chrono::steady_clock;

    explicit StateSaver(std::filesystem::path path, std::chrono::milliseconds min_gap = std::chrono::milliseconds(500))
        : path_(std::move(path)), min_gap_(min_gap) {}

    // Control thread. `model` is the new running state: saved now, or once
    // the gap since the last save has passed (tick()).
    void changed(const graph::Model& model, Clock::time_point now = Clock::now());
    void tick(Clock::time_point now = Clock::now());
    // Saves what is pending now (at a clean exit).
    void flush();

    const std::filesystem::path& path() const { return path_; }
    // Why the last save failed, or "" (the previous file is left as it was).
    const std::string& error() const { return error_; }

private:
    void save(Clock::time_point now);

    std::filesystem::path path_;
    std::chrono::milliseconds min_gap_;
    std::optional<graph::Model> pending_;
    std::optional<Clock::time_point> last_save_;
    std::string error_;
};

} // namespace sy::router
