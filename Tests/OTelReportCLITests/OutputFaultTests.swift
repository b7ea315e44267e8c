import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Faults while writing: a report appears whole or not at all, whatever happens — `kill -9`
/// at any moment, a full disk, an unwritable target, two renders into one target at once.
@Suite(.serialized) struct OutputFaultTests {
    static let example = CLI.packageRoot.appendingPathComponent("examples/recommendation-cache")

    static func renderArguments(_ out: URL, title: String) -> [String] {
        ["render", example.path, "-o", out.path, "--generated-at", "2026-01-15T12:00:00Z", "--title", title, "--quiet"]
    }

    /// Starts the binary without waiting for it.
    static func spawn(_ arguments: [String]) throws -> Process {
        let p = Process()
        p.executableURL = try #require(CLI.binary)
        p.arguments = arguments
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }

    /// The staging entries of the target `name` left in `folder`.
    static func leftovers(_ folder: URL, _ name: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasPrefix(".\(name).otel-report-") }
    }

    /// The staging entries of `name` once none is locked by a live process, waiting up to
    /// `seconds`: the command line hands the earlier report of a target it replaced to a child
    /// process that removes it after the command returns (`FolderRemoval.removeDetached`).
    ///
    /// The entries are listed again once none was locked: a removal that ends between the
    /// listing and the lock check leaves a name that is gone (it failed a CI run under load:
    /// the child's folder listed, then removed before it was opened). Entries only disappear
    /// once the renders have ended, so a leftover that stays is still found.
    static func settledLeftovers(_ folder: URL, _ name: String, seconds: Double = 20) -> [String] {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let now = leftovers(folder, name)
            let locked = now.contains { entry in
                let fd = open(folder.appendingPathComponent(entry).path, O_RDONLY | O_CLOEXEC)
                defer { if fd >= 0 { close(fd) } }
                return fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) != 0
            }
            if !locked { return leftovers(folder, name) }
            if Date() > deadline { return now }
            usleep(20_000)
        }
    }

    /// Two reference renders (titles "old" and "new") to compare the target with.
    static func references(in dir: URL) throws -> (old: [String: Data], new: [String: Data]) {
        for title in ["old", "new"] {
            let r = try CLI.run(renderArguments(dir.appendingPathComponent("ref-" + title), title: title))
            #expect(r.status == 0, "\(r.stderr)")
        }
        return (CLI.files(in: dir.appendingPathComponent("ref-old")), CLI.files(in: dir.appendingPathComponent("ref-new")))
    }

    @Test func killNineAtAnyMomentLeavesTheEarlierOrTheNewReportWhole() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (old, new) = try Self.references(in: dir)
        #expect(old != new && !old.isEmpty)
        let target = dir.appendingPathComponent("r")
        let started = Date()
        #expect(try CLI.run(Self.renderArguments(target, title: "old")).status == 0)
        let duration = Date().timeIntervalSince(started)
        var outcomes: [String: Int] = [:]
        for i in 0..<12 {
            let p = try Self.spawn(Self.renderArguments(target, title: "new"))
            // Kill points spread over the whole run, the write at its end included.
            usleep(useconds_t(duration * 1.1 * (Double(i) + 0.5) / 12 * 1_000_000))
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            let now = CLI.files(in: target)
            let whole = now == old || now == new
            #expect(whole, "kill \(i): the target is neither report (\(now.count) files)")
            outcomes[now == new ? "new" : "old", default: 0] += 1
            if now == new { #expect(try CLI.run(Self.renderArguments(target, title: "old")).status == 0) }
        }
        // The next run cleans up what the killed ones left and leaves nothing behind.
        #expect(try CLI.run(Self.renderArguments(target, title: "new")).status == 0)
        #expect(CLI.files(in: target) == new)
        #expect(Self.settledLeftovers(dir, "r") == [])
        #expect(outcomes["old", default: 0] > 0)
    }

    @Test func twoRendersIntoOneTargetAtOnceLeaveOneWholeReport() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (old, new) = try Self.references(in: dir)
        let target = dir.appendingPathComponent("r")
        for round in 0..<3 {
            let a = try Self.spawn(Self.renderArguments(target, title: "old"))
            let b = try Self.spawn(Self.renderArguments(target, title: "new"))
            a.waitUntilExit()
            b.waitUntilExit()
            #expect(a.terminationStatus == 0 && b.terminationStatus == 0, "round \(round)")
            let now = CLI.files(in: target)
            let whole = now == old || now == new
            #expect(whole, "round \(round): a mix of two reports")
            #expect(Self.settledLeftovers(dir, "r") == [])
        }
    }

    @Test func leftoversOfEarlierRunsAreRemovedButALiveRunsAreKept() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fm = FileManager.default
        let stale = dir.appendingPathComponent(".r.otel-report-999999-0-1.tmp/traces")
        try fm.createDirectory(at: stale, withIntermediateDirectories: true)
        try fm.createDirectory(at: dir.appendingPathComponent(".r.otel-report-old-4242"), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: dir.appendingPathComponent(".r.html.otel-report-999999-0-2.tmp"))
        // A staging folder some live run holds (its lock): never touched.
        let live = dir.appendingPathComponent(".r.otel-report-1-0-3.tmp")
        try fm.createDirectory(at: live, withIntermediateDirectories: true)
        let fd = open(live.path, O_RDONLY | O_DIRECTORY)
        #expect(fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0)
        defer { close(fd) }

        #expect(try CLI.run(Self.renderArguments(dir.appendingPathComponent("r"), title: "t")).status == 0)
        #expect(Self.leftovers(dir, "r") == [".r.otel-report-1-0-3.tmp"])
        #expect(try CLI.run(Self.renderArguments(dir.appendingPathComponent("r.html"), title: "t")).status == 0)
        #expect(Self.leftovers(dir, "r.html") == [])
        #expect(fm.fileExists(atPath: dir.appendingPathComponent("r/report.json").path))
    }

    @Test func anUnwritableTargetExitsOneWithAClearMessage() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Permissions do not stop root, so: a target under /proc, and one under a plain file.
        try Data("x".utf8).write(to: dir.appendingPathComponent("file"))
        for target in ["/proc/otel-report-test/r", dir.appendingPathComponent("file/r").path, "/proc/otel-report-test.html"] {
            let r = try CLI.run(Self.renderArguments(URL(fileURLWithPath: target), title: "t"))
            #expect(r.status == 1, "\(target): \(r.stderr)")
            #expect(r.stderr.hasPrefix("error: could not write '\(target)'"), "\(r.stderr)")
            #expect(!r.stderr.contains("Error Domain"))
        }
    }

    /// A full file system, simulated with a 3 MB tmpfs (needs root and a mount-capable
    /// container; skipped elsewhere).
    @Test(.enabled(if: OutputFaultTests.canMount())) func aFullDiskExitsOneAndLeavesTheEarlierReport() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let mount = dir.appendingPathComponent("small")
        try FileManager.default.createDirectory(at: mount, withIntermediateDirectories: true)
        #expect(Self.mount(tmpfs: mount, size: "3m"))
        defer { _ = Self.run("/bin/umount", [mount.path]) }
        // A small earlier report fits; the full example does not.
        let small = [
            "render", Self.example.path, "-o", mount.appendingPathComponent("r").path, "--top", "0", "--generated-at",
            "2026-01-15T12:00:00Z", "--quiet",
        ]
        #expect(try CLI.run(small).status == 0)
        let before = CLI.files(in: mount.appendingPathComponent("r"))
        for target in ["r", "one.html"] {
            let r = try CLI.run(Self.renderArguments(mount.appendingPathComponent(target), title: "big"))
            #expect(r.status == 1)
            #expect(r.stderr.contains("No space left on device"), "\(r.stderr)")
        }
        #expect(CLI.files(in: mount.appendingPathComponent("r")) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: mount.path) == ["r"])
    }

    static func canMount() -> Bool {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/bin/mount") else { return false }
        let probe = FileManager.default.temporaryDirectory.appendingPathComponent("otel-report-mount-probe-\(getpid())")
        try? FileManager.default.createDirectory(at: probe, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: probe) }
        guard mount(tmpfs: probe, size: "64k") else { return false }
        return run("/bin/umount", [probe.path]) == 0
    }

    static func mount(tmpfs folder: URL, size: String) -> Bool {
        run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(size)", "tmpfs", folder.path]) == 0
    }

    static func run(_ tool: String, _ arguments: [String]) -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = arguments
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return -1 }
        p.waitUntilExit()
        return p.terminationStatus
    }
}
