// One running effect on a strip, whatever it is built on (an LV2 plugin,
// the built-in denoiser). The control thread makes it and sets its
// controls; exactly one audio thread runs it.
#pragma once

#include <map>
#include <string>

#include "graph/insert.hpp"

namespace sy::fx {

class InsertUnit {
public:
    virtual ~InsertUnit() = default;

    // Audio thread: reads the strip's channels from `in` and writes them to
    // `out` (never the same buffers), `frames` at most the block length the
    // unit was made for. Never allocates, locks, logs or blocks.
    virtual void run(const float* const* in, float* const* out, int frames) noexcept = 0;

    // Control thread: the value reaches the audio thread at its next cycle,
    // with no lock. False, with `why`, for a control the unit does not have
    // or a value it does not take; nothing changes then.
    virtual bool set_control(const std::string& symbol, const graph::ControlValue& value, std::string& why) = 0;

    // Control thread: every control at once, those `controls` does not name
    // at their defaults; values were checked before (fx/insert_check.hpp),
    // and one the unit does not take is left as it was.
    virtual void apply_controls(const std::map<std::string, graph::ControlValue>& controls) = 0;

    // Any thread: the delay the unit adds, in frames, as it last reported it.
    virtual int latency_frames() const = 0;
};

} // namespace sy::fx
