import Foundation
import Testing

@testable import Vocabulary

#if canImport(Glibc)
    import Glibc
#endif

/// `CodePages`: which pages it may release (the loader's segments, inside the file mappings of
/// `maps`, with no anonymous or swapped page in `pagemap`), that
/// releasing them lowers the process's resident code while it keeps running, and that it is safe
/// while another thread loads and unloads libraries.
struct CodePagesTests {
    /// A process's smaps as the kernel writes them (fields padded with spaces, field lines after
    /// each mapping's line): `fileMappings` reads `maps`, whose lines are smaps's mapping lines,
    /// and passes over the fields.
    static let smaps = """
        55d0a0000000-55d0a1000000 r--p 00000000 08:01 1234                       /usr/bin/otel-report
        Size:              16384 kB
        Rss:                2048 kB
        Anonymous:             0 kB
        Swap:                  0 kB
        55d0a1000000-55d0a2000000 r-xp 01000000 08:01 1234                       /usr/bin/otel-report
        Rss:               12000 kB
        Anonymous:             0 kB
        Swap:                  0 kB
        55d0a2000000-55d0a2100000 r--p 02000000 08:01 1234                       /usr/bin/otel-report
        Anonymous:           672 kB
        Swap:                  0 kB
        55d0a2100000-55d0a2200000 rw-p 02100000 08:01 1234                       /usr/bin/otel-report
        Anonymous:             0 kB
        Swap:                  0 kB
        7f0000000000-7f0000400000 rw-p 00000000 00:00 0 
        Anonymous:          4096 kB
        Swap:                  0 kB
        7f1000000000-7f1000100000 r--p 00000000 08:01 99                         /data/with space.json
        Anonymous:             0 kB
        Swap:                  0 kB
        7f2000000000-7f2000020000 r--p 00000000 08:01 77                         /usr/lib/x86_64-linux-gnu/libxml2.so.2.9.14
        Anonymous:             0 kB
        Swap:                  0 kB
        7f2000020000-7f20000f0000 r-xp 00020000 08:01 77                         /usr/lib/x86_64-linux-gnu/libxml2.so.2.9.14
        Anonymous:             0 kB
        Swap:                  8 kB
        7f20000f0000-7f2000100000 r--p 000f0000 08:01 77                         /usr/lib/x86_64-linux-gnu/libxml2.so.2.9.14
        Anonymous:             0 kB
        7f3000000000-7f3000001000 r-xp 00000000 00:00 0                          [vdso]
        Anonymous:             0 kB
        Swap:                  0 kB
        7f4000000000-7f4000010000 r--s 00000000 00:05 0                          /dev/zero (deleted)
        Anonymous:             0 kB
        Swap:                  0 kB
        """

