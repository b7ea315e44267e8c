#if canImport(Glibc)
    import Glibc
#endif

/// Lets go of the process's mapped code between the phases of a render (issue 7, peak RSS).
///
/// The executable (with the Swift runtime and Foundation linked in) and its shared libraries are
/// mapped from their files, and every page of them a phase ran stays counted in the resident set
/// afterwards: the kernel maps 64 KB around each fault, so start-up, the reader, the analysis
/// and the renderer together left about 18 MiB of the executable and 6 MiB of libraries resident
/// at the 500k-span render's peak, most of it code the later phases never run again.
/// `madvise(MADV_DONTNEED)` on a mapping that nothing wrote into removes its pages from the
/// process; a page touched again is mapped back from the page cache, unchanged (a minor fault).
///
/// What this saves is resident file pages, not data: the pages stay in the page cache, where
/// the system could reclaim them anyway; the data's (anonymous) peak is the same. It is the
/// resident set that `ps`, `time -v` and the out-of-memory killer's score count. Released before
/// the read, after it, after the analysis, before the traces page's text and after the render
/// (12th pass, page cache dropped, alternating): 500k spans in a 180 MB file 84.0–84.5 →
/// 74.5–76.1 MiB, 100k 45.9–46.8 → 38.4–39.1 MiB; wall time the same within the runs' spread
/// (a release reads `smaps` and costs well under a millisecond; the pages faulted back are few).
///
/// Only mappings of files that hold code (at least one executable mapping) are released, and
/// of those only the ones that are not writable and hold no anonymous (copied-on-write) page,
/// resident or swapped out, by their `Anonymous:` and `Swap:` lines (a mapping missing either
/// is kept): a relocated read-only segment (RELRO) holds such pages, and dropping them would
/// bring back the file's unrelocated bytes. An input file mapped for reading is never touched. Output bytes
/// do not depend on it.
public enum CodePages {
    /// Releases every eligible mapping (see above); does nothing where `/proc/self/smaps` cannot
    /// be read.
    public static func release() {
        #if os(Linux)
            guard let text = readSmaps() else { return }
            for range in releasable(smaps: text) {
                _ = madvise(UnsafeMutableRawPointer(bitPattern: range.lowerBound), Int(range.upperBound - range.lowerBound), MADV_DONTNEED)
            }
        #endif
    }

    /// The address ranges of `smaps` (the text of `/proc/<pid>/smaps`) that `release` drops:
    /// mappings of a file with an executable mapping, neither writable nor holding anonymous pages
    /// (resident or swapped out).
    public static func releasable(smaps: String) -> [Range<UInt>] {
        struct Mapping {
            var range: Range<UInt>
            var permissions: Substring
            var path: Substring
            /// Resident and swapped-out anonymous KiB; nil until their lines are read (a mapping
            /// without them is kept: a copied page might be among its pages).
            var anonymousKiB: Int?
            var swapKiB: Int?
        }
        var mappings: [Mapping] = []
        for line in smaps.split(separator: "\n", omittingEmptySubsequences: true) {
            let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
            guard let first = fields.first else { continue }
            if first.hasSuffix(":") {
                // A field of the mapping above: `Anonymous:   12 kB`. Unreadable counts as copied
                // pages, so such a mapping is kept.
                guard first == "Anonymous:" || first == "Swap:", !mappings.isEmpty else { continue }
                let kib = fields.count > 1 ? Int(fields[1]) ?? 1 : 1
                if first == "Anonymous:" {
                    mappings[mappings.count - 1].anonymousKiB = kib
                } else {
                    mappings[mappings.count - 1].swapKiB = kib
                }
                continue
            }
            // A mapping's first line: `start-end perms offset dev inode [path]`.
            guard fields.count >= 5, let dash = first.firstIndex(of: "-"), let start = UInt(first[..<dash], radix: 16),
                let end = UInt(first[first.index(after: dash)...], radix: 16), start < end
            else { continue }
            let path = fields.count == 6 ? fields[5].drop(while: { $0 == " " }) : ""
            mappings.append(Mapping(range: start..<end, permissions: fields[1], path: path))
        }
        let codeFiles = Set(mappings.filter { $0.path.hasPrefix("/") && $0.permissions.contains("x") }.map(\.path))
        return mappings.filter {
            codeFiles.contains($0.path) && !$0.permissions.contains("w") && $0.anonymousKiB == 0 && $0.swapKiB == 0
        }.map(\.range)
    }

    #if os(Linux)
        /// `/proc/self/smaps` whole (it has no size to ask for: read until the end).
        static func readSmaps() -> String? {
            let fd = open("/proc/self/smaps", O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { return nil }
            defer { close(fd) }
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 64 << 10)
            while true {
                let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { break }
                bytes += chunk[0..<n]
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    #endif
}
