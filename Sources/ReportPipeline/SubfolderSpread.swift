#if canImport(Glibc)
    import Glibc
#endif

/// Marks a folder as the top of a hierarchy for ext4's inode allocator (`FS_TOPDIR_FL`, `chattr
/// +T`), so that folders made inside it are placed in block groups of their own instead of
/// beside it; and takes the mark off again.
///
/// Why: on ext4 without a journal (as on the machines the benchmark runs on), creating a file
/// looks at every free inode of its folder's block group that was freed in the last minute (or
/// five, while its inode table is unwritten) and passes it over (`recently_deleted`), so a render
/// into the target of an earlier one pays for every file that earlier reports freed in that
/// group. Rendering the 500k-span benchmark file again and again into one target, creating the
/// staged files took 0.2–1.1% of the run's CPU time in the benchmark's folder and 2–3.5% (9.6%
/// in /tmp, after a few hundred renders) in others; with the traces' pages in a group of their
/// own (and `SiteStaging` naming their folder afresh each run), 0.1–0.5%. Elsewhere the mark
/// does nothing or is refused, and a refusal is ignored: only where files are placed depends on
/// it, never their bytes.
enum SubfolderSpread {
    #if os(Linux)
        private static let getFlags = UInt(0x8008_6601)  // FS_IOC_GETFLAGS
        private static let setFlags = UInt(0x4008_6602)  // FS_IOC_SETFLAGS
        private static let topOfHierarchy: CLong = 0x0002_0000  // FS_TOPDIR_FL
    #endif

    /// Whether the open folder `fd` has the mark; nil where its flags cannot be read.
    static func isMarked(_ fd: Int32) -> Bool? {
        #if os(Linux)
            var flags: CLong = 0
            guard fd >= 0, ioctl(fd, getFlags, &flags) == 0 else { return nil }
            return flags & topOfHierarchy != 0
        #else
            return nil
        #endif
    }

    /// Sets (`on`) or clears the mark on the open folder `fd`; whether the folder now has it.
    @discardableResult
    static func mark(_ fd: Int32, _ on: Bool) -> Bool {
        #if os(Linux)
            var flags: CLong = 0
            guard fd >= 0, ioctl(fd, getFlags, &flags) == 0 else { return false }
            var wanted = on ? flags | topOfHierarchy : flags & ~topOfHierarchy
            if wanted != flags && ioctl(fd, setFlags, &wanted) != 0 { return flags & topOfHierarchy != 0 }
            return on
        #else
            return false
        #endif
    }
}
