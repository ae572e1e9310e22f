// spin_pause: the CPU's "I am spinning" hint, for the short waits of the channel and the
// pool before they fall back to sleeping. One helper so both spin the same way on every
// architecture: the hint lets a sibling hyper-thread run and saves power, and, unlike
// std::this_thread::yield, it is no system call (a spin of a few hundred tries made of
// yields would cost a few hundred system calls).
#pragma once

#if defined(_MSC_VER) && (defined(_M_X64) || defined(_M_IX86))
#include <intrin.h>
#endif

namespace taskfit::detail {

inline void spin_pause() noexcept {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(_MSC_VER) && (defined(_M_X64) || defined(_M_IX86))
    _mm_pause();
#elif defined(__aarch64__)
    // isb, not yield: yield does nothing on many cores, while isb stalls for about as
    // long as x86's pause (Rust's spin_loop hint made the same choice).
    __asm__ __volatile__("isb" ::: "memory");
#elif defined(__GNUC__)
    // No hint every core of the architecture has: a compiler barrier, so the spin stays a
    // loop of fresh reads.
    __asm__ __volatile__("" ::: "memory");
#endif
}

}  // namespace taskfit::detail
