#ifndef CSCHEDULER_SHIM_H
#define CSCHEDULER_SHIM_H
/* The scheduler's affinity calls for `HelperThreads` (Linux's sched_getcpu, sched_getaffinity and
   sched_setaffinity; the cpu_set_t macros are not visible to Swift). Elsewhere they do nothing. */
#if defined(__linux__)
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <sched.h>

/* The core the calling thread is running on (-1 when it cannot be read). */
static inline int cscheduler_current_cpu(void) { return sched_getcpu(); }

/* How many cores the calling thread may run on (0 when it cannot be read). */
static inline int cscheduler_allowed_count(void) {
    cpu_set_t allowed;
    CPU_ZERO(&allowed);
    if (sched_getaffinity(0, sizeof allowed, &allowed) != 0) return 0;
    return CPU_COUNT(&allowed);
}

/* Moves the calling thread off the core `cpu` once, then lets it run on every core it was
   allowed again. Returns 1 when it moved the thread, 0 when there was nothing to do (one core
   allowed, `cpu` unknown or not allowed). */
static inline int cscheduler_leave_cpu(int cpu) {
    cpu_set_t allowed;
    CPU_ZERO(&allowed);
    if (cpu < 0 || cpu >= CPU_SETSIZE || sched_getaffinity(0, sizeof allowed, &allowed) != 0) return 0;
    if (!CPU_ISSET(cpu, &allowed) || CPU_COUNT(&allowed) < 2) return 0;
    cpu_set_t others = allowed;
    CPU_CLR(cpu, &others);
    if (sched_setaffinity(0, sizeof others, &others) != 0) return 0;
    sched_setaffinity(0, sizeof allowed, &allowed);
    return 1;
}
#else
static inline int cscheduler_current_cpu(void) { return -1; }
static inline int cscheduler_allowed_count(void) { return 0; }
static inline int cscheduler_leave_cpu(int cpu) { (void)cpu; return 0; }
#endif
#endif
