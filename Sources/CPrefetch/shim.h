#ifndef CPREFETCH_SHIM_H
#define CPREFETCH_SHIM_H
/* A hint that memory at `address` will be read soon (GCC/Clang's __builtin_prefetch), for loops
   that jump between columns in an order the hardware prefetcher cannot guess. */
static inline void cprefetch(const void *address) { __builtin_prefetch(address, 0, 3); }
#endif
