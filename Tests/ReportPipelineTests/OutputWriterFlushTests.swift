import Foundation
import Testing

@testable import ReportPipeline

/// `OutputWriter`'s flush: one `syncfs` for the staging folder's file system, then each file
/// asked for its own write-back error (Linux), or each file's `fsync`.
@Suite struct OutputWriterFlushTests {
    @Test func aWrittenFileFlushesBothWaysAndAMissingOneIsNamed() throws {
        let work = try PipelineFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let file = work.appendingPathComponent("page.html")
        try Data("<p>x</p>".utf8).write(to: file)
        let writer = OutputWriter()
        #if os(Linux)
            #expect(writer.syncFileSystem(of: work.path))
        #else
            #expect(!writer.syncFileSystem(of: work.path))
        #endif
        #expect(!writer.syncFileSystem(of: work.path + "/missing"), "a folder that is not there flushes nothing")
        for flushed in [true, false] {
            try writer.flush(file.path, target: "r", name: "page.html", flushed: flushed)
            let error = #expect(throws: OutputWriter.Failure.self) {
                try writer.flush(work.path + "/gone.html", target: "r", name: "gone.html", flushed: flushed)
            }
            #expect(error.map { "\($0)" }?.contains("cannot reopen gone.html") == true, "\(String(describing: error))")
        }
    }

    /// Parts larger than one call's share (`writeChunk`) and parts that end inside or exactly at
    /// a share's end are written whole and in order.
    @Test func partsLongerThanOneWriteAreWrittenWholeAndInOrder() throws {
        let work = try PipelineFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        #expect(OutputWriter.writeChunk <= 1 << 20, "2 MiB calls get 2 MiB page-cache folios (see writeChunk)")
        let chunk = OutputWriter.writeChunk
        let sizes = [2 * chunk + 3, 0, 1, chunk, chunk - 1, 17]
        // Each part a different repeating pattern, so a part written twice, out of order or short shows.
        let letters = "abcdefghijklmnopqrstuvwxyz"
        let parts = sizes.enumerated().map { k, n in
            let pattern = String(letters.dropFirst(k + 1)) + String(letters.prefix(k + 1))
            return String(String(repeating: pattern, count: n / 26 + 1).prefix(n))
        }
        let file = work.appendingPathComponent("page.html")
        let fd = open(file.path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o644)
        #expect(fd >= 0)
        try OutputWriter().writeAll(parts, to: fd, target: "r", name: "page.html")
        close(fd)
        let written = try Data(contentsOf: file)
        #expect(written.count == sizes.reduce(0, +))
        #expect(written == Data(parts.joined().utf8))
    }
}
