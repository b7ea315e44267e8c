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
    static func throughPipe<T>(_ bytes: [UInt8], _ body: (String) throws -> T) rethrows -> T {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        let (readEnd, writeEnd) = (ends[0], ends[1])
        let written = DispatchSemaphore(value: 0)
        let writer = Thread {
            defer { written.signal() }
            bytes.withUnsafeBytes { raw in
                var done = 0
                while done < raw.count {
                    let n = write(writeEnd, raw.baseAddress! + done, raw.count - done)
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
