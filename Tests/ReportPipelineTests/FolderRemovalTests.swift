import Foundation
import Testing

@testable import ReportPipeline

#if canImport(Glibc)
    import Glibc
#endif

/// `FolderRemoval` removes a folder whole, from several threads when it holds many files,
/// without following links out of it.
@Suite struct FolderRemovalTests {
    /// A folder `r` in a new work folder with `count` files in `traces/`, three at its top, an
    /// empty folder, a folder two deep, and links to a file and a folder outside it (`outside`,
    /// holding `kept.txt`).
    static func tree(files count: Int) throws -> (work: URL, folder: String) {
        let work = try PipelineFixtures.temporaryDirectory()
        let fm = FileManager.default
        let r = work.appendingPathComponent("r")
        for folder in ["r/traces", "r/empty", "r/a/b", "outside"] {
            try fm.createDirectory(at: work.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        try Data("keep".utf8).write(to: work.appendingPathComponent("outside/kept.txt"))
        for k in 0..<count { try Data("page \(k)".utf8).write(to: r.appendingPathComponent("traces/\(k).html")) }
        for name in ["index.html", "report.json", "a/b/deep.html"] { try Data(name.utf8).write(to: r.appendingPathComponent(name)) }
        try fm.createSymbolicLink(atPath: r.path + "/linked-folder", withDestinationPath: work.path + "/outside")
        try fm.createSymbolicLink(atPath: r.path + "/linked-file", withDestinationPath: work.path + "/outside/kept.txt")
        return (work, r.path)
    }

    @Test(arguments: [3, 7, 8, 9, 300])
    func removesEverythingAndNothingOutside(files: Int) throws {
        let (work, folder) = try Self.tree(files: files)
        defer { try? FileManager.default.removeItem(at: work) }
        #expect(FolderRemoval.remove(folder), "every entry unlinked by the listing, none left over")
        #expect(!FileManager.default.fileExists(atPath: folder))
        #expect(try Data(contentsOf: work.appendingPathComponent("outside/kept.txt")) == Data("keep".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path).sorted() == ["outside"])
    }

    @Test func aNameThatIsNotUTF8IsRemovedToo() throws {
        let (work, folder) = try Self.tree(files: 20)
        defer { try? FileManager.default.removeItem(at: work) }
        // "traces/\u{FF}.html" in bytes: a name no String spells.
        var name = Array((folder + "/traces/").utf8)
        name += [0xFF, 0x2E, 0x68, 0x74, 0x6D, 0x6C, 0]
        let fd = name.withUnsafeBufferPointer { p in
            p.baseAddress!.withMemoryRebound(to: CChar.self, capacity: name.count) { open($0, O_CREAT | O_WRONLY, 0o644) }
        }
        try #require(fd >= 0)
        close(fd)
        #expect(!FolderRemoval.remove(folder), "the name is left for FileManager")
        #expect(!FileManager.default.fileExists(atPath: folder))
    }

    @Test func aFolderThatIsNotThereIsLeftAlone() throws {
        let work = try PipelineFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        FolderRemoval.remove(work.path + "/missing")
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path) == [])
    }
}
