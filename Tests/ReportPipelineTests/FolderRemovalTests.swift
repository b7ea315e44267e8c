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

    /// Whether another open file description can take `path`'s lock now.
    static func lockable(_ path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return flock(fd, LOCK_EX | LOCK_NB) == 0
    }

    /// Waits for `pid` (a child of this process) and gives its exit status.
    static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (status >> 8) & 0xFF
    }

    @Test func aDetachedRemovalRemovesEverythingAndNothingOutside() throws {
        let (work, folder) = try Self.tree(files: 300)
        defer { try? FileManager.default.removeItem(at: work) }
        let pid = try #require(FolderRemoval.removeDetached(folder))
        #expect(Self.wait(pid) == 0)
        #expect(!FileManager.default.fileExists(atPath: folder))
        #expect(try Data(contentsOf: work.appendingPathComponent("outside/kept.txt")) == Data("keep".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path).sorted() == ["outside"])
    }

    @Test func theDetachedChildHoldsTheFoldersLockSoLeftoverCleanupLeavesIt() throws {
        let work = try PipelineFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        // The earlier report of target `r`, swapped out under a staging entry's name.
        let earlier = work.appendingPathComponent(".r.otel-report-1-0-9.tmp")
        try FileManager.default.createDirectory(at: earlier.appendingPathComponent("traces"), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: earlier.appendingPathComponent("report.json"))
        // A child that waits before it removes, and leaves the folder if it is already gone.
        let slow = ["/bin/sh", "-c", "sleep 1; [ -d \"$0\" ] && rm -rf -- \"$0\""]
        let pid = try #require(FolderRemoval.removeDetached(earlier.path, command: slow))
        #expect(!Self.lockable(earlier.path), "the child holds the lock after this process let go")
        StagingArea.removeLeftovers(beside: work.appendingPathComponent("r"))
        #expect(FileManager.default.fileExists(atPath: earlier.path), "a concurrent run's cleanup leaves it")
        #expect(Self.wait(pid) == 0)
        #expect(!FileManager.default.fileExists(atPath: earlier.path))
    }

    @Test func noDetachedRemovalWithoutTheProgramOrTheFolder() throws {
        let (work, folder) = try Self.tree(files: 3)
        defer { try? FileManager.default.removeItem(at: work) }
        #expect(FolderRemoval.removeDetached(folder, command: [work.path + "/no-such-program", "-rf"]) == nil)
        #expect(FolderRemoval.removeDetached(work.path + "/missing") == nil)
        #expect(FileManager.default.fileExists(atPath: folder + "/report.json"), "nothing was removed")
        #expect(Self.lockable(folder), "and no lock is left behind")
    }

    @Test func aFolderThatIsNotThereIsLeftAlone() throws {
        let work = try PipelineFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        FolderRemoval.remove(work.path + "/missing")
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path) == [])
    }
}