    /// File mappings with an inode, not writable, in address order, whatever their fields say
    /// (anonymous and swapped pages are `pagemap`'s to tell): not a clean writable one, not an
    /// anonymous mapping, not `[vdso]`, not a mapping without an inode; a path with a space is
    /// read whole.
    @Test func findsFileMappings() {
        #expect(
            CodePages.fileMappings(maps: Self.smaps) == [
                0x55d0_a000_0000..<0x55d0_a100_0000, 0x55d0_a100_0000..<0x55d0_a200_0000, 0x55d0_a200_0000..<0x55d0_a210_0000,
                0x7f10_0000_0000..<0x7f10_0010_0000, 0x7f20_0000_0000..<0x7f20_0002_0000, 0x7f20_0002_0000..<0x7f20_000f_0000,
                0x7f20_000f_0000..<0x7f20_0010_0000,
            ])
        // The same from `maps` itself (no field lines), and in address order when it is not.
        let maps = """
            7f2000000000-7f2000020000 r--p 00000000 08:01 77   /usr/lib/libxml2.so.2
            55d0a0000000-55d0a1000000 r-xp 00000000 08:01 1234 /usr/bin/otel-report
            55d0a2100000-55d0a2200000 rw-p 02100000 08:01 1234 /usr/bin/otel-report
            """
        #expect(CodePages.fileMappings(maps: maps) == [0x55d0_a000_0000..<0x55d0_a100_0000, 0x7f20_0000_0000..<0x7f20_0002_0000])
    }

    /// Lines that do not parse are left out; text that is not maps gives nothing.
    @Test func keepsWhatItCannotRead() {
        let text = """
            zz-yy r-xp 00000000 08:01 1 /bin/x
            3000-2000 r-xp 00000000 08:01 1 /bin/x
            4000-5000 r-xp 00000000 08:01
            5000-6000 r-xp 00000000 08:01 1 /bin/x
            """
        #expect(CodePages.fileMappings(maps: text) == [0x5000..<0x6000])
        #expect(CodePages.fileMappings(maps: "").isEmpty)
        #expect(CodePages.fileMappings(maps: "not a map\nAnonymous: 0 kB\n").isEmpty)
    }

    /// The fields read in place, as splitting the line at runs of spaces reads them: random lines
    /// of maps' fields and others (upper-case and overlong hex, no path, inode `00`, extra spaces).
    @Test func readsEachFieldAsSplittingTheLineWould() {
        func bySplitting(_ line: String) -> Range<UInt>? {
            let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
            guard fields.count >= 5, let dash = fields[0].firstIndex(of: "-"),
                fields[0][..<dash].allSatisfy(\.isHexDigit), fields[0][fields[0].index(after: dash)...].allSatisfy(\.isHexDigit),
                let low = UInt(fields[0][..<dash], radix: 16), let high = UInt(fields[0][fields[0].index(after: dash)...], radix: 16),
                low < high
            else { return nil }
            let path = fields.count == 6 ? fields[5].drop(while: { $0 == " " }) : ""
            return path.hasPrefix("/") && !fields[1].contains("w") && fields[4] != "0" ? low..<high : nil
        }
        let addresses = ["5000-6000", "7F00-7FFF", "6000-5000", "10000000000000000-20000000000000000", "-10", "10-", "a-b-c", "x-y"]
        let pieces = [
            ["r-xp", "rw-p", "r--s"], ["00000000", "0"], ["08:01", "00:00"], ["0", "00", "1234"],
            ["/bin/x", "[vdso]", "", "/a b (deleted)"],
        ]
        var random = SplitMix64(seed: 5)
        for _ in 0..<5000 {
            var line = (random.next() % 4 == 0 ? "  " : "") + addresses[Int(random.next() % UInt64(addresses.count))]
            for options in pieces.prefix(Int(3 + random.next() % 3)) {
                line += String(repeating: " ", count: Int(1 + random.next() % 3)) + options[Int(random.next() % UInt64(options.count))]
            }
            var bytes = line
            let read = bytes.withUTF8 { CodePages.fileMapping($0) }
            #expect(read == bySplitting(line), "\(line)")
        }
    }

    /// `pagemap` entries: a range is clean when no page is present and anonymous (present, not a
    /// file page) and none is swapped out; pages not present, and file pages, are clean.
    @Test func cleanPagemapEntries() {
        let present: UInt64 = 1 << 63, swapped: UInt64 = 1 << 62, file: UInt64 = 1 << 61
        func clean(_ entries: [UInt64]) -> Bool { entries.withUnsafeBufferPointer { CodePages.isClean($0) } }
        #expect(clean([]))
        #expect(clean([0, present | file, present | file | 0x1234, 0]))
        #expect(!clean([present | file, present]))
        #expect(!clean([0, swapped]))
        #expect(!clean([swapped | file]))
        #expect(!clean([present | 0x55]))
    }

    /// Segments that are not writable, rounded inward to pages (by their bytes in the file), less
    /// every page touching the relocated part; writable segments never.
    @Test func releasableRangesOfAnObject() {
        let page: UInt = 0x1000, base: UInt = 0x10000
        let segments = [
            CodePages.Segment(address: 0x0, fileSize: 0x1234, writable: false),
            CodePages.Segment(address: 0x2100, fileSize: 0x3000, writable: false),
            CodePages.Segment(address: 0x6000, fileSize: 0x2000, writable: true),
            CodePages.Segment(address: 0x9000, fileSize: 0x800, writable: false),
        ]
        #expect(
            CodePages.releasableRanges(base: base, segments: segments, relro: nil, pageSize: page) == [
                0x10000..<0x11000, 0x13000..<0x15000,
            ])
        // A relocated part inside a read-only segment splits it.
        let wide = [CodePages.Segment(address: 0x0, fileSize: 0x6000, writable: false)]
        #expect(
            CodePages.releasableRanges(base: base, segments: wide, relro: 0x1800..<0x2200, pageSize: page) == [
                0x10000..<0x11000, 0x13000..<0x16000,
            ])
        #expect(CodePages.releasableRanges(base: base, segments: wide, relro: 0x0..<0x6000, pageSize: page).isEmpty)
    }

    /// Coverage by sorted ranges, adjacent ranges joining, a gap or an end failing it.
    @Test func coverage() {
        let sorted: [Range<UInt>] = [0x1000..<0x3000, 0x3000..<0x5000, 0x8000..<0x9000]
        #expect(CodePages.isCovered(0x1000..<0x5000, by: sorted))
        #expect(CodePages.isCovered(0x2000..<0x4000, by: sorted))
        #expect(CodePages.isCovered(0x8000..<0x9000, by: sorted))
        #expect(!CodePages.isCovered(0x4000..<0x8001, by: sorted))
        #expect(!CodePages.isCovered(0x9000..<0x9001, by: sorted))
        #expect(!CodePages.isCovered(0x0..<0x1000, by: sorted))
        #expect(!CodePages.isCovered(0x1000..<0x2000, by: []))
    }

    #if os(Linux)
        /// In this process: something is released, the clean file mappings hold fewer resident
        /// pages after it, and the code released (this test's, the library's) still runs.
        ///
        /// Other tests run in this process at the same time and fault code back in between the
        /// release and the second reading (a CI run once read 6,760 KiB before and 9,336 after),
        /// so the release is measured up to five times and must lower the count in one of them.
        @Test func lowersResidentCodeAndKeepsRunning() throws {
            var released = 0, residentBefore = 0, residentAfter = 0
            for _ in 0..<5 {
                let before = try #require(CodePages.readText("/proc/self/smaps"))
                residentBefore = Self.residentKiB(in: CodePages.fileMappings(maps: before), smaps: before)
                released = CodePages.release()
                let after = try #require(CodePages.readText("/proc/self/smaps"))
                residentAfter = Self.residentKiB(in: CodePages.fileMappings(maps: before), smaps: after)
                if released > 0 && residentAfter < residentBefore { break }
            }
            #expect(released > 0)
            #expect(residentAfter < residentBefore, "\(residentBefore) KiB before, \(residentAfter) after")
        }

        /// This kernel's `pagemap` tells a page copied on write from a file page: a private
        /// mapping of a file, read, is clean; once a page is written it is not; a page never
        /// touched is clean.
        @Test func pagemapTellsCopiedPagesFromFilePages() throws {
            let page = Int(sysconf(Int32(_SC_PAGESIZE)))
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("codepages-\(getpid()).bin").path
            try Data(repeating: 7, count: 3 * page).write(to: URL(fileURLWithPath: path))
            defer { unlink(path) }
            let fd = open(path, O_RDONLY)
            try #require(fd >= 0)
            defer { close(fd) }
            let raw = try #require(mmap(nil, 3 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0))
            try #require(raw != MAP_FAILED)
            defer { munmap(raw, 3 * page) }
            let pagemap = open("/proc/self/pagemap", O_RDONLY)
            try #require(pagemap >= 0)
            defer { close(pagemap) }
            let context = CodePages.Context(files: [], pagemap: pagemap, pageSize: UInt(page))
            let base = UInt(bitPattern: raw)
            let bytes = raw.assumingMemoryBound(to: UInt8.self)
            #expect(bytes[0] == 7 && bytes[page] == 7)
            #expect(context.isClean(base..<(base + UInt(2 * page))))
            bytes[page] = 8
            #expect(!context.isClean(base..<(base + UInt(2 * page))))
            #expect(context.isClean(base..<(base + UInt(page))))
            #expect(context.isClean((base + UInt(2 * page))..<(base + UInt(3 * page))))
        }

        /// Releases while another thread loads and unloads a library, over and over: a release
        /// must never catch a library between its mappings (it once could, and undid the
        /// relocations of the library being loaded, which crashed `dlopen`).
        @Test func safeWhileLibrariesLoad() throws {
            let name = ["libthread_db.so.1", "libanl.so.1"].first { name in
                guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) else { return false }
                dlclose(handle)
                return true
            }
            let library = try #require(name, "glibc ships libthread_db.so.1 and libanl.so.1")
            let stop = Flag()
            let loads = Flag()
            let loader = Thread {
                while !stop.isSet {
                    guard let handle = dlopen(library, RTLD_NOW | RTLD_LOCAL) else { continue }
                    loads.count += 1
                    dlclose(handle)
                }
                stop.done()
            }
            loader.start()
            for _ in 0..<100 { CodePages.release() }
            stop.set()
            stop.waitDone()
            #expect(loads.count > 0)
        }

        /// A flag and a counter shared with the loading thread.
        final class Flag: @unchecked Sendable {
            private let lock = NSCondition()
            private var flag = false, finished = false, value = 0
            var isSet: Bool {
                lock.lock()
                defer { lock.unlock() }
                return flag
            }
            var count: Int {
                get {
                    lock.lock()
                    defer { lock.unlock() }
                    return value
                }
                set {
                    lock.lock()
                    value = newValue
                    lock.unlock()
                }
            }
            func set() {
                lock.lock()
                flag = true
                lock.unlock()
            }
            func done() {
                lock.lock()
                finished = true
                lock.broadcast()
                lock.unlock()
            }
            func waitDone() {
                lock.lock()
                while !finished { lock.wait() }
                lock.unlock()
            }
        }

        /// The `Rss:` of the mappings that start at one of `ranges`' starts.
        static func residentKiB(in ranges: [Range<UInt>], smaps: String) -> Int {
            let starts = Set(ranges.map(\.lowerBound))
            var total = 0, counting = false
            for line in smaps.split(separator: "\n") {
                if let dash = line.firstIndex(of: "-"), let start = UInt(line[..<dash], radix: 16), line.contains(" ") {
                    counting = starts.contains(start)
                } else if counting && line.hasPrefix("Rss:") {
                    total += line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Int($0) } ?? 0
                }
            }
            return total
        }
    #endif
}
