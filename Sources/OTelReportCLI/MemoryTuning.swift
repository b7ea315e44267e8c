#if os(Linux)
    import CMalloc
#endif

/// Process-wide allocator settings, applied once at start (issue 7: peak memory).
///
/// glibc serves a block below its mmap threshold from the heap, and after a large mapped block is
/// freed it raises that threshold (up to 32 MiB), so once the first multi-megabyte buffers of a
/// render (input blocks, page texts, libxml2's copies) are freed, later buffers of that size come
/// from the heap and their pages stay resident. A fixed 4 MiB threshold gives every large buffer
/// its own mapping, returned to the system when it is freed. Measured on a 500k-span render:
/// peak RSS 205–214 → 184–191 MiB for about 2% more CPU time. Output bytes do not depend on it.
public enum MemoryTuning {
    public static func apply() {
        #if os(Linux)
            _ = mallopt(M_MMAP_THRESHOLD, 4 << 20)
        #endif
    }
}
