import Foundation
import TelemetryModel
import Testing

@testable import TelemetryIngest

@Suite struct SnapshotLoaderTests {
    /// A fresh temporary folder holding `files` (relative path → content).
    func folder(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ingest-\(UUID().uuidString)")
        for (path, content) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(content.utf8).write(to: url)
        }
        return root
    }

    func span(_ name: String, trace: String = "0102030405060708090a0b0c0d0e0f10", service: String = "svc") -> String {
        traceRequest(
            span: #""traceId":"\#(trace)","spanId":"0102030405060708","name":"\#(name)""#,
            resource: #"{"attributes":[{"key":"service.name","value":{"stringValue":"\#(service)"}}]}"#)
    }

    @Test func readsFoldersRecursivelyInSortedOrderSkippingHiddenFiles() throws {
        let root = try folder([
            "b/z.json": span("z"), "a.json": span("a"), "b/c/y.jsonl": span("y") + "\n" + span("y2"),
            ".hidden.json": span("hidden"), "b/.git/x.json": span("git"),
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let result = SnapshotLoader.load(paths: [root.path])
        #expect(result.diagnostics.isEmpty)
        #expect(result.usableFileCount == 3)
        #expect(result.snapshot.inputs.map { String($0.path.dropFirst(root.path.count + 1)) } == ["a.json", "b/c/y.jsonl", "b/z.json"])
        #expect(result.snapshot.inputs.map(\.spans) == [1, 2, 1])
        #expect(Set(result.snapshot.spans.map(\.name)) == ["a", "y", "y2", "z"])
    }

    /// A symbolic link back up the tree made the walk read the same file again at every level
    /// until paths grew too long (41 times over in a two-level folder), multiplying every count;
    /// a FIFO in a folder blocked the run. Each file and folder is now read once, and what was
    /// skipped is named in a note.
    @Test func readsEachFileOnceThroughLinksAndLoopsAndSkipsFIFOs() throws {
        let root = try folder(["a.json": span("a"), "sub/c.json": span("c")])
        defer { try? FileManager.default.removeItem(at: root) }
        let fm = FileManager.default
        try fm.createSymbolicLink(atPath: root.path + "/sub/loop", withDestinationPath: "..")
        try fm.createSymbolicLink(atPath: root.path + "/sub/b.json", withDestinationPath: "../a.json")
        try fm.createSymbolicLink(atPath: root.path + "/dangling", withDestinationPath: "/nonexistent/x.json")
        #expect(mkfifo(root.path + "/pipe", 0o600) == 0)

        let (files, notes) = InputFileCollector.collect([root.path])
        #expect(files == [root.path + "/a.json", root.path + "/sub/c.json"])
        #expect(
            notes.map(\.description) == [
                root.path + "/pipe: note: not a regular file (a FIFO, socket or device); skipped",
                root.path + "/sub/loop: note: a folder already read through another path; skipped",
                root.path + "/sub/b.json: note: the same file as \(root.path)/a.json; read once",
            ])
        // The same file named twice on the command line, and a folder inside one given already.
        let again = InputFileCollector.collect([root.path + "/a.json", root.path + "/./a.json", root.path, root.path + "/sub"])
        #expect(again.files == [root.path + "/a.json", root.path + "/sub/c.json"])
        #expect(again.diagnostics.first?.message == "the same file as \(root.path)/a.json; read once")

        try fm.removeItem(atPath: root.path + "/pipe")
        let result = SnapshotLoader.load(paths: [root.path])
        #expect(result.usableFileCount == 2)
        #expect(result.snapshot.spans.map(\.name).sorted() == ["a", "c"])
    }

    /// Foundation lists a name that is not UTF-8 with U+FFFD in its place, a path that does not
    /// exist, so such a file was passed over without a word; it is an error naming it now.
    @Test func aFileNameThatIsNotUTF8IsAnErrorNotSilence() throws {
        let root = try folder(["a.json": span("a")])
        defer { try? FileManager.default.removeItem(at: root) }
        let name = Array((root.path + "/").utf8) + [0xFF, 0xFE] + Array("b.json".utf8) + [0]
        let fd = name.withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_CREAT | O_WRONLY, 0o644) } }
        #expect(fd >= 0)
        close(fd)
        let (files, diagnostics) = InputFileCollector.collect([root.path])
        #expect(files == [root.path + "/a.json"])
        #expect(
            diagnostics.map(\.description) == [
                root.path
                    + "/\u{FFFD}\u{FFFD}b.json: error: cannot read the file: its name is not valid UTF-8 (shown with U+FFFD in its place); rename it to read it"
            ])
    }

    @Test func aFileWithAnErrorContributesNothing() throws {
        let broken = span("first") + "\n" + #"{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"second","spanId":"zz"}]}]}]}"#
        let root = try folder(["good.json": span("good"), "broken.jsonl": broken, "notes.txt": "hello"])
        defer { try? FileManager.default.removeItem(at: root) }
        let result = SnapshotLoader.load(paths: [root.path])
        #expect(result.usableFileCount == 1)
        #expect(result.snapshot.spans.map(\.name) == ["good"])
        #expect(result.snapshot.inputs.count == 1)
        #expect(result.diagnostics.map(\.line) == [2, 0])
        #expect(result.diagnostics.map(\.path) == ["resourceSpans[0].scopeSpans[0].spans[0].spanId", ""])
        #expect(result.diagnostics.last?.message.hasPrefix("not a recognised telemetry format (looked for: otlp-json, ") == true)
        #expect(result.hasErrors)
    }

    @Test func sharesResourcesAcrossFilesAndMergesInPathOrder() throws {
        var files: [String: String] = [:]
        for i in 0..<25 { files[String(format: "f%02d.json", i)] = span("s\(i)", service: i % 2 == 0 ? "even" : "odd") }
        let root = try folder(files)
        defer { try? FileManager.default.removeItem(at: root) }
        let result = SnapshotLoader.load(paths: [root.path])
        #expect(result.usableFileCount == 25)
        #expect(result.snapshot.resources.map(\.serviceName) == ["even", "odd"])
        #expect(result.snapshot.scopes.count == 1)
        #expect(result.snapshot.spans.count == 25)
        #expect(result.snapshot.inputs.map { ($0.path as NSString).lastPathComponent } == (0..<25).map { String(format: "f%02d.json", $0) })
    }

    @Test func reportsDeepNestingInsteadOfCrashing() throws {
        let json = #"{"resourceSpans":[],"x":"# + String(repeating: "[", count: 100_000) + "}"
        let d = try #require(failures(json).first)
        #expect(d.message == "nesting deeper than 512 levels")
    }

    @Test func decodesAUTF8BOMFile() throws {
        let file = try #require(decoded("\u{FEFF}" + span("bom")))
        #expect(file.snapshot.spans.map(\.name) == ["bom"])
    }
}
