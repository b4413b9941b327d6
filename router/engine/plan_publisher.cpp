#include "router/engine/plan_publisher.hpp"

namespace sy::router {

void PlanPublisher::publish(std::unique_ptr<graph::Plan> plan, std::vector<int> freed_endpoint_slots,
                            std::vector<int> freed_route_slots) {
    // control thread only
    plan->generation = next_generation_++;
    current_.store(plan.get(), std::memory_order_release);
    retired_.push_back({std::move(owned_), std::move(freed_endpoint_slots), std::move(freed_route_slots)});
    owned_ = std::move(plan);
}

std::vector<PlanPublisher::Retired> PlanPublisher::reclaim(bool audio_stopped) {
    // control thread only
    const std::uint64_t seen = seen_generation();
    std::vector<Retired> done;
    std::vector<Retired> keep;
    for (auto& r : retired_) {
        // A retired Plan (or the empty slot before the first) of generation g
        // was replaced by g + 1; once the audio thread has loaded g + 1 or
        // later it will never load g again.
        const std::uint64_t g = r.plan ? r.plan->generation : 0;
        if (audio_stopped || seen > g) {
            done.push_back(std::move(r));
        } else {
            keep.push_back(std::move(r));
        }
    }
    retired_ = std::move(keep);
    return done;
}

} // namespace sy::router
