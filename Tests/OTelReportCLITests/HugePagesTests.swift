import CStartup
import Foundation
import Testing

/// The executable's start-up (`Sources/CStartup`): a `render`, `inspect` or `validate` whose
/// inputs come to 64 MiB or more starts itself again with glibc's malloc advising transparent
/// huge pages; everything else runs as started.
@Suite struct HugePagesTests {
    /// Calls `body` with a C argument vector for `arguments`.
    static func withArgv<R>(_ arguments: [String], _ body: (Int32, UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
        let pointers = arguments.map { strdup($0) } + [nil]
        defer { pointers.forEach { free($0) } }
        return pointers.withUnsafeBufferPointer { body(Int32(arguments.count), $0.baseAddress!) }
    }

    static func write(_ bytes: Int, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(repeating: 0x20, count: bytes).write(to: url)
    }

    /// Sparse: its size on disk is what counts, and no test writes 64 MiB.
    static func sparse(_ bytes: Int, at url: URL) throws {
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: UInt64(bytes))
        try handle.close()
    }

    @Test func filesAndFoldersCountButNotTheOutputHiddenEntriesOrDeepFolders() throws {
        let work = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let inputs = work.appendingPathComponent("in")
        try Self.write(1000, to: inputs.appendingPathComponent("a.jsonl"))
        try Self.write(500, to: inputs.appendingPathComponent("sub/b.json"))
        try Self.write(30, to: inputs.appendingPathComponent("1/2/3/three-down.jsonl"))
        try Self.write(7000, to: inputs.appendingPathComponent("1/2/3/4/four-down.jsonl"))
        try Self.write(9000, to: inputs.appendingPathComponent(".hidden.jsonl"))
        try Self.write(100, to: inputs.appendingPathComponent("c.jsonl.zst"))
        try Self.write(10, to: inputs.appendingPathComponent("d.pb.gz"))
        try Self.write(40, to: work.appendingPathComponent("e.jsonl"))
        try Self.write(5000, to: work.appendingPathComponent("out/index.html"))
        let out = work.appendingPathComponent("out").path
        let expected: Int64 = 1000 + 500 + 30 + 100 * 8 + 10 * 8 + 40
        for arguments in [
            ["render", inputs.path, work.appendingPathComponent("e.jsonl").path, "-o", out, "--title", "x"],
            [
                "render", "--output", out, inputs.path, "--generated-at", "2026-01-15T12:00:00Z",
                work.appendingPathComponent("e.jsonl").path,
            ],
        ] {
            let bytes = Self.withArgv(["otel-report"] + arguments) { otel_report_input_bytes($0, $1, 1 << 40) }
            #expect(bytes == expected, "\(arguments)")
        }
        // Counting stops once the limit is reached.
        let first = Self.withArgv(["otel-report", "render", work.appendingPathComponent("e.jsonl").path, inputs.path]) {
            otel_report_input_bytes($0, $1, 1)
        }
        #expect(first == 40)
    }

    @Test func onlyTheCommandsThatReadLargeInputsStartAgain() throws {
        let work = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let big = work.appendingPathComponent("big.jsonl"), small = work.appendingPathComponent("small.jsonl")
        try Self.sparse(Int(OTEL_REPORT_HUGE_PAGES_FROM), at: big)
        try Self.sparse(Int(OTEL_REPORT_HUGE_PAGES_FROM) - 1, at: small)
        func wants(_ arguments: [String]) -> Bool {
            Self.withArgv(["otel-report"] + arguments) { otel_report_wants_huge_pages($0, $1) } == 1
        }
        #expect(wants(["render", big.path]))
        #expect(wants(["inspect", big.path]))
        #expect(wants(["validate", big.path]))
        #expect(!wants(["render", small.path]))
        #expect(!wants(["simulate", big.path]))
        #expect(!wants(["render", "-o", big.path]))
        #expect(!wants(["render"]))
        #expect(!wants([]))
    }

    /// The dynamic loader's statistics (`LD_DEBUG=statistics`) are printed once for each time
    /// the program starts: twice when it starts itself again, once when `GLIBC_TUNABLES` is
    /// already set (to anything) or the inputs are small; the output is the same either way.
    @Test func aLargeInputStartsTheProcessAgainWithTheSameArguments() throws {
        guard CLI.binary != nil else { return }
        let work = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        // Compressed, so it counts 8 times over: 9 MiB on disk count as 72 MiB, and zstd rejects
        // zero bytes at once.
        let big = work.appendingPathComponent("zeros.jsonl.zst")
        try Self.sparse(9 << 20, at: big)
        func run(_ arguments: [String], tunables: String?) throws -> (starts: Int, status: Int32, stdout: String) {
            var environment = ["LD_DEBUG": "statistics"]
            environment["GLIBC_TUNABLES"] = tunables
            let result = try CLI.run(arguments, environment: environment, removing: tunables == nil ? ["GLIBC_TUNABLES"] : [])
            let starts = result.stderr.split(separator: "\n").filter { $0.contains("total startup time in dynamic loader") }.count
            return (starts, result.status, result.stdout)
        }
        let again = try run(["inspect", big.path], tunables: nil)
        let asIs = try run(["inspect", big.path], tunables: "")
        guard again.starts > 0 else { return }  // a loader without LD_DEBUG statistics
        #expect(again.starts == 2)
        #expect(asIs.starts == 1)
        #expect(again.status == asIs.status)
        #expect(again.stdout == asIs.stdout)
        #expect(again.stdout.contains("0 spans in 0 traces"))
        let small = try run(["inspect", "examples/recommendation-cache"], tunables: nil)
        #expect(small.starts == 1)
        #expect(small.status == 0)
    }
}
