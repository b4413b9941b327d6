// A strip's inserts in signal order, as one Plan runs them. Immutable once
// made; the slots in it are shared with the chains of Plans before and
// after, so a unit keeps its state across edits that leave it in place.
#pragma once

#include <memory>
#include <vector>

#include "dsp/strip_processor.hpp"
#include "fx/insert_slot.hpp"

namespace sy::fx {

class InsertChain final : public dsp::StripProcessor {
public:
    explicit InsertChain(std::vector<std::shared_ptr<InsertSlot>> slots) : slots_(std::move(slots)) {}
    void process(float* const* channels, int frames) noexcept override {
        for (const auto& slot : slots_) slot->process(channels, frames);
    }
    const std::vector<std::shared_ptr<InsertSlot>>& slots() const { return slots_; }

private:
    std::vector<std::shared_ptr<InsertSlot>> slots_;
};

} // namespace sy::fx
