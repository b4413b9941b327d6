// A single-producer single-consumer ring of trivially copyable items with
// bulk reads and writes: the one queue type for every link between threads
// (audio samples across a bridge, commands in, meters and status out).
//
// Why our own and not jack_ringbuffer: dsp/ must not depend on libjack (it
// also runs under PipeWire and offline), and jack_ringbuffer counts bytes
// with plain size_t and its own barriers, where this counts items with C++
// atomics that ThreadSanitizer understands. Boost.Lockfree's spsc_queue is
// the other well-known choice; it would add Boost for ~80 lines. The ring is
// stress-tested under TSan in tests/dsp/spsc_ring_test.cpp.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstring>
#include <memory>
#include <new>
#include <type_traits>

namespace sy::dsp {

template <typename T>
class SpscRing {
    static_assert(std::is_trivially_copyable_v<T>, "items are copied with memcpy");

public:
    // Control thread: allocates. Capacity is rounded up to a power of two.
    explicit SpscRing(std::size_t min_capacity) {
        capacity_ = 1;
        while (capacity_ < min_capacity) capacity_ <<= 1;
        items_ = std::make_unique<T[]>(capacity_);
    }

    std::size_t capacity() const { return capacity_; }

    // Either side; exact for the caller's own end, a lower bound otherwise.
    std::size_t readable() const {
        return write_.load(std::memory_order_acquire) - read_.load(std::memory_order_acquire);
    }
    std::size_t writable() const { return capacity_ - readable(); }

    // Producer only. Writes up to `count` items; returns how many fit.
    std::size_t write(const T* src, std::size_t count) {
        const std::size_t w = write_.load(std::memory_order_relaxed);
        const std::size_t r = read_.load(std::memory_order_acquire);
        const std::size_t n = std::min(count, capacity_ - (w - r));
        copy_in(w, src, n);
        write_.store(w + n, std::memory_order_release);
        return n;
    }

    // Consumer only. Reads up to `count` items; returns how many there were.
    std::size_t read(T* dst, std::size_t count) {
        const std::size_t r = read_.load(std::memory_order_relaxed);
        const std::size_t w = write_.load(std::memory_order_acquire);
        const std::size_t n = std::min(count, w - r);
        copy_out(r, dst, n);
        read_.store(r + n, std::memory_order_release);
        return n;
    }

    // Consumer only. Drops up to `count` items without reading them.
    std::size_t skip(std::size_t count) {
        const std::size_t r = read_.load(std::memory_order_relaxed);
        const std::size_t n = std::min(count, write_.load(std::memory_order_acquire) - r);
        read_.store(r + n, std::memory_order_release);
        return n;
    }

    bool push(const T& item) { return write(&item, 1) == 1; }
    bool pop(T& item) { return read(&item, 1) == 1; }

private:
    void copy_in(std::size_t pos, const T* src, std::size_t n) {
        if (n == 0) return;
        const std::size_t at = pos & (capacity_ - 1);
        const std::size_t first = std::min(n, capacity_ - at);
        std::memcpy(items_.get() + at, src, first * sizeof(T));
        std::memcpy(items_.get(), src + first, (n - first) * sizeof(T));
    }
    void copy_out(std::size_t pos, T* dst, std::size_t n) const {
        if (n == 0) return;
        const std::size_t at = pos & (capacity_ - 1);
        const std::size_t first = std::min(n, capacity_ - at);
        std::memcpy(dst, items_.get() + at, first * sizeof(T));
        std::memcpy(dst + first, items_.get(), (n - first) * sizeof(T));
    }

    std::size_t capacity_ = 0;
    std::unique_ptr<T[]> items_;
    // Positions only grow (wrapping at 2^64); each on its own cache line so
    // the two threads do not share one.
    alignas(64) std::atomic<std::size_t> write_{0};
    alignas(64) std::atomic<std::size_t> read_{0};
};

} // namespace sy::dsp
