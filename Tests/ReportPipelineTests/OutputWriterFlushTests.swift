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
}
