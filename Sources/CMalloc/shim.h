#ifndef CMALLOC_SHIM_H
#define CMALLOC_SHIM_H
/* glibc's mallopt (not exported by Swift's Glibc module), to cap the mmap threshold. */
#if defined(__linux__)
#include <malloc.h>
#endif
#endif
