// Hands immutable objects (a port table, a set of bridges) from the control
// thread to one or more audio threads with one atomic pointer swap, and frees
// the replaced ones on the control thread once every audio thread that could
// hold one has provably moved past it: the same scheme as PlanPublisher, for
// several readers.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace sy::router {

template <typename T, std::size_t Readers>
class RtHandoff {
public:
    struct Acquired {
        T* value = nullptr;          // null before the first publish
        std::uint64_t generation = 0; // changes exactly when value is a newly published object
    };
    using Running = std::array<bool, Readers>;

    RtHandoff() = default;
    RtHandoff(const RtHandoff&) = delete;
    RtHandoff& operator=(const RtHandoff&) = delete;

    // Control thread. Publishes `next` (release store); the previous one is
    // retired until reclaim() finds it unused.
    void publish(std::unique_ptr<T> next) {
        auto entry = std::make_unique<Entry>(Entry{std::move(next), next_generation_++});
        current_.store(entry.get(), std::memory_order_release);
        if (owned_) retired_.push_back(std::move(owned_));
        owned_ = std::move(entry);
    }

    // Control thread. A reader marked not running must really be stopped
    // (its thread joined or its server gone), never merely idle.
    void reclaim(const Running& running) {
        std::vector<std::unique_ptr<Entry>> keep;
        for (auto& e : retired_) {
            if (!past(e->generation, running)) keep.push_back(std::move(e));
        }
        retired_ = std::move(keep);
    }

    // Control thread: every running reader has loaded the current object.
    bool seen_by_all(const Running& running) const {
        return !owned_ || past(owned_->generation - 1, running);
    }

    // Control thread.
    T* current() const { return owned_ ? owned_->value.get() : nullptr; }
    std::size_t retired_count() const { return retired_.size(); }

    // Audio thread `reader` only: one acquire load, used for the whole cycle.
    Acquired acquire(std::size_t reader) {
        Entry* e = current_.load(std::memory_order_acquire);
        if (!e) return {};
        seen_[reader].store(e->generation, std::memory_order_release);
        return {e->value.get(), e->generation};
    }

private:
    struct Entry {
        std::unique_ptr<T> value;
        std::uint64_t generation = 0;
    };

    // Whether every running reader has loaded something newer than generation g.
    bool past(std::uint64_t g, const Running& running) const {
        for (std::size_t r = 0; r < Readers; ++r) {
            if (running[r] && seen_[r].load(std::memory_order_acquire) <= g) return false;
        }
        return true;
    }

    std::atomic<Entry*> current_{nullptr};
    std::array<std::atomic<std::uint64_t>, Readers> seen_{};
    std::unique_ptr<Entry> owned_;
    std::vector<std::unique_ptr<Entry>> retired_;
    std::uint64_t next_generation_ = 1;
};

} // namespace sy::router
