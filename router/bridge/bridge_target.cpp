// Where a bridge's target fill stands, and how it moves: the two periods
// plus the margin the measured lateness asks for (bridge_margin.hpp).
//
// While acquiring the target follows the margin at once: the loop is wide
// and takes the step in its stride, and no one is listening closely yet.
// From then on the target glides: it moves a little at every read and the
// ratio moves with it (glide_, added to the loop's own), so the fill
// follows the target with no error for the slow loop to chase (a step in
// the setpoint while narrowing left the locked loop 9 ppm off for minutes)
// and nothing skipped or padded. The glide's ratio changes by at most
// 0.03 ppm a second (bang-bang with braking: as fast as that allows,
// stopping on the goal), so that a 1 kHz tone stays clean to far more than
// the 80 dB the loop's own wander leaves: a ratio changing by r a second
// bends the tone's phase by 2 pi f r t^2 / 2, whose departure from a
// straight line over one second is 1/16 of 2 pi f r, 1.2e-5 rad (-98 dB).
// A millisecond of margin then takes six minutes to give back: slow, as it
// should be; growing this way is as slow, but a margin that was short
// grows at the underrun, at once. Moves start only when the margin asks for
// 0.1 ms more or 0.25 ms less than the target, so that a percentile
// wavering by a bin does not keep the ratio moving.
//
// An underrun grows the margin at once (writer_back()); the ring is padded
// to the new target when the writer is back, as any stall's is.
#include <algorithm>
#include <cmath>

#include "router/bridge/bridge.hpp"

namespace sy::router {
namespace {

constexpr double kGlideAcceleration = 0.03e-6; // ratio change a second
constexpr double kGlideMaxRatio = 20e-6;
constexpr double kGrowHysteresisSeconds = 0.1e-3;
constexpr double kShrinkHysteresisSeconds = 0.25e-3;
// The locked loop's stray is its largest |error| and wears off at the same
// pace as what underruns added.
constexpr double kStrayDecayPerSecond = MarginPolicy::kExtraDecayPerSecond;
// Samples before the window's percentile means more than its maximum.
constexpr double kEnoughSamples = 1.0 / (1.0 - dsp::LatenessWindow::kQuantile);

} // namespace

double Bridge::goal_frames() const {
    // Any thread that owns the target: the reader, or the control thread
    // before a start. Until the window holds enough writes to say what one
    // in a thousand does, the side's own figure is taken too.
    double lateness = lateness_.quantile();
    if (static_cast<double>(lateness_.samples()) < kEnoughSamples) {
        lateness = std::max(lateness, config_.expected_lateness);
    }
    const double margin = bridge_margin_seconds(config_.latency, {lateness, lateness_.max()}, extra_, loop_stray_);
    return periods_ + margin * config_.writer_rate;
}

void Bridge::update_target(double seconds) {
    // Reader thread only.
    since_underrun_ += seconds;
    if (since_underrun_ > MarginPolicy::kExtraHoldSeconds) {
        extra_ = std::max(0.0, extra_ - MarginPolicy::kExtraDecayPerSecond * seconds);
    }
    const double rate = config_.writer_rate;
    if (phase_.state == BridgeState::Locked || phase_.state == BridgeState::Tracking) {
        loop_stray_ = std::max(std::abs(filtered_error_) / rate, loop_stray_ - kStrayDecayPerSecond * seconds);
    }
    const double goal = goal_frames();
    const double gap = (goal - target_) / rate; // seconds
    if (phase_.state == BridgeState::Acquiring || seconds <= 0.0) {
        target_ = goal;
        setpoint_ += gap * rate;
        glide_ = 0.0;
        gliding_ = false;
        return;
    }
    if (!gliding_ && (gap > kGrowHysteresisSeconds || gap < -kShrinkHysteresisSeconds)) gliding_ = true;
    if (!gliding_) return;
    // The speed from which full braking stops on the goal.
    const double wanted = std::copysign(std::min(kGlideMaxRatio, std::sqrt(2.0 * kGlideAcceleration * std::abs(gap))), gap);
    const double step = kGlideAcceleration * seconds;
    glide_ += std::clamp(wanted - glide_, -step, step);
    const double moved = glide_ * seconds * rate; // the fill moves by rate x (change of the ratio) frames a second
    target_ += moved;
    setpoint_ += moved;
    if (std::abs(goal - target_) < 1.0 && std::abs(glide_) <= step) {
        glide_ = 0.0;
        gliding_ = false;
    }
}

void Bridge::writer_back(double now, double anchor) {
    // Reader thread only, once per stall. A writer back within the largest
    // margin, its frames where its clock says, was late: its lateness beat
    // the margin by at least the frames that were missing, and the margin
    // grows by that. One away longer stalled (a server's hiccup, a restart,
    // a device gone), and one whose anchor moved by half a period or more
    // lost a cycle (an xrun: its clock ran on without its frames): no margin
    // covers either, and growing one would only cost latency for minutes
    // (at period 64 on the test machine, xruns every few seconds grew
    // margins to 16 ms).
    if (now - ran_dry_at_ > MarginPolicy::kMaxSeconds) return;
    if (std::abs(anchor - last_writer_anchor_) * config_.writer_rate > 0.5 * config_.writer_period) return;
    const double missing = static_cast<double>(ran_dry_short_) / config_.reader_rate;
    extra_ = std::min(MarginPolicy::kMaxExtraSeconds, extra_ + missing + MarginPolicy::kLoopBoundSeconds);
    since_underrun_ = 0.0;
}

} // namespace sy::router
