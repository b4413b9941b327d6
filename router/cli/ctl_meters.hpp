// `switchyard ctl meters`: subscribes to meter events and shows them, either
// as a text view redrawn in place or as one JSON event per line.
#pragma once

#include <string>

namespace sy::router {

class ControlClient;

struct MeterViewOptions {
    bool json_lines = false; // one event per line instead of the redrawn view
    double seconds = 0.0;    // stop after this long (0: until SIGINT/SIGTERM)
    int meter_hz = 30;
};

// Runs until a signal, options.seconds or the engine going away. Returns the
// process exit code (0, or 1 when the engine refuses or leaves).
int show_meters(ControlClient& client, const MeterViewOptions& options);

} // namespace sy::router
