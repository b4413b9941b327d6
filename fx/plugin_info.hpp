// What a host needs to know of an LV2 plugin before it runs one: its audio
// ports, its controls with their ranges, units and scale points (for checks
// and for the GUI's generic editor), and where it reports its latency.
#pragma once

#include <string>
#include <vector>

namespace sy::fx {

struct ScalePoint {
    double value = 0.0;
    std::string label;
};

struct ControlPort {
    int index = 0;
    std::string symbol;
    std::string name;
    std::string unit; // as people read it: "dB", "Hz", "ms", "G"; empty when the plugin says none
    bool output = false;
    double min = 0.0;
    double max = 1.0;
    double def = 0.0;
    bool integer = false;
    bool toggled = false;
    bool enumeration = false;
    bool logarithmic = false;
    std::vector<ScalePoint> scale_points;
};

struct PluginInfo {
    std::string uri;
    std::string name;
    std::string category; // its LV2 class label: "Equaliser", "Compressor", ...
    int port_count = 0;
    std::vector<int> audio_in;  // main inputs, in port order
    std::vector<int> audio_out; // main outputs
    std::vector<int> sidechain_in; // fed silence: a strip has no sidechain to give
    std::vector<int> atom_in;   // fed an empty sequence each cycle
    std::vector<int> atom_out;  // given room each cycle, and ignored
    std::vector<int> atom_out_bytes; // the room each asks for (rsz:minimumSize), by atom_out
    std::vector<ControlPort> controls; // inputs and outputs
    int latency_port = -1;      // a control output, or -1
    // Why this host cannot run it (a port of a kind it does not feed, a
    // feature it does not give); empty when it can.
    std::string unsupported;

    const ControlPort* control(const std::string& symbol) const {
        for (const auto& c : controls) {
            if (c.symbol == symbol) return &c;
        }
        return nullptr;
    }
};

// One line of the list of installed plugins.
struct PluginSummary {
    std::string uri;
    std::string name;
    std::string category;
    int audio_in = 0;
    int audio_out = 0;
};

} // namespace sy::fx
