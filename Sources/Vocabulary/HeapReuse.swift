#if os(Linux)
    import CMalloc
#endif

/// glibc's threshold for giving a large block a mapping of its own, and the one stretch of a
/// render where freed large blocks are better kept and used again (issue 7: speed, against the
/// peak memory that the threshold is there for).
///
/// Outside `during`, a block of `mappedFrom` bytes or more is mapped on its own and handed back
/// to the system when it is freed (`MemoryTuning`, which sets it at start, says why). The
/// analysis, though, makes and frees such blocks by the hundred — per-operation durations,
/// ranks, groups and sort buffers of 1–4 MiB, one operation after another on each core — and
/// each new mapping is faulted in and zeroed a page at a time: at 500k spans the analysis took
/// 17–18k page faults, and zeroing fresh pages was 7% of a render's samples. During it, blocks
/// below `reusedMappedFrom` come from the heaps, and a heap keeps up to `reusedTrimFrom` free at
/// its top, so the next operation's arrays reuse the last one's pages. After it, the trim that
/// follows the analysis (`FreeMemory`) hands back the free pages of every heap and the main
/// heap's top; a thread's heap keeps its top until its next large free, when glibc trims it
/// against the usual threshold again. The render's peak was measured no higher than the
/// analysis's.
///
/// Measured in the forty-sixth pass (Documentation/SpeedHistory.md), the whole process next to
/// the peer, alternating with the thresholds unchanged: collector 500k 0.937–0.971× wall (three
/// series of 10 pairs), peak 78 → 80–84 MiB; 2M 0.951× at 225 → 235 MiB; one trace a line
/// 0.971×, 20 services × 3 pods 0.979×, 60 services 0.991× (8 pairs each); the simulated demo
/// the same time and peak. 32 MiB blocks with a 64 MiB trim threshold measured
/// about the same time at 96 MiB, 8 MiB with 16 MiB at 95 MiB; 2 MiB with 8 MiB, and an 8 MiB
/// trim threshold alone, gained less (0.97×). The same settings during the read, or the
/// render, gained nothing more. Output bytes do not depend on them.
public enum HeapReuse {
    /// The threshold outside `during`: blocks of 1 MiB or more are mapped on their own.
    public static let mappedFrom: Int32 = 1 << 20
    /// During `during`: blocks of 4 MiB or more are mapped on their own…
    static let reusedMappedFrom: Int32 = 4 << 20
    /// …and a heap trims its top only once 8 MiB of it is free.
    static let reusedTrimFrom: Int32 = 8 << 20
    /// glibc's own trim threshold (`DEFAULT_TRIM_THRESHOLD`), which a fixed mmap threshold
    /// leaves fixed.
    static let trimFrom: Int32 = 128 << 10

    /// A glibc threshold `during` sets.
    enum Setting: Equatable {
        /// `M_MMAP_THRESHOLD`: blocks of this many bytes or more are mapped on their own.
        case mappedFrom(Int32)
        /// `M_TRIM_THRESHOLD`: a heap's top is handed back once this many bytes of it are free.
        case trimFrom(Int32)
    }

    /// Sets the threshold of blocks mapped on their own (`mappedFrom`); at start, before any
    /// large block (`MemoryTuning`).
    public static func mapLargeBlocks() {
        apply(.mappedFrom(mappedFrom))
    }

    /// `body`, with large blocks up to `reusedMappedFrom` taken from and kept in the heaps;
    /// the thresholds are set back after it. Called between phases, with no other thread at
    /// work (glibc's thresholds are process-wide), and followed by a trim
    /// (`FreeMemory.returnToSystem`): glibc maps a block on its own only when no heap has room
    /// for it, so until the free space kept meanwhile is handed back, later blocks still use it.
    public static func during<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        try during(setting: apply, body)
    }

    /// `during`, with each setting made by `set` (glibc's `mallopt` in a run; the tests record
    /// them: what glibc then does with a block depends on what its heaps hold free, which in a
    /// test process shared with other tests nothing pins down).
    static func during<T, E: Error>(setting set: (Setting) -> Void, _ body: () throws(E) -> T) throws(E) -> T {
        set(.mappedFrom(reusedMappedFrom))
        set(.trimFrom(reusedTrimFrom))
        defer {
            set(.mappedFrom(mappedFrom))
            set(.trimFrom(trimFrom))
        }
        return try body()
    }

    /// Makes `setting` with `mallopt` (nothing where glibc is not the allocator).
    static func apply(_ setting: Setting) {
        #if os(Linux)
            switch setting {
            case .mappedFrom(let bytes): _ = mallopt(M_MMAP_THRESHOLD, bytes)
            case .trimFrom(let bytes): _ = mallopt(M_TRIM_THRESHOLD, bytes)
            }
        #endif
    }
}
