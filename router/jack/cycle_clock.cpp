#include "router/jack/cycle_clock.hpp"

#include <algorithm>
#include <limits>

namespace sy::router {

void CycleClock::reset(double rate) {
    rate_ = rate;
    started_ = false;
    frames_ = 0;
    next_done_ = 0;
    block_frames_ = 0;
}

double CycleClock::cycle_start(std::uint32_t frame, double wake) {
    if (started_) {
        // Unsigned difference: right across the counter's wrap.
        const std::uint32_t advanced = frame - last_frame_;
        frames_ += advanced;
        block_frames_ += advanced;
        short_frames_ += advanced;
    }
    last_frame_ = frame;
    const double due = static_cast<double>(frames_) / rate_;
    const double offset = wake - due;
    if (!started_) {
        started_ = true;
        done_.fill(offset);
        current_ = offset;
        block_frames_ = 0;
        short_min_ = offset;
        short_frames_ = 0;
        short_cycles_ = 0;
    }
    current_ = std::min(current_, offset);
    follow_step_up(offset);
    const double result = due + envelope();
    if (block_frames_ >= static_cast<std::int64_t>(kBlockSeconds * rate_)) {
        done_[static_cast<std::size_t>(next_done_)] = current_;
        next_done_ = (next_done_ + 1) % kBlocks;
        current_ = std::numeric_limits<double>::infinity();
        block_frames_ = 0;
    }
    return result;
}

void CycleClock::follow_step_up(double offset) {
    short_min_ = short_cycles_ == 0 ? offset : std::min(short_min_, offset);
    ++short_cycles_;
    if (short_cycles_ < kShortCycles || short_frames_ < static_cast<std::int64_t>(kShortSeconds * rate_)) return;
    if (short_min_ > envelope() + kStepSeconds) {
        done_.fill(short_min_);
        current_ = short_min_;
    }
    short_cycles_ = 0;
    short_frames_ = 0;
}

double CycleClock::envelope() const { return std::min(current_, *std::min_element(done_.begin(), done_.end())); }

} // namespace sy::router
