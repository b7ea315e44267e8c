import Testing

@testable import Vocabulary

#if canImport(Glibc)
    import Glibc
#endif

/// `CodePages`: which mappings it releases, and that releasing them really lowers the process's
/// resident code while the code keeps running.
struct CodePagesTests {
    /// A process's maps as the kernel writes them (fields padded with spaces, other lines between
    /// the mappings' first lines and their `Anonymous:` lines).
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
        Anonymous:           356 kB
        Swap:                  0 kB
        7f0000000000-7f0000400000 rw-p 00000000 00:00 0 
        Anonymous:          4096 kB
        Swap:                  0 kB
        7f1000000000-7f1000100000 r--p 00000000 08:01 99                         /data/traces.so.json
        Anonymous:             0 kB
        Swap:                  0 kB
        7f2000000000-7f2000020000 r--p 00000000 08:01 77                         /usr/lib/x86_64-linux-gnu/libxml2.so.2.9.14
        Anonymous:             0 kB
        Swap:                  0 kB
        7f2000020000-7f20000f0000 r-xp 00020000 08:01 77                         /usr/lib/x86_64-linux-gnu/libxml2.so.2.9.14
        Anonymous:             0 kB
        Swap:                  0 kB
        7f20000f0000-7f2000100000 r--p 000f0000 08:01 77                         /usr/lib/x86_64-linux-gnu/libxml2.so.2.9.14
        Anonymous:             8 kB
        Swap:                  0 kB
        7f3000000000-7f3000001000 r-xp 00000000 00:00 0                          [vdso]
        Anonymous:             0 kB
        Swap:                  0 kB
        7f4000000000-7f4000010000 r-xp 00000000 08:01 55                         /opt/lib/with space.so
        Anonymous:             0 kB
        Swap:                  0 kB
        """

    /// Read-only mappings of files with code, with no copied page; nothing writable, nothing
    /// anonymous, no data file (even one whose name looks like a library), no `[vdso]`.
    @Test func releasesOnlyCleanMappingsOfCodeFiles() {
        let ranges = CodePages.releasable(smaps: Self.smaps)
        #expect(
            ranges == [
                0x55d0_a000_0000..<0x55d0_a100_0000, 0x55d0_a100_0000..<0x55d0_a200_0000,
                0x7f20_0000_0000..<0x7f20_0002_0000, 0x7f20_0002_0000..<0x7f20_000f_0000,
                0x7f40_0000_0000..<0x7f40_0001_0000,
            ])
    }

    /// A relocated segment whose copied pages are all swapped out (`Anonymous: 0`, `Swap: 8`) is
    /// kept, and so is a mapping whose `Anonymous:` or `Swap:` line is missing or cannot be read;
    /// a code file whose path ends like a field (`kB`) is still a mapping.
    @Test func keepsWhatItCannotProveClean() {
        let text = """
            1000-2000 r-xp 00000000 08:01 1 /opt/libkB
            Anonymous:             0 kB
            Swap:                  0 kB
            2000-3000 r--p 00001000 08:01 1 /opt/libkB
            Anonymous:             0 kB
            Swap:                  8 kB
            3000-4000 r--p 00002000 08:01 1 /opt/libkB
            Anonymous:             0 kB
            4000-5000 r--p 00003000 08:01 1 /opt/libkB
            Swap:                  0 kB
            5000-6000 r--p 00004000 08:01 1 /opt/libkB
            Anonymous:   lots kB
            Swap:                  0 kB
            """
        #expect(CodePages.releasable(smaps: text) == [0x1000..<0x2000])
    }

    /// Text that is not smaps gives nothing.
    @Test func keepsWhatItCannotRead() {
        let garbled = """
            1000-2000 r-xp 00000000 08:01 1 /bin/x
            Anonymous:   lots kB
            Swap:        0 kB
            """
        #expect(CodePages.releasable(smaps: garbled).isEmpty)
        #expect(CodePages.releasable(smaps: "").isEmpty)
        #expect(CodePages.releasable(smaps: "not a map\nAnonymous: 0 kB\nzz-yy r-xp 0 0 0 /x\n").isEmpty)
    }

    #if os(Linux)
        /// In this process: the releasable mappings hold fewer resident pages after `release`,
        /// and the code released (this test's, the library's) still runs and gives the same answer.
        @Test func lowersResidentCodeAndKeepsRunning() throws {
            let before = try #require(CodePages.readSmaps())
            let ranges = CodePages.releasable(smaps: before)
            #expect(!ranges.isEmpty)
            let residentBefore = Self.residentKiB(in: ranges, smaps: before)
            CodePages.release()
            let after = try #require(CodePages.readSmaps())
            let residentAfter = Self.residentKiB(in: ranges, smaps: after)
            #expect(residentAfter < residentBefore, "\(residentBefore) KiB before, \(residentAfter) after")
            #expect(CodePages.releasable(smaps: Self.smaps).count == 5)
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
