// The IoTable rows one driver fills from its published port table. When a
// newer table arrives, the rows of the previous one are cleared first, so a
// row no endpoint fills any more reads as "no data" rather than as another
// endpoint's stale buffers. Audio thread only; fixed size, no allocation.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "router/engine/io_table.hpp"

namespace sy::router {

class IoRows {
public:
    // `rows` has .rows, each with .slot; null before the first table.
    template <typename Table>
    void adopt(IoTable& io, const Table* table, std::uint64_t generation) {
        if (generation == generation_) return;
        for (std::size_t i = 0; i < count_; ++i) io.channel[static_cast<std::size_t>(slots_[i])] = {};
        count_ = 0;
        if (table) {
            for (const auto& row : table->rows) {
                if (count_ < slots_.size()) slots_[count_++] = row.slot;
            }
        }
        generation_ = generation;
    }

private:
    std::uint64_t generation_ = 0;
    std::array<int, kMaxEndpoints> slots_{};
    std::size_t count_ = 0;
};

} // namespace sy::router
