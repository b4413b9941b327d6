// What a server driver's audio callback walks each cycle: a row per endpoint
// with the server's handle of each channel's port, published whole through an
// RtHandoff so that the callback never sees a port being added or removed.
// `Port` is the driver's own handle (jack_port_t*, a PipeWire port's data),
// so this stays free of any server's headers.
#pragma once

#include <array>
#include <vector>

#include "graph/model.hpp"
#include "router/engine/io_table.hpp"

namespace sy::router {

template <typename Port>
struct PortRow {
    int slot = 0;      // the IoTable row this endpoint fills
    int channels = 0;  // ports[0, channels) are set
    bool input = true; // true: audio flows from the server into Switchyard
    std::array<Port, graph::kMaxChannels> ports{};
};

template <typename Port>
struct PortTable {
    std::vector<PortRow<Port>> rows;
};

// Audio thread: points every row's IoTable cells at this cycle's buffers.
// `buffer_of(port, input)` is the server's own call for a port's buffer
// (null: the port has none this cycle).
template <typename Port, typename BufferOf>
void point_io_at(IoTable& io, const PortTable<Port>* table, BufferOf buffer_of) {
    if (!table) return;
    for (const auto& row : table->rows) {
        auto& cells = io.channel[static_cast<std::size_t>(row.slot)];
        for (int c = 0; c < row.channels; ++c) {
            cells[static_cast<std::size_t>(c)] = buffer_of(row.ports[static_cast<std::size_t>(c)], row.input);
        }
    }
}

} // namespace sy::router
