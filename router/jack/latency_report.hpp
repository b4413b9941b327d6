// What our JACK client tells JACK about its latency, through the latency
// callback as zita-ajbridge and Ardour do: in capture mode each of our
// output ports gets the capture latency of what feeds it plus our own part
// of the path; in playback mode each input port gets the playback latency
// of what it feeds plus our own part. The figures reach the callback (on
// JACK's notification thread) as an immutable table published through
// RtHandoff, so it never waits for the control thread.
#pragma once

#include <jack/jack.h>

#include <string>
#include <vector>

#include "graph/reported_latency.hpp"
#include "router/engine/rt_handoff.hpp"

namespace sy::router {

// One endpoint's ports and the paths through it, own parts in JACK frames.
struct JackLatencyRow {
    graph::EndpointLatency latency;
    std::vector<std::string> ports; // our ports' full names ("client:port"), in channel order
    bool operator==(const JackLatencyRow&) const = default;
};

class JackLatencyReport {
public:
    // Control thread. From now on the callback reports `rows` (every
    // endpoint that has ports on JACK) through `client`; false, and nothing
    // published, when that is what it reports already.
    bool publish(jack_client_t* client, std::vector<JackLatencyRow> rows);
    // Control thread. Frees the tables the callback has moved past; with
    // `client_open` false (no callback can run) all of them.
    void reclaim(bool client_open);

    // JACK's notification thread (the latency callback): sets the range in
    // `mode` of each of our ports that reports in it. Reads only the table
    // and JACK's own ranges; ports are found by name, so a port that has
    // gone since the table was made is skipped, never touched.
    void report(jack_latency_callback_mode_t mode);

private:
    struct Table {
        jack_client_t* client = nullptr; // published with the rows: the callback reads nothing else of ours
        std::vector<JackLatencyRow> rows;
    };
    // The range JACK knows in `mode` on the ports of endpoint `id`: a port
    // that feeds us (capture) or that we feed (playback); {0, 0} when `id`
    // is not on JACK.
    static graph::FrameRange known_range(const Table& table, const std::string& id, jack_latency_callback_mode_t mode);

    RtHandoff<Table, 1> table_;
};

} // namespace sy::router
