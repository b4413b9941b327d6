// Something a Plan runs in place on a strip's channels: its inserts
// (fx/insert_chain.hpp). dsp and graph know only this face of it.
#pragma once

namespace sy::dsp {

class StripProcessor {
public:
    virtual ~StripProcessor() = default;
    // Audio thread: `channels` buffers of at least `frames` samples, changed
    // in place. Never allocates, locks, logs or blocks.
    virtual void process(float* const* channels, int frames) noexcept = 0;
};

} // namespace sy::dsp
