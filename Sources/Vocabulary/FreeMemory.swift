#if os(Linux)
    import CMalloc
#endif

/// Hands the allocator's free pages back to the system at the points of a render where much of
/// what was allocated has just been freed (issue 7, peak RSS):
/// - after the read (the file's blocks, each round's decoded parts, the sort's buffers);
/// - after the analysis and its findings (their working arrays), before the render;
/// - after the trace page's span chunks are merged and encoded, before its columns are joined,
///   and after those columns are built, before its text — the largest single allocation of a
///   render — is made;
/// - after the snapshot and analysis are released, before validation.
///
/// Large blocks have their own mappings and go back when freed (`MemoryTuning`), but the
/// millions of small pieces of a read and an analysis live in glibc's per-thread heaps, whose
/// free pages stay resident, and the trace page's multi-megabyte buffers are new mappings that
/// cannot reuse them: at 2M spans 42 MiB of the heaps was free when the page's text was made.
/// Measured, alternating, peak RSS: 2M spans 318–347 → 301–314 MiB; 500k 125.6–127.5 →
/// 115.8–118.2 MiB; wall time within the noise. `malloc_trim(0)` returns every free page of
/// every heap (`madvise`); it costs a few milliseconds and changes no output byte.
public enum FreeMemory {
    public static func returnToSystem() {
        #if os(Linux)
            _ = malloc_trim(0)
        #endif
    }
}
