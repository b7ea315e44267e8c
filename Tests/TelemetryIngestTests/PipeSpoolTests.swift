import Foundation
import TestSupport
import Testing

@testable import TelemetryIngest

/// A pipe given as an input is read to its end into memory, or copied to an unlinked file when
/// it could be streamed; every byte arrives either way, whatever happens to the copy.
@Suite struct PipeSpoolTests {
    /// `bytes` written into a pipe by a thread of their own; `body` gets the pipe's path
    /// (`/proc/self/fd/N`, as `<(…)` gives `/dev/fd/N`). `bytes` beyond what `body` reads must
    /// fit in the pipe (64 KiB).
    static func throughPipe<T>(_ bytes: [UInt8], pausing: Bool = false, _ body: (String) throws -> T) rethrows -> T {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        let (readEnd, writeEnd) = (ends[0], ends[1])
        let written = DispatchSemaphore(value: 0)
        let writer = Thread {
            defer { written.signal() }
            bytes.withUnsafeBytes { raw in
                var done = 0
                while done < raw.count {
                    // Pausing: pieces of 3,000 bytes a millisecond apart, so the reader catches up.
                    if pausing && done > 0 { usleep(1000) }
                    let n = write(writeEnd, raw.baseAddress! + done, pausing ? min(3000, raw.count - done) : raw.count - done)
                    if n <= 0 { break }
                    done += n
                }
            }
            close(writeEnd)
        }
        writer.start()
        // The read end stays open until the writer is done (a body that stops reading early
        // reads little enough for the pipe to hold the rest).
        defer {
            written.wait()
            close(readEnd)
        }
        return try body("/proc/self/fd/\(readEnd)")
    }

    /// Bytes no two windows of which are alike, so a byte out of place is seen.
    static func data(_ count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
    }

