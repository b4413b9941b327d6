// The loudness of every strip of an Engine (EBU R 128: momentary,
// short-term, integrated, range, true peak). The audio thread copies each
// strip's sound, after its inserts, into a SampleTap; the control thread
// drains the taps (LiveSession::poll, every 50 ms) into one LoudnessMeter
// per strip, off the audio thread.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dsp/loudness_meter.hpp"
#include "dsp/sample_tap.hpp"
#include "graph/plan.hpp"

namespace sy::router {

class LoudnessTaps {
public:
    // Control thread, before a Plan is published: gives each of its
    // endpoints its tap (a new one, and a fresh meter, when the endpoint is
    // new or its channels or rate changed) and forgets the rest.
    void attach(graph::Plan& plan);
    // Control thread: everything the taps hold, into the meters.
    void drain();
    // Control thread: the strip's loudness so far, or nothing for no strip.
    std::optional<dsp::LoudnessReading> read(const std::string& id) const;
    // Control thread: starts the integrated loudness, range and true peak
    // over, for one strip or (empty id) all.
    void reset(const std::string& id);

private:
    struct Strip {
        std::shared_ptr<dsp::SampleTap> tap;
        std::unique_ptr<dsp::LoudnessMeter> meter;
    };
    std::map<std::string, Strip> strips_;
    std::vector<float> scratch_;
};

} // namespace sy::router
