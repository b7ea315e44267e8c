import Foundation
import Testing

/// `inspect` and `render` on zstd-compressed files, as the collector's file exporter writes them
/// with `compression: zstd`: the real OpenTelemetry demo capture of the corpus as JSON Lines and
/// as 4-byte-framed protobuf, compressed by the system's `zstd`, gives the same counts and pages
/// as the plain JSON, read whole or streamed (decompressed a window at a time, as a large file
/// is); a truncated file stops with a message naming it. Skipped without the corpus or `zstd`
/// (and, for the protobuf half, the Python converter's packages).
@Suite(.serialized) struct ZstdEndToEndTests {
    static let zstdTool = ["/usr/bin/zstd", "/bin/zstd"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static func compress(_ input: URL, to output: URL) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try #require(zstdTool))
        p.arguments = ["-q", "-f", input.path, "-o", output.path]
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
    }

    static func gzip(_ input: URL, to output: URL) throws {
        FileManager.default.createFile(atPath: output.path, contents: nil)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/gzip")
        p.arguments = ["-c", "-n", input.path]
        p.standardOutput = try FileHandle(forWritingTo: output)
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
    }

    @Test func compressedJSONAndProtobufGiveThePlainJSONsReport() throws {
        guard CLI.hasCorpus, Self.zstdTool != nil else { return }
        let capture = CLI.corpus.appendingPathComponent("otlp-json/otel-tui/test_data.jsonl")
        let root = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        var inputs: [(dir: URL, format: String)] = []
        for name in ["plain", "json-zstd", "proto-zstd", "json-messages-zstd", "json-gzip"] {
            let dir = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let target = dir.appendingPathComponent("in")
            switch name {
            case "plain":
                try FileManager.default.copyItem(at: capture, to: target)
                inputs.append((dir, "otlp-json"))
            case "json-zstd":
                try Self.compress(capture, to: target)
                inputs.append((dir, "otlp-json+zstd"))
            case "json-gzip":
                guard FileManager.default.isExecutableFile(atPath: "/bin/gzip") else { continue }
                try Self.gzip(capture, to: target)
                inputs.append((dir, "otlp-json+gzip"))
            case "json-messages-zstd":
                // The file exporter's default with compression: each line compressed on its own,
                // after a 4-byte big-endian length.
                var framed = Data()
                let lines = try String(contentsOf: capture, encoding: .utf8).split(separator: "\n")
                for (k, line) in lines.enumerated() {
                    let plain = root.appendingPathComponent("line-\(k)"), packed = root.appendingPathComponent("line-\(k).zst")
                    try Data(line.utf8).write(to: plain)
                    try Self.compress(plain, to: packed)
                    let frame = try Data(contentsOf: packed)
                    let n = UInt32(frame.count)
                    framed += Data([UInt8(n >> 24), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)]) + frame
                }
                try framed.write(to: target)
                inputs.append((dir, "otlp-json+zstd"))
            default:
                let proto = root.appendingPathComponent("capture.pb")
                guard try ProtobufEquivalenceTests.convert(capture, framing: "fixed32", to: proto) == "" else { continue }
                try Self.compress(proto, to: target)
                inputs.append((dir, "otlp-protobuf+zstd"))
            }
        }
        var reports: [[String: Data]] = []
        for (dir, format) in inputs {
            let inspect = try CLI.run(["inspect", "in", "--json"], directory: dir)
            #expect(inspect.status == 0, "\(format): \(inspect.stderr)")
            #expect(inspect.stdout.contains("\"format\": \"\(format)\""), "\(inspect.stdout.prefix(400))")
            #expect(inspect.stdout.contains("\"spanCount\": 547"))
            // Read whole, then streamed in 4 KiB blocks (the streaming reader from any size).
            for (k, environment) in [[:], ["OTEL_REPORT_STREAM_MIN_BYTES": "0", "OTEL_REPORT_STREAM_BLOCK_BYTES": "4096"]].enumerated() {
                let out = dir.appendingPathComponent("out-\(k)")
                let r = try CLI.run(
                    ["render", "in", "-o", out.path, "--generated-at", "2026-01-15T12:00:00Z", "--top", "10", "--quiet"],
                    environment: environment,
                    directory: dir)
                #expect(r.status == 0, "\(format): \(r.stderr)")
                reports.append(
                    CLI.files(in: out).mapValues {
                        Data(String(decoding: $0, as: UTF8.self).replacingOccurrences(of: format, with: "otlp-json").utf8)
                    })
            }
        }
        for other in reports.dropFirst() {
            #expect(other.keys.sorted() == reports[0].keys.sorted())
            for (name, data) in reports[0] { #expect(other[name] == data, "\(name) differs") }
        }
    }

    @Test func aTruncatedZstdFileStopsWithItsName() throws {
        guard CLI.hasCorpus, Self.zstdTool != nil else { return }
        let root = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let whole = root.appendingPathComponent("whole.zst"), cut = root.appendingPathComponent("traces.jsonl.zst")
        try Self.compress(CLI.corpus.appendingPathComponent("otlp-json/otel-tui/test_data.jsonl"), to: whole)
        let bytes = try Data(contentsOf: whole)
        try bytes.prefix(bytes.count / 2).write(to: cut)
        let r = try CLI.run(["render", cut.path, "-o", root.appendingPathComponent("out").path, "--generated-at", "2026-01-15T12:00:00Z"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("traces.jsonl.zst: error: the zstd stream is truncated"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("out").path))
        // Streamed, the reader gives the file up at the cut and the whole-file reader says why.
        let streamed = try CLI.run(
            ["render", cut.path, "-o", root.appendingPathComponent("out").path, "--generated-at", "2026-01-15T12:00:00Z"],
            environment: ["OTEL_REPORT_STREAM_MIN_BYTES": "0", "OTEL_REPORT_STREAM_BLOCK_BYTES": "4096"])
        #expect(streamed.status == 1)
        #expect(streamed.stderr == r.stderr)
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("out").path))
    }
}
