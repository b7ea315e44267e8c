import BackendClients
import Foundation
import Testing
import Vocabulary

@testable import ReportPipeline

/// `ArchiveWriter`: a fetch folder written whole, its files at most one write's share a call.
@Suite struct ArchiveWriterTests {
    /// A file larger than one call's share (`OutputWriter.writeChunk`) is written whole, and a
    /// later archive replaces the earlier one.
    @Test func largeFilesAreWrittenWholeAndAnEarlierArchiveIsReplaced() throws {
        let work = try PipelineFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let target = work.appendingPathComponent("archive").path
        let size = 2 * OutputWriter.writeChunk + 5
        // Random bytes, so that a share written twice or out of place shows.
        var random = SplitMix64(seed: 7)
        let big = Data((0..<size).map { _ in UInt8(truncatingIfNeeded: random.next()) })
        try ArchiveWriter.write([(FetchArchive.manifestName, Data("{}".utf8)), ("traces/big.json", big)], to: target)
        #expect(try Data(contentsOf: URL(fileURLWithPath: target + "/traces/big.json")) == big)
        try ArchiveWriter.write([(FetchArchive.manifestName, Data("{}".utf8)), ("small.json", Data("x".utf8))], to: target)
        #expect(!FileManager.default.fileExists(atPath: target + "/traces/big.json"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: target + "/small.json")) == Data("x".utf8))
    }

    /// A file that cannot be created is named with the system's reason, and nothing is left.
    @Test func aFileThatCannotBeCreatedIsNamedAndNothingIsLeft() throws {
        let work = try PipelineFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let target = work.appendingPathComponent("archive").path
        // "x" is a folder once "x/y" is written, so "x" cannot be created as a file.
        let error = #expect(throws: ArchiveWriter.Failure.self) {
            try ArchiveWriter.write([("x/y", Data("1".utf8)), ("x", Data("2".utf8))], to: target)
        }
        #expect(error?.description.contains("cannot create") == true, "\(String(describing: error))")
        #expect(error?.description.hasSuffix("/x: Is a directory") == true, "\(String(describing: error))")
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path).isEmpty)
    }
}
