#if os(Linux)
    import CMalloc
#endif

/// Process-wide allocator settings, applied once at start (issue 7: peak memory).
///
/// glibc serves a block below its mmap threshold from the heap, and after a large mapped block is
/// freed it raises that threshold (up to 32 MiB), so once the first multi-megabyte buffers of a
/// render (input blocks, page texts, libxml2's copies) are freed, later buffers of that size come
/// from the heap and their pages stay resident. A fixed threshold gives every large buffer its
/// own mapping, returned to the system when it is freed. Measured on a 500k-span render: 4 MiB
/// took peak RSS from 205–214 to 184–191 MiB for about 2% more CPU time. 1 MiB (eleventh pass)
/// also maps the analysis's per-operation arrays (durations, ranks, groups: 0.4–1.6 MB each at
/// 100k spans an operation, two operations at once), whose freed pages stayed in the threads'
/// heaps: collector 500k 94.6–96.7 → 91.4–92.6 MiB, 2M 275.3–276.8 → 267.2–268.8 MiB, deep
/// traces 90.1–91.7 → 88.1–91.1 MiB; wide attributes, long lines and the simulated demo unchanged, and no
/// CPU difference within the runs' spread (4 alternating runs each). 512 KiB measured the same
/// as 1 MiB, 2 MiB between 1 and 4. Output bytes do not depend on it.
///
/// No fast bins (`M_MXFAST` 0, nineteenth pass): small blocks that miss the per-thread cache are
/// freed into the ordinary bins at once, instead of waiting in fast bins that each large request
/// and each `malloc_trim` (`FreeMemory`) first consolidates — `malloc_consolidate` alone was 1%
/// of a 500k-span render's CPU, and is gone (the frees cost a little more). Whole process,
/// alternating with the fast bins on, wall time: collector 500k 0.971×, 0.978× (set through
/// `GLIBC_TUNABLES`; 16 and 20 pairs), 1.004×, 0.981× (set here; 16 and 24 pairs), the simulated
/// demo 0.944× (8), collector 2M 0.992× (8): a gain of a percent or two, within each series'
/// spread; peak memory the same.
///
/// Free memory at the top of a heap is kept up to 8 MiB before it is handed back (`M_TRIM_THRESHOLD`,
/// twenty-first pass). Setting the mmap threshold fixes the trim threshold at glibc's default of
/// 128 KiB, and the threads' heaps were shrunk (`madvise`) about 2,500 times in a 500k-span render,
/// 670 MiB in all, only to be faulted in and zeroed again by the next arrays: page faults were
/// the largest single cost of a render (13% of its CPU samples, 84,000 faults against a peak of
/// 19,500 pages). With 8 MiB, 500k spans fault 18,000 fewer pages: whole process, alternating,
/// 20 pairs, CPU 0.964×, wall 0.970×, peak 76.0 → 80.2 MiB (0.41× the file, against the 0.5×
/// target; the other shapes of the benchmark within 3 MiB of before, 2M spans +1.5 MiB).
/// 4 MiB saved two thirds of that, 16 and 32 MiB no more faults for 10 MiB more peak. The
/// phases' `malloc_trim` (`FreeMemory`) still hands back everything free. Output bytes do not
/// depend on it.
public enum MemoryTuning {
    public static func apply() {
        #if os(Linux)
            _ = mallopt(M_MMAP_THRESHOLD, 1 << 20)
            _ = mallopt(M_MXFAST, 0)
            _ = mallopt(M_TRIM_THRESHOLD, 8 << 20)
        #endif
    }
}
