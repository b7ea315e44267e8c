#if os(Linux)
    import CMalloc
#endif

/// Hands the allocator's free pages back to the system at the two points of a render where
/// most of what was allocated has just been freed: after the read (the file's blocks, each
/// round's decoded parts, the sort's buffers) and after the snapshot and analysis are released,
/// before validation (issue 7, peak RSS). Measured: 100k spans 87 → 82 MiB (validation was
/// that run's peak); no change in the larger runs, whose peak is the render phase.
///
/// Large blocks have their own mappings and go back when freed (`MemoryTuning`), but the
/// millions of small pieces of a read and an analysis live in glibc's per-thread heaps, whose
/// free pages stay resident: validation, which parses pages on every core, would otherwise
/// start from the analysis's high-water mark. `malloc_trim(0)` returns every free page of every
/// heap (`madvise`); it costs a few milliseconds and changes no output byte.
enum FreeMemory {
    static func returnToSystem() {
        #if os(Linux)
            _ = malloc_trim(0)
        #endif
    }
}
