#include "router/memory_lock.hpp"

#include <sys/mman.h>
#include <sys/resource.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace sy::router {
namespace {

#ifndef MCL_ONFAULT
#define MCL_ONFAULT 4 // Linux 4.4; older headers lack the name
#endif

MemoryLock lock_now() {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    // The sanitizers map terabytes of shadow memory; locking it is neither
    // possible nor what those builds are for.
    return {false, "memory not locked (sanitizer build)"};
#else
    if (const char* no = std::getenv("SWITCHYARD_NO_MLOCK"); no && *no && std::strcmp(no, "0") != 0) {
        return {false, "memory not locked (SWITCHYARD_NO_MLOCK is set)"};
    }
    rlimit limit{};
    getrlimit(RLIMIT_MEMLOCK, &limit);
    if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_max == RLIM_INFINITY) {
        limit.rlim_cur = RLIM_INFINITY; // the hard limit allows it (root, or @audio in limits.conf)
        setrlimit(RLIMIT_MEMLOCK, &limit);
        getrlimit(RLIMIT_MEMLOCK, &limit);
    }
    const bool unlimited = limit.rlim_cur == RLIM_INFINITY;
    const int flags = MCL_CURRENT | MCL_ONFAULT | (unlimited ? MCL_FUTURE : 0);
    if (mlockall(flags) == 0) {
        return {true, unlimited ? "memory locked (now and as it grows)" : "memory locked (what is mapped at start)"};
    }
    const int err = errno;
    return {false, "memory not locked: " + std::string(std::strerror(err)) + " (RLIMIT_MEMLOCK " +
                       (unlimited ? std::string("unlimited") : std::to_string(limit.rlim_cur / 1024) + " KiB") +
                       "; give the user memlock unlimited as for JACK, e.g. @audio - memlock unlimited)"};
#endif
}

} // namespace

const MemoryLock& lock_memory() {
    static const MemoryLock once = lock_now();
    return once;
}

} // namespace sy::router
