import Foundation
import Testing

/// The same data as OTLP JSON and as OTLP protobuf gives the same report. Every OTLP JSON file
/// of the corpus is converted to protobuf by an independent encoder — the official Python
/// classes (`opentelemetry-proto`) through `protobuf`'s `json_format`, driven by
/// `Scripts/otlp-json-to-protobuf.py` — in all three framings; `inspect --json` must agree on
/// everything but the format's name, and `render` must write byte-identical files (the format's
/// name aside). Skipped when the corpus or the Python packages are absent.
@Suite(.serialized) struct ProtobufEquivalenceTests {
    static let converter = CLI.packageRoot.appendingPathComponent("Scripts/otlp-json-to-protobuf.py")

    /// Runs the converter; nil when its Python packages are missing (exit 2), "" on success,
    /// else its message (a file `json_format` rejects).
    static func convert(_ input: URL, framing: String, to output: URL) throws -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", converter.path, "--framing", framing, input.path, output.path]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        switch process.terminationStatus {
        case 0: return ""
        case 2: return nil
        default: return message.isEmpty ? "exit \(process.terminationStatus)" : message
        }
    }

    static func otlpFiles() -> [URL] {
        guard CLI.hasCorpus else { return [] }
        let root = CLI.corpus.appendingPathComponent("otlp-json")
        let e = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        var files: [URL] = []
        while let url = e?.nextObject() as? URL {
            if (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true { files.append(url) }
        }
        return files.sorted { $0.path < $1.path }
    }

    /// The protobuf side's text with its format named as the JSON side's.
    static func normalised(_ text: String) -> String {
        text.replacingOccurrences(of: "otlp-protobuf", with: "otlp-json")
    }

    /// `resourceSpans[0].scopeSpans[0].spans[0].traceId` of `FILE[:line:col]: error: PATH: message`.
    static func errorPath(_ stderr: String) -> String? {
        guard let range = stderr.range(of: "error: ") else { return nil }
        let rest = stderr[range.upperBound...]
        return rest.range(of: ": ").map { String(rest[..<$0.lowerBound]) }
    }

    @Test func corpusFilesGiveTheSameReportAsJSONAndAsProtobuf() throws {
        let files = Self.otlpFiles()
        guard !files.isEmpty else { return }
        let root = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        var compared = 0, rendered = 0
        var rejected: [String] = []
        for (i, file) in files.enumerated() {
            // Both sides are read as `in` from their own folder, so paths in the output agree.
            let jsonDir = root.appendingPathComponent("\(i)-json"), protoDir = root.appendingPathComponent("\(i)-proto")
            try FileManager.default.createDirectory(at: jsonDir, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: protoDir, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: file, to: jsonDir.appendingPathComponent("in"))
            let jsonInspect = try CLI.run(["inspect", "in", "--json"], directory: jsonDir)
            for framing in ["fixed32", "varint", "single"] {
                let proto = protoDir.appendingPathComponent("in")
                try? FileManager.default.removeItem(at: proto)
                guard let problem = try Self.convert(file, framing: framing, to: proto) else {
                    return  // no opentelemetry-proto / protobuf for Python here
                }
                guard problem.isEmpty else {
                    // data-prepper's "unit": 1 and "2" as an enum are not proto3 JSON; a mixed-signal
                    // JSON Lines file cannot be one message.
                    rejected.append("\(file.lastPathComponent) \(framing)")
                    continue
                }
                let protoInspect = try CLI.run(["inspect", "in", "--json"], directory: protoDir)
                #expect(protoInspect.status == jsonInspect.status, "\(file.lastPathComponent) \(framing): \(protoInspect.stderr)")
                if jsonInspect.status == 0 {
                    #expect(protoInspect.stdout.contains("\"otlp-protobuf\""), "\(file.lastPathComponent) \(framing): not read as protobuf")
                } else {
                    // Rejected both ways (data-prepper's 8-byte "trace ids") at the same field, past
                    // the framed file's message index; or nothing usable both ways (logs only).
                    let protoPath = Self.errorPath(protoInspect.stderr).map { $0.replacing(/^message\[\d+\]\./, with: "") }
                    #expect(protoPath == Self.errorPath(jsonInspect.stderr), "\(protoInspect.stderr) vs \(jsonInspect.stderr)")
                }
                var expected = jsonInspect.stdout, actual = Self.normalised(protoInspect.stdout)
                if file.lastPathComponent == "curl-span-invalid-anyValue.json" {
                    // Its unknown AnyValue field (a JSON warning) cannot be written to protobuf.
                    expected = expected.replacingOccurrences(of: "\"problems\": 1", with: "\"problems\": 0")
                    actual = actual.replacingOccurrences(of: "\"problems\": 1", with: "\"problems\": 0")
                }
                #expect(actual == expected, "\(file.lastPathComponent) \(framing)")
                compared += 1
                guard framing == "fixed32", jsonInspect.status == 0, file.lastPathComponent != "curl-span-invalid-anyValue.json" else {
                    continue
                }
                let args = ["render", "in", "-o", "../out", "--generated-at", "2026-01-15T12:00:00Z", "--top", "10", "--quiet"]
                let jsonOut = jsonDir.appendingPathComponent("out"), protoOut = protoDir.appendingPathComponent("out")
                let a = try CLI.run(args.map { $0 == "../out" ? jsonOut.path : $0 }, directory: jsonDir)
                let b = try CLI.run(args.map { $0 == "../out" ? protoOut.path : $0 }, directory: protoDir)
                #expect(a.status == 0 && b.status == 0, "\(file.lastPathComponent): \(a.stderr) \(b.stderr)")
                let pagesA = CLI.files(in: jsonOut), pagesB = CLI.files(in: protoOut)
                #expect(pagesA.keys.sorted() == pagesB.keys.sorted(), "\(file.lastPathComponent)")
                for (name, data) in pagesA {
                    let other = pagesB[name].map { Data(Self.normalised(String(decoding: $0, as: UTF8.self)).utf8) }
                    #expect(other == data, "\(file.lastPathComponent): \(name) differs")
                }
                rendered += 1
            }
        }
        // 35 files, of which 5 data-prepper metric files are not proto3 JSON and the otel-tui
        // capture mixes signals (no single message): at least 90 conversions compared.
        #expect(compared >= 90, "only \(compared) conversions compared; rejected: \(rejected)")
        #expect(rendered >= 25, "only \(rendered) renders compared")
    }
}
