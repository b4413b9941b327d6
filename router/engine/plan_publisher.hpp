// Hands immutable Plans from the control thread to the audio thread with one
// atomic pointer swap, and frees retired Plans on the control thread once the
// audio thread has provably moved past them.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "graph/plan.hpp"

namespace sy::router {

class PlanPublisher {
public:
    // What a retired Plan held on to: slots that become free with it.
    struct Retired {
        std::unique_ptr<graph::Plan> plan;
        std::vector<int> endpoint_slots;
        std::vector<int> route_slots;
    };

    PlanPublisher() = default;
    PlanPublisher(const PlanPublisher&) = delete;
    PlanPublisher& operator=(const PlanPublisher&) = delete;

    // Control thread. Publishes `plan` (release store) and retires the
    // previous one along with the slots that only it used.
    void publish(std::unique_ptr<graph::Plan> plan, std::vector<int> freed_endpoint_slots = {},
                 std::vector<int> freed_route_slots = {});

    // Control thread. Returns the retired entries the audio thread can no
    // longer be using; with `audio_stopped` (no audio thread runs) all of them.
    std::vector<Retired> reclaim(bool audio_stopped = false);

    // Audio thread only: one acquire load per cycle, then the Plan is used
    // for the whole cycle. Never null once something was published.
    const graph::Plan* acquire() {
        const graph::Plan* p = current_.load(std::memory_order_acquire);
        if (p) seen_generation_.store(p->generation, std::memory_order_release);
        return p;
    }

    // Control thread.
    const graph::Plan* current() const { return owned_.get(); }
    std::uint64_t seen_generation() const { return seen_generation_.load(std::memory_order_acquire); }
    std::size_t retired_count() const { return retired_.size(); }

private:
    std::atomic<const graph::Plan*> current_{nullptr};
    // The generation of the Plan the audio thread loaded last. Everything
    // retired before that Plan was published is no longer in use.
    std::atomic<std::uint64_t> seen_generation_{0};
    std::unique_ptr<graph::Plan> owned_;
    std::vector<Retired> retired_;
    std::uint64_t next_generation_ = 1;
};

} // namespace sy::router
