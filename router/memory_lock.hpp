// Keeps the engine's pages in RAM, as JACK clients and DAWs do: a page the
// kernel reclaimed (under memory pressure, or by proactive reclaim such as
// DAMON's, which this machine's kernel runs) costs the audio thread that
// next touches it a fault and a disk read, an xrun or a bridge running dry.
#pragma once

#include <string>

namespace sy::router {

struct MemoryLock {
    bool locked = false;
    std::string how; // one line for the start-up report: what was locked, or why not
};

// Once per process (later calls return the first answer). Locks what is
// mapped now and, when RLIMIT_MEMLOCK allows any amount, what is mapped later,
// each page once it is first touched (MCL_ONFAULT: a thread's unused stack
// costs nothing). With a finite limit future mappings stay unlocked, so that
// an allocation never fails against the limit.
const MemoryLock& lock_memory();

} // namespace sy::router
