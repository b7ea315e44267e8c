import Foundation
import TelemetryModel
import Testing

@testable import TelemetryIngest

/// Compressed snapshots read like plain ones. The compressed bytes come from the system's
/// `gzip`, so the test does not check zlib against itself.
@Suite struct GzipTests {
    static let request =
        #"{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}}]},"scopeSpans":[{"spans":[{"traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"0102030405060708","name":"a","startTimeUnixNano":"1","endTimeUnixNano":"2"}]}]}]}"#

    static func gzip(_ text: String) throws -> [UInt8] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in.json")
        try text.write(to: input, atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/gzip")
        p.arguments = ["-kn", input.path]
        try p.run()
        p.waitUntilExit()
        return Array(try Data(contentsOf: dir.appendingPathComponent("in.json.gz")))
    }

    @Test func gzipFilesDecodeLikePlainOnes() throws {
        guard FileManager.default.isExecutableFile(atPath: "/bin/gzip") else { return }
        let compressed = try Self.gzip(Self.request + "\n")
        let outcome = compressed.withUnsafeBufferPointer { SnapshotLoader.decode($0, file: "t.json.gz") }
        guard case .decoded(let file, let format) = outcome else {
            Issue.record("\(outcome)")
            return
        }
        #expect(format == "otlp-json+gzip")
        #expect(file.snapshot.spans.map(\.name) == ["a"])
        #expect(file.snapshot.spans.first?.traceID.hex == "0102030405060708090a0b0c0d0e0f10")
    }

    @Test func concatenatedMembersAreAllRead() throws {
        guard FileManager.default.isExecutableFile(atPath: "/bin/gzip") else { return }
        let two = try Self.gzip(Self.request + "\n") + Self.gzip(Self.request.replacingOccurrences(of: "\"a\"", with: "\"b\"") + "\n")
        let outcome = two.withUnsafeBufferPointer { SnapshotLoader.decode($0, file: "t.jsonl.gz") }
        guard case .decoded(let file, _) = outcome else {
            Issue.record("\(outcome)")
            return
        }
        #expect(file.snapshot.spans.map(\.name).sorted() == ["a", "b"])
    }

    @Test func aCorruptStreamIsReported() throws {
        guard FileManager.default.isExecutableFile(atPath: "/bin/gzip") else { return }
        var bytes = try Self.gzip(Self.request)
        for i in 12..<min(bytes.count - 8, 40) { bytes[i] ^= 0x5A }
        let outcome = bytes.withUnsafeBufferPointer { SnapshotLoader.decode($0, file: "bad.gz") }
        guard case .failed(let problems) = outcome else {
            Issue.record("corrupt gzip accepted")
            return
        }
        #expect(problems.first?.message.hasPrefix("the gzip stream is") == true)
        #expect(problems.first?.file == "bad.gz")
    }
}
