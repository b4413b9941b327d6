// The allocator and pthread_mutex_lock of this test program, wrapped so an
// armed thread's calls are counted. glibc exports __libc_malloc & co. for
// exactly this kind of interposition; the lock is forwarded through dlsym.
#include "alloc_counter.hpp"

#if !defined(SY_SANITIZED)

#include <dlfcn.h>
#include <pthread.h>

#include <cstdlib>
#include <new>

extern "C" {
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void* __libc_memalign(std::size_t, std::size_t);
void __libc_free(void*);
}

namespace {

thread_local bool armed = false;
thread_local sy::test::RtViolations counts;

using LockFn = int (*)(pthread_mutex_t*);
LockFn real_lock = nullptr;

void count_alloc() {
    if (armed) ++counts.allocations;
}

} // namespace

extern "C" {

void* malloc(std::size_t n) {
    count_alloc();
    return __libc_malloc(n);
}
void* calloc(std::size_t n, std::size_t m) {
    count_alloc();
    return __libc_calloc(n, m);
}
void* realloc(void* p, std::size_t n) {
    count_alloc();
    return __libc_realloc(p, n);
}
void free(void* p) {
    if (armed && p) ++counts.frees;
    __libc_free(p);
}
int posix_memalign(void** out, std::size_t align, std::size_t n) {
    count_alloc();
    *out = __libc_memalign(align, n);
    return *out ? 0 : 12; // ENOMEM
}
void* aligned_alloc(std::size_t align, std::size_t n) {
    count_alloc();
    return __libc_memalign(align, n);
}

int pthread_mutex_lock(pthread_mutex_t* m) {
    if (armed) ++counts.locks;
    if (!real_lock) real_lock = reinterpret_cast<LockFn>(dlsym(RTLD_NEXT, "pthread_mutex_lock"));
    return real_lock(m);
}

} // extern "C"

// operator new/delete go through malloc/free above in libstdc++, but a
// program may be linked against one that does not: replace them too.
void* operator new(std::size_t n) {
    void* p = malloc(n ? n : 1);
    if (!p) throw std::bad_alloc();
    return p;
}
void* operator new[](std::size_t n) { return operator new(n); }
void* operator new(std::size_t n, std::align_val_t a) {
    void* p = nullptr;
    if (posix_memalign(&p, static_cast<std::size_t>(a), n ? n : 1) != 0) throw std::bad_alloc();
    return p;
}
void* operator new[](std::size_t n, std::align_val_t a) { return operator new(n, a); }
void operator delete(void* p) noexcept { free(p); }
void operator delete[](void* p) noexcept { free(p); }
void operator delete(void* p, std::size_t) noexcept { free(p); }
void operator delete[](void* p, std::size_t) noexcept { free(p); }
void operator delete(void* p, std::align_val_t) noexcept { free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { free(p); }

namespace sy::test {

bool rt_hooks_installed() { return true; }

void arm_rt_counter() {
    // Resolve the real lock before arming: dlsym may allocate.
    if (!real_lock) real_lock = reinterpret_cast<LockFn>(dlsym(RTLD_NEXT, "pthread_mutex_lock"));
    counts = {};
    armed = true;
}

RtViolations disarm_rt_counter() {
    armed = false;
    return counts;
}

} // namespace sy::test

#else

namespace sy::test {
bool rt_hooks_installed() { return false; }
void arm_rt_counter() {}
RtViolations disarm_rt_counter() { return {}; }
} // namespace sy::test

#endif
