// The one way anything reaches an audio thread: immutable objects (a Plan,
// a port table, a set of crossings) handed from the control thread to one
// or more audio threads with one atomic pointer swap. The replaced object is
// retired and freed on the control thread once every audio thread that could
// hold it has provably moved past it: each reader records the generation it
// loaded last, and generations only grow.
//
// A publish may leave something behind with the object it replaces (a
// `Leftover`: slots only that object used, crossings only it pointed at);
// reclaim() hands it back when that object is freed, so its owner can reuse
// or free it knowing no audio thread can reach it any more.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <variant>
#include <vector>

namespace sy::router {

template <typename T, std::size_t Readers, typename Leftover = std::monostate>
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

    // Control thread. The current object's generation (0 before the first
    // publish): it grows by one with every publish.
    std::uint64_t current_generation() const { return owned_ ? owned_->generation : 0; }

    // Control thread. Publishes `next` (release store); the previous object
    // is retired, with `leftover`, until reclaim() finds it unused.
    std::uint64_t publish(std::unique_ptr<T> next, Leftover leftover = {}) {
        auto entry = std::make_unique<Entry>(Entry{std::move(next), next_generation_++, {}});
        current_.store(entry.get(), std::memory_order_release);
        // The slot before the first publish retires too: its leftover is
        // handed back like any other.
        if (!owned_) owned_ = std::make_unique<Entry>();
        owned_->leftover = std::move(leftover);
        retired_.push_back(std::move(owned_));
        owned_ = std::move(entry);
        return owned_->generation;
    }

    // Control thread. Frees the retired objects no running reader can hold,
    // and returns what was left with them. A reader marked not running must
    // really be stopped (its thread joined or its server gone), never merely
    // idle.
    std::vector<Leftover> reclaim(const Running& running) {
        std::vector<Leftover> done;
        std::vector<std::unique_ptr<Entry>> keep;
        for (auto& e : retired_) {
            if (past(e->generation, running)) {
                done.push_back(std::move(e->leftover));
            } else {
                keep.push_back(std::move(e));
            }
        }
        retired_ = std::move(keep);
        return done;
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
        std::uint64_t generation = 0; // 0: the empty slot before the first publish
        Leftover leftover;            // handed back when this entry is freed
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
