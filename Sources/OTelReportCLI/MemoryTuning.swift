import Vocabulary

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
/// as 1 MiB, 2 MiB between 1 and 4. Output bytes do not depend on it. (`HeapReuse` holds the
/// threshold, and raises it during the analysis, forty-sixth pass.)
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
/// Transparent huge pages (forty-second pass) cannot be asked of glibc from here: its
/// `glibc.malloc.hugetlb=1` (malloc advises huge pages for its mapped blocks and its heap) is
/// read only from `GLIBC_TUNABLES` when the process starts. So the executable's start-up
/// (`Sources/CStartup`, before `main`) starts a `render`, `inspect` or `validate` of 64 MiB of
/// input or more again with it set: collector 500k next to the peer 0.938× the wall time and
/// 0.932× the CPU time (16 pairs), deep traces 0.948×, 2M spans 0.901×; 100k spans 0.979×
/// (within its spread), hence the threshold. Peak +1.5–2.5 MiB. Starting again costs 2.9 ms.
public enum MemoryTuning {
    public static func apply() {
        #if os(Linux)
            HeapReuse.mapLargeBlocks()
            _ = mallopt(M_MXFAST, 0)
        #endif
    }
}
