// Flush-to-zero and denormals-are-zero for the calling thread. A decaying
// filter or reverb tail (and an LV2 plugin's) reaches denormal floats, which
// the x86 FPU handles in microcode a hundred times slower: an audio callback
// must never meet them. Set at the start of every cycle: the check is one
// register read, and a server may hand us a new thread after a restart.
#pragma once

#include <cstdint>

#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>
#endif

namespace sy::dsp {

#if defined(__x86_64__) || defined(__i386__)
inline constexpr unsigned kFtzDaz = 0x8040; // MXCSR: FTZ is bit 15, DAZ bit 6
inline void denormals_off() {
    const unsigned csr = _mm_getcsr();
    if ((csr & kFtzDaz) != kFtzDaz) _mm_setcsr(csr | kFtzDaz);
}
inline bool denormals_are_off() { return (_mm_getcsr() & kFtzDaz) == kFtzDaz; }
#elif defined(__aarch64__)
inline constexpr std::uint64_t kFpcrFz = std::uint64_t{1} << 24; // FPCR.FZ flushes inputs and outputs
inline void denormals_off() {
    std::uint64_t fpcr = 0;
    asm volatile("mrs %0, fpcr" : "=r"(fpcr));
    if (!(fpcr & kFpcrFz)) asm volatile("msr fpcr, %0" : : "r"(fpcr | kFpcrFz));
}
inline bool denormals_are_off() {
    std::uint64_t fpcr = 0;
    asm volatile("mrs %0, fpcr" : "=r"(fpcr));
    return (fpcr & kFpcrFz) != 0;
}
#else
inline void denormals_off() {}
inline bool denormals_are_off() { return false; }
#endif

} // namespace sy::dsp
