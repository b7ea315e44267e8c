import Foundation
import TelemetryModel
import Testing

@testable import TelemetryIngest

/// zstd-compressed snapshots (the collector file exporter's `compression: zstd`) read like plain
/// ones, recognised by the frame magic number whatever the file's name. The compressed bytes come
/// from the system's `zstd` command; the tests skip when it is absent (`.ci/run` installs it).
@Suite struct ZstdTests {
    static let zstdTool = ["/usr/bin/zstd", "/bin/zstd"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static func zstd(_ bytes: [UInt8]) throws -> [UInt8] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("zst-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in")
        try Data(bytes).write(to: input)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try #require(zstdTool))
        p.arguments = ["-q", "-19", input.path, "-o", dir.appendingPathComponent("in.zst").path]
        try p.run()
        p.waitUntilExit()
        return Array(try Data(contentsOf: dir.appendingPathComponent("in.zst")))
    }

    static func decode(_ bytes: [UInt8], file: String = "t.zst") -> SnapshotLoader.FileOutcome {
        bytes.withUnsafeBufferPointer { SnapshotLoader.decode($0, file: file) }
    }

    @Test func zstdJSONDecodesLikePlainJSON() throws {
        guard Self.zstdTool != nil else { return }
        let outcome = Self.decode(try Self.zstd(Array((GzipTests.request + "\n").utf8)), file: "spans.json")
        guard case .decoded(let file, let format) = outcome else {
            Issue.record("\(outcome)")
            return
        }
        #expect(format == "otlp-json+zstd")
        #expect(file.snapshot.spans.map(\.name) == ["a"])
        #expect(file.snapshot.spans.first?.traceID.hex == "0102030405060708090a0b0c0d0e0f10")
    }

    @Test func zstdProtobufDecodesLikePlainProtobuf() throws {
        guard Self.zstdTool != nil else { return }
        let plain = OTLPProtobufDecodingTests.traceRequest().bytes
        let framed = OTLPProtobufDecodingTests.fixed32Framed([OTLPProtobufDecodingTests.traceRequest()])
        for bytes in [plain, framed] {
            let outcome = Self.decode(try Self.zstd(bytes))
            guard case .decoded(let file, let format) = outcome else {
                Issue.record("\(outcome)")
                return
            }
            #expect(format == "otlp-protobuf+zstd")
            #expect(file.snapshot.spans.map(\.name) == ["GET /x"])
        }
    }

    @Test func concatenatedFramesAreAllRead() throws {
        guard Self.zstdTool != nil else { return }
        let a = try Self.zstd(Array((GzipTests.request + "\n").utf8))
        let b = try Self.zstd(Array((GzipTests.request.replacingOccurrences(of: "\"a\"", with: "\"b\"") + "\n").utf8))
        let outcome = Self.decode(a + b, file: "t.jsonl.zst")
        guard case .decoded(let file, _) = outcome else {
            Issue.record("\(outcome)")
            return
        }
        #expect(file.snapshot.spans.map(\.name).sorted() == ["a", "b"])
    }

    @Test func aTruncatedStreamIsReportedAsTruncated() throws {
        guard Self.zstdTool != nil else { return }
        let whole = try Self.zstd(Array(String(repeating: GzipTests.request + "\n", count: 50).utf8))
        for cut in [whole.count - 1, whole.count / 2, 6] {
            let outcome = Self.decode(Array(whole[0..<cut]), file: "cut.zst")
            guard case .failed(let problems) = outcome else {
                Issue.record("truncated zstd accepted at \(cut)")
                continue
            }
            #expect(problems.first?.file == "cut.zst")
            #expect(problems.first?.message.hasPrefix("the zstd stream is truncated") == true, "\(problems)")
        }
    }

    @Test func aCorruptStreamIsReportedAsCorrupt() throws {
        guard Self.zstdTool != nil else { return }
        var bytes = try Self.zstd(Array(String(repeating: GzipTests.request + "\n", count: 50).utf8))
        for i in 4..<min(bytes.count - 4, 40) { bytes[i] ^= 0x5A }
        let outcome = Self.decode(bytes, file: "bad.zst")
        guard case .failed(let problems) = outcome else {
            Issue.record("corrupt zstd accepted")
            return
        }
        #expect(problems.first?.message.hasPrefix("the zstd stream is corrupt") == true, "\(problems)")
        #expect(problems.first?.file == "bad.zst")
    }

    @Test func theMagicNumberAloneDecides() {
        let magic: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD]
        #expect(magic.withUnsafeBufferPointer { Zstd.isZstd($0) })
        #expect(!Array("(\u{B5}/".utf8).withUnsafeBufferPointer { Zstd.isZstd($0) })
        #expect(![UInt8]([0x28, 0xB5, 0x2F]).withUnsafeBufferPointer { Zstd.isZstd($0) })
    }

    /// The file exporter's default layout with compression: each message compressed on its own,
    /// after a 4-byte big-endian length.
    static func lengthPrefixed(_ frames: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = []
        for f in frames {
            let n = UInt32(f.count)
            out += [UInt8(n >> 24), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)] + f
        }
        return out
    }

    @Test func messagesCompressedOneByOneAfterTheirLengthsAreRead() throws {
        guard Self.zstdTool != nil else { return }
        let b = GzipTests.request.replacingOccurrences(of: "\"a\"", with: "\"b\"")
        let json = Self.lengthPrefixed([try Self.zstd(Array(GzipTests.request.utf8)), try Self.zstd(Array(b.utf8))])
        guard case .decoded(let file, let format) = Self.decode(json, file: "traces.json") else {
            Issue.record("JSON messages not read")
            return
        }
        #expect(format == "otlp-json+zstd")
        #expect(file.snapshot.spans.map(\.name).sorted() == ["a", "b"])

        let request = OTLPProtobufDecodingTests.traceRequest()
        let proto = Self.lengthPrefixed([try Self.zstd(request.bytes), try Self.zstd(request.bytes)])
        guard case .decoded(let p, let pformat) = Self.decode(proto) else {
            Issue.record("protobuf messages not read")
            return
        }
        #expect(pformat == "otlp-protobuf+zstd")
        #expect(p.spanCount == 2)

        let cut = Array(proto.dropLast(3))
        guard case .failed(let problems) = Self.decode(cut, file: "cut.pb") else {
            Issue.record("truncated accepted")
            return
        }
        #expect(problems.first?.message.hasPrefix("the zstd-compressed messages are truncated: message 1 at byte") == true, "\(problems)")
        var corrupt = proto
        corrupt[12] ^= 0xFF
        guard case .failed(let bad) = Self.decode(corrupt, file: "bad.pb") else {
            Issue.record("corrupt accepted")
            return
        }
        #expect(bad.first?.message.hasPrefix("message 0 at byte 0: the zstd stream is") == true, "\(bad)")
    }
}