    /// That `content` is `bytes`, read into memory.
    static func expectInMemory(_ content: PipeSpool.Content?, _ bytes: [UInt8]) throws {
        guard case .memory(let got) = try #require(content) else {
            Issue.record("not in memory")
            return
        }
        let same = got == bytes
        #expect(same)
    }

    /// Everything in the spool file `fd`.
    static func spooled(_ fd: Int32, size: Int) -> [UInt8] {
        var back = [UInt8](repeating: 0, count: size + 1)
        let n = back.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, 0) }
        close(fd)
        return Array(back.prefix(max(0, n)))
    }

    /// A pipe that ends within its first bytes, or whose first bytes could not be streamed, is
    /// read into memory, and no copy is asked for.
    @Test(arguments: [(count: 3000, streamable: true), (count: 50_000, streamable: false)])
    func aShortOrUnstreamablePipeIsKeptInMemory(_ input: (count: Int, streamable: Bool)) throws {
        let bytes = Self.data(input.count)
        let content = Self.throughPipe(bytes) { path in
            PipeSpool.read(
                path, prefix: 4096, chunk: 1000,
                spool: {
                    Issue.record("no copy wanted")
                    return nil
                }, spools: { _ in input.streamable })
        }
        try Self.expectInMemory(content, bytes)
    }

    @Test func aPipeGoingOnIsCopiedToAnUnlinkedFileWhenItCouldBeStreamed() throws {
        let folder = try TestFiles.temporaryDirectory(prefix: "pipe-spool")
        defer { try? FileManager.default.removeItem(at: folder) }
        for count in [4097, 10_000, 300_001] {
            let bytes = Self.data(count)
            var prefixSeen = 0
            let content = Self.throughPipe(bytes) { path in
                PipeSpool.read(
                    path, prefix: 4096, chunk: 777, spool: { PipeSpool.makeSpool(in: folder.path) },
                    spools: { prefix in
                        prefixSeen = prefix.count
                        return true
                    })
            }
            #expect(prefixSeen == 4096)
            guard case .spooled(let fd, let size) = try #require(content) else {
                Issue.record("\(count): not copied")
                continue
            }
            #expect(size == count)
            let same = Self.spooled(fd, size: size) == bytes
            #expect(same, "\(count)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
        }
    }

    /// No folder to copy into, or a copy whose writes fail (`/dev/full`: no space left): every
    /// byte is read into memory instead, those read for the failed write included.
    @Test func aCopyThatCannotBeMadeOrWrittenLeavesThePipeInMemory() throws {
        let bytes = Self.data(200_000)
        #expect(PipeSpool.makeSpool(in: "/nonexistent-folder-for-pipe-spool") == nil)
        let spools: [() -> Int32?] = [
            { PipeSpool.makeSpool(in: "/nonexistent-folder-for-pipe-spool") },
            { open("/dev/full", O_RDWR) },
        ]
        for spool in spools {
            let content = Self.throughPipe(bytes) { path in
                PipeSpool.read(path, prefix: 4096, chunk: 1 << 14, spool: spool, spools: { _ in true })
            }
            try Self.expectInMemory(content, bytes)
        }
    }

    /// Plain OTLP JSON Lines (`overlaps`) going on past `overlapFrom` bytes is copied that far,
    /// then the rest by a thread of its own: each window waits until the copy holds all its
    /// bytes (the writer here pauses between pieces), so every window but the last is whole and
    /// they add up to the pipe; the copy ends as a file of every byte, already unlinked.
    @Test func aPipeGoingOnIsReadWhileItIsCopied() throws {
        let folder = try TestFiles.temporaryDirectory(prefix: "pipe-spool")
        defer { try? FileManager.default.removeItem(at: folder) }
        let bytes = Self.data(300_001)
        let (content, windows, outcome) = Self.throughPipe(bytes, pausing: true) { path in
            let content = PipeSpool.read(
                path, prefix: 4096, chunk: 777, spool: { PipeSpool.makeSpool(in: folder.path) }, spools: { _ in true },
                overlapFrom: 10_000, overlaps: { _ in true })
            guard case .copying(let copy) = content else { return (content, [StreamWindow](), SpoolCopy.Outcome?.none) }
            var windows: [StreamWindow] = []
            var at = 0
            while let window = copy.window(from: at, count: 5000) {
                windows.append(window)
                at = window.bytes.count + at
                if window.atEnd { break }
            }
            let outcome = copy.finish()
            close(copy.spool)
            return (content, windows, outcome)
        }
        guard case .copying = try #require(content) else {
            Issue.record("not read while copied: \(String(describing: content))")
            return
        }
        #expect(windows.dropLast().allSatisfy { $0.bytes.count == 5000 && !$0.atEnd })
        #expect(windows.last?.atEnd == true && windows.last?.bytes.count == 1)
        let same = windows.flatMap { Array($0.bytes) } == bytes
        #expect(same)
        guard case .spooled(let size) = outcome else {
            Issue.record("\(String(describing: outcome))")
            return
        }
        #expect(size == bytes.count)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    /// A copy read while it is made whose writes fail (`/dev/full`): what it wrote (nothing
    /// here) and the rest of the pipe end in memory, and a window past what it holds is nil, so
    /// the reader gives up and the caller decodes those bytes.
    @Test func aCopyReadWhileMadeWhoseWritesFailEndsInMemory() throws {
        let bytes = Self.data(100_000)
        let full = open("/dev/full", O_RDWR)
        try #require(full >= 0)
        defer { close(full) }
        let (outcome, window) = Self.throughPipe(bytes) { path in
            let copy = SpoolCopy(pipe: open(path, O_RDONLY), spool: full, written: 0, chunk: 1000)
            return (copy.finish(), copy.window(from: 0, count: 10))
        }
        #expect(window == nil)
        guard case .memory(let got) = outcome else {
            Issue.record("\(outcome)")
            return
        }
        let same = got == bytes
        #expect(same)
    }

    /// The copy's two ways to stop: a failed write says how much got in and hands back the rest.
    @Test func aFailedWriteSaysWhatWasWrittenAndWhatWasNot() throws {
        let full = open("/dev/full", O_WRONLY)
        try #require(full >= 0)
        defer { close(full) }
        let first = Self.data(5000)
        let outcome = Self.throughPipe(Self.data(100)) { path in
            let fd = open(path, O_RDONLY)
            defer { close(fd) }
            return PipeSpool.copy(first, then: fd, to: full, chunk: 64)
        }
        guard case .writeFailed(let written, let pending) = outcome else {
            Issue.record("\(outcome)")
            return
        }
        #expect(written == 0)
        let same = pending == first
        #expect(same)
    }
}
