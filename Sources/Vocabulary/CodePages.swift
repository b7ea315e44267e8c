#if os(Linux)
    import CLoader
    import Glibc
#endif

/// Lets go of the process's mapped code between the phases of a render (issue 7, peak RSS).
///
/// The executable (with the Swift runtime and Foundation linked in) and its shared libraries are
/// mapped from their files, and every page of them a phase ran stays counted in the resident set
/// afterwards: on a fault the kernel maps the cached pages of a 64 KB window around it
/// (`fault_around_bytes`), so start-up, the reader, the analysis and the renderer together left
/// about 18 MiB of the executable and 6 MiB of libraries resident at the 500k-span render's peak,
/// most of it code the later phases never run again. `madvise(MADV_DONTNEED)` on a private file
/// mapping that nothing wrote into removes its pages from the process (madvise(2)); a page touched
/// again is mapped back from the page cache with the same bytes (a minor fault, or a read from
/// disk if the cache dropped it meanwhile).
///
/// What this saves is resident file pages, not data: the pages stay in the page cache, where the
/// system could reclaim them anyway, so the machine's memory use and a container's cgroup memory
/// (`memory.current`) do not change, and the data's (anonymous) peak is the same. It is the
/// resident set that `ps`, `ru_maxrss` (`/usr/bin/time`) and the out-of-memory killer's score
/// count, and what the target measures. Released before the read, after it, after the
/// analysis, before the traces page's text and after the render (twelfth pass, page cache
/// dropped, alternating): 500k spans in a 180 MB file 84.0–84.5 → 74.5–76.1 MiB, 100k 45.9–46.8
/// → 38.4–39.1 MiB; wall time the same within the runs' spread.
///
/// What is released, and why it is safe with other threads running and loading libraries:
/// - The ranges come from the dynamic loader's own list of loaded objects (`dl_iterate_phdr`),
///   and are released inside its callback: glibc lists an object only once all its segments are
///   mapped and relocated, and holds the lock `dlclose` needs to unmap one, so a library being
///   loaded or unloaded on another thread is never touched (a list read from `maps` alone could
///   catch a library between its mappings, and a release then undid its relocations: the review
///   of this change reproduced that crash).
/// - Of each object, the loaded segments that are not writable, less its relocated read-only
///   part (`PT_GNU_RELRO`), rounded inward to whole pages; an object with text relocations is
///   skipped whole.
/// - And of those, only ranges inside mappings of a file that `/proc/self/maps` lists as not
///   writable, and only a range none of whose pages `/proc/self/pagemap` shows as anonymous
///   (present but not a file page) or swapped out (the kernel's pagemap.rst, bits 61–63); a
///   range it cannot read is kept. A page a debugger or uprobe wrote into is copied, hence
///   anonymous, and its range kept; one written between that read and the release is lost, as
///   with any `MADV_DONTNEED` of code.
///
/// Until the twenty-first pass the anonymous and swapped pages were read per mapping from
/// `/proc/self/smaps`, which walks the page tables of every mapping, the heaps' included: at 500k
/// spans reading it was two thirds of the five releases' CPU time (16 ms of a render's CPU under
/// `perf` at 20 kHz, each release on one core between two phases that use both), and more at 2M.
/// `pagemap` is read for the releasable ranges only, and `maps` walks no page table.
/// Output bytes do not depend on it.
public enum CodePages {
    /// Releases the eligible pages (see above); the bytes released (0 where `maps`, `pagemap` or
    /// the loader's list cannot be read).
    @discardableResult
    public static func release() -> Int {
        #if os(Linux)
            guard let text = readText("/proc/self/maps") else { return 0 }
            let pagemap = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC)
            guard pagemap >= 0 else { return 0 }
            defer { close(pagemap) }
            let context = Context(
                files: fileMappings(maps: text), pagemap: pagemap, pageSize: UInt(max(4096, sysconf(Int32(_SC_PAGESIZE)))))
            return withExtendedLifetime(context) {
                _ = cloader_iterate_phdr(
                    { info, _, data -> Int32 in
                        guard let info, let data else { return 0 }
                        Unmanaged<Context>.fromOpaque(data).takeUnretainedValue().release(info.pointee)
                        return 0
                    }, Unmanaged.passUnretained(context).toOpaque())
                return context.released
            }
        #else
            return 0
        #endif
    }

    /// A loaded segment, as its program header gives it (addresses before the load bias).
    struct Segment: Equatable, Sendable {
        var address: UInt
        /// Bytes backed by the file (`p_filesz`): a read-only segment's tail past them is not.
        var fileSize: UInt
        var writable: Bool
    }

    /// The page ranges of an object loaded at `base` that may be released: its segments that are
    /// not writable, rounded inward to pages, less every page touching `relro`.
    static func releasableRanges(base: UInt, segments: [Segment], relro: Range<UInt>?, pageSize: UInt) -> [Range<UInt>] {
        var out: [Range<UInt>] = []
        for s in segments where !s.writable && s.fileSize > 0 {
            let low = roundUp(base &+ s.address, pageSize), high = roundDown(base &+ s.address &+ s.fileSize, pageSize)
            guard low < high else { continue }
            guard let relro else {
                out.append(low..<high)
                continue
            }
            let cutLow = roundDown(base &+ relro.lowerBound, pageSize), cutHigh = roundUp(base &+ relro.upperBound, pageSize)
            if low < min(high, cutLow) { out.append(low..<min(high, cutLow)) }
            if max(low, cutHigh) < high { out.append(max(low, cutHigh)..<high) }
        }
        return out
    }

    /// The address ranges of `maps` (the text of `/proc/<pid>/maps`, or of `smaps`, whose
    /// mapping lines are the same and whose field lines are passed over) that are mappings of a
    /// file with an inode, not writable; sorted. A line it cannot read is left out (and its
    /// mapping kept).
    ///
    /// Read as bytes, a line at a time, each field where it lies: making each line a `String` and
    /// splitting it into `Substring`s cost about 4 M instructions a release on a render's `maps`
    /// (a line for each of its large buffers), a millisecond or two on one core between phases
    /// that use both, five times a render (issue 7).
    static func fileMappings(maps: String) -> [Range<UInt>] {
        var found: [Range<UInt>] = []
        var text = maps
        text.withUTF8 { bytes in
            var start = 0
            while start < bytes.count {
                let end = ByteSearch.first(0x0A, in: bytes.baseAddress!, start..<bytes.count) ?? bytes.count
                defer { start = end + 1 }
                // Fields of `smaps` (`Rss:`, `VmFlags:`) start with a capital letter.
                guard end > start, !(0x41...0x5A).contains(bytes[start]) else { continue }
                if let range = fileMapping(UnsafeBufferPointer(rebasing: bytes[start..<end])) { found.append(range) }
            }
        }
        return found.sorted { $0.lowerBound < $1.lowerBound }
    }

    /// The addresses of one `maps` line, `start-end perms offset dev inode [path]` (fields
    /// separated by runs of spaces, the path the rest of the line), when it maps a file (a path
    /// starting with `/`, an inode other than `0`) that is not writable; nil for any other line.
    static func fileMapping(_ line: UnsafeBufferPointer<UInt8>) -> Range<UInt>? {
        let space = UInt8(ascii: " ")
        var i = 0
        func skipSpaces() { while i < line.count && line[i] == space { i += 1 } }
        /// The next field, after any spaces.
        func field() -> Range<Int>? {
            skipSpaces()
            let start = i
            while i < line.count && line[i] != space { i += 1 }
            return i > start ? start..<i : nil
        }
        guard let addresses = field(), let perms = field(), field() != nil, field() != nil, let inode = field() else { return nil }
        guard let dash = line[addresses].firstIndex(of: UInt8(ascii: "-")),
            let low = hexNumber(line[addresses.lowerBound..<dash]), let high = hexNumber(line[(dash + 1)..<addresses.upperBound]),
            low < high
        else { return nil }
        skipSpaces()
        let isFile = i < line.count && line[i] == UInt8(ascii: "/")
        let writable = line[perms].contains(UInt8(ascii: "w"))
        let noInode = inode.count == 1 && line[inode.lowerBound] == UInt8(ascii: "0")
        return isFile && !writable && !noInode ? low..<high : nil
    }

    /// A hexadecimal number of one or more digits (either case) that fits a `UInt`.
    private static func hexNumber(_ digits: Slice<UnsafeBufferPointer<UInt8>>) -> UInt? {
        guard !digits.isEmpty else { return nil }
        var value: UInt = 0
        for byte in digits {
            guard let digit = HexDigit.value(byte) else { return nil }
            let (shifted, overflow) = value.multipliedReportingOverflow(by: 16)
            guard !overflow else { return nil }
            value = shifted | UInt(digit)
        }
        return value
    }

    /// Whether a range whose pages have these `pagemap` entries may be released: none present
    /// and anonymous (bit 63 set, bit 61, a file page, clear) and none swapped out (bit 62). A
    /// page not present is mapped back from the file when touched.
    static func isClean(_ entries: UnsafeBufferPointer<UInt64>) -> Bool {
        let present: UInt64 = 1 << 63, swapped: UInt64 = 1 << 62, file: UInt64 = 1 << 61
        for e in entries where e & swapped != 0 || (e & present != 0 && e & file == 0) { return false }
        return true
    }

    /// Whether `sorted` (ranges in address order, not overlapping) covers every byte of `range`.
    static func isCovered(_ range: Range<UInt>, by sorted: [Range<UInt>]) -> Bool {
        var at = range.lowerBound
        // The first range ending after `at`, by binary search.
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid].upperBound <= at { lo = mid + 1 } else { hi = mid }
        }
        var k = lo
        while at < range.upperBound {
            guard k < sorted.count, sorted[k].lowerBound <= at else { return false }
            at = sorted[k].upperBound
            k += 1
        }
        return true
    }

    static func roundUp(_ x: UInt, _ page: UInt) -> UInt { (x &+ page &- 1) / page * page }
    static func roundDown(_ x: UInt, _ page: UInt) -> UInt { x / page * page }

    #if os(Linux)
        /// What the loader's callback needs, and what it released.
        final class Context {
            /// `fileMappings` of `/proc/self/maps`.
            let files: [Range<UInt>]
            /// `/proc/self/pagemap`, open for reading.
            let pagemap: Int32
            let pageSize: UInt
            var released = 0
            /// A range's `pagemap` entries, the buffer kept for the next range.
            var entries: [UInt64] = []

            init(files: [Range<UInt>], pagemap: Int32, pageSize: UInt) {
                self.files = files
                self.pagemap = pagemap
                self.pageSize = pageSize
            }

            /// Whether `pagemap` reads whole for `range` (whole pages) and shows it clean
            /// (`CodePages.isClean`).
            func isClean(_ range: Range<UInt>) -> Bool {
                let pages = Int((range.upperBound - range.lowerBound) / pageSize)
                if entries.count < pages { entries = [UInt64](repeating: 0, count: pages) }
                let offset = Int(range.lowerBound / pageSize) * 8
                return entries.withUnsafeMutableBufferPointer { buffer in
                    guard DescriptorRead.fill(pagemap, buffer.baseAddress!, pages * 8, at: offset) == pages * 8 else { return false }
                    return CodePages.isClean(UnsafeBufferPointer(rebasing: buffer[0..<pages]))
                }
            }

            /// Releases the eligible pages of one loaded object (inside `dl_iterate_phdr`).
            func release(_ info: cloader_phdr_info) {
                guard let headers = info.phdr, info.phnum > 0 else { return }
                var segments: [Segment] = []
                var relro: Range<UInt>?
                for h in UnsafeBufferPointer(start: headers, count: Int(info.phnum)) {
                    switch h.type {
                    case Elf.load:
                        segments.append(Segment(address: UInt(h.vaddr), fileSize: UInt(h.filesz), writable: h.flags & Elf.writable != 0))
                    case Elf.relocatedReadOnly:
                        relro = UInt(h.vaddr)..<(UInt(h.vaddr) + UInt(h.memsz))
                    case Elf.dynamic:
                        if Self.hasTextRelocations(UnsafePointer(bitPattern: UInt(info.addr) &+ UInt(h.vaddr))) { return }
                    default:
                        break
                    }
                }
                for range in CodePages.releasableRanges(base: UInt(info.addr), segments: segments, relro: relro, pageSize: pageSize)
                where CodePages.isCovered(range, by: files) && isClean(range) {
                    let bytes = Int(range.upperBound - range.lowerBound)
                    if madvise(UnsafeMutableRawPointer(bitPattern: range.lowerBound), bytes, MADV_DONTNEED) == 0 { released += bytes }
                }
            }

            /// Whether a dynamic section asks for text relocations (`DT_TEXTREL`, or `DF_TEXTREL` in
            /// `DT_FLAGS`); true when it cannot be read.
            static func hasTextRelocations(_ dynamic: UnsafePointer<cloader_dyn>?) -> Bool {
                guard var entry = dynamic else { return true }
                while entry.pointee.tag != Elf.null {
                    if entry.pointee.tag == Elf.textRelocations { return true }
                    if entry.pointee.tag == Elf.flags && entry.pointee.value & Elf.flagTextRelocations != 0 { return true }
                    entry += 1
                }
                return false
            }
        }

        /// The ELF constants read (elf.h: `PT_LOAD`, `PT_DYNAMIC`, `PT_GNU_RELRO`, `PF_W`,
        /// `DT_NULL`, `DT_TEXTREL`, `DT_FLAGS`, `DF_TEXTREL`).
        enum Elf {
            static let load: UInt32 = 1, dynamic: UInt32 = 2, relocatedReadOnly: UInt32 = 0x6474_e552
            static let writable: UInt32 = 2
            static let null: Int64 = 0, textRelocations: Int64 = 22, flags: Int64 = 30
            static let flagTextRelocations: UInt64 = 4
        }

        /// A file of `/proc` whole, as text (`DescriptorRead.readAll`); nil when it cannot be
        /// opened or read.
        static func readText(_ path: String) -> String? {
            DescriptorRead.readAll(path, chunk: 64 << 10).map { String(decoding: $0, as: UTF8.self) }
        }
    #endif
}
