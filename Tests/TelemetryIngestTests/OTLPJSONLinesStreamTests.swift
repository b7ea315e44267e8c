import Foundation
import TelemetryModel
import TestSupport
import Testing

@testable import TelemetryIngest

/// The streaming reader of large OTLP JSON Lines files on lines as a batching collector writes
/// them: one request of thousands of spans a line, longer than a block and than the prefix the
/// format is recognised by.
@Suite struct OTLPJSONLinesStreamTests {
    /// A request of `spans` spans of one service as one line (no newline), span names numbered
    /// from `first` so every span of the file is told apart.
    static func line(first: Int, spans: Int, service: String) -> String {
        let body = (first..<(first + spans)).map { i in
            let trace = String(format: "%032x", i / 5 + 1), span = String(format: "%016x", i + 1)
            return #"{"traceId":"\#(trace)","spanId":"\#(span)","name":"op \#(i % 7)","kind":2,"#
                + #""startTimeUnixNano":"\#(1_768_471_200_000_000_000 + i * 1_000)","endTimeUnixNano":"\#(1_768_471_200_000_500_000 + i * 1_000)","#
                + #""attributes":[{"key":"n","value":{"intValue":"\#(i)"}},{"key":"s","value":{"stringValue":"v\#(i % 13)"}}]}"#
        }
        return #"{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"\#(service)"}}]},"#
            + #""scopeSpans":[{"scope":{"name":"t"},"spans":[\#(body.joined(separator: ","))]}]}]}"#
    }

    /// `lines` lines of `spans` spans each, services taking turns.
    static func file(lines: Int, spans: Int) -> [UInt8] {
        let text = (0..<lines).map { line(first: $0 * spans, spans: spans, service: "svc-\($0 % 3)") }.joined(separator: "\n")
        return Array((text + "\n").utf8)
    }

    /// Decodes `bytes` through the stream (from a temporary file) with the given block and cores.
    static func streamed(_ bytes: [UInt8], blockSize: Int, workers: Int) throws -> DecodedFile? {
        try TemporaryFile.withDescriptor(bytes) { fd, _ in
            OTLPJSONLinesStream.decode(fd: fd, fileSize: bytes.count, blockSize: blockSize, workers: workers)
        }
    }

    /// Name, trace, start and attributes of every span, in the snapshot's order.
    static func rows(_ snapshot: Snapshot) -> [String] {
        snapshot.spans.map { span in
            "\(span.traceID.hex) \(span.spanID.hex) \(span.name) \(span.startTimeUnixNano) "
                + "\(snapshot.resources[Int(span.resourceIndex)].serviceName) "
                + span.attributes.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        }
    }

    @Test func acceptsAFirstLineLongerThanThePrefix() {
        let long = Array(Self.line(first: 0, spans: 400, service: "svc").utf8)
        #expect(long.count > 64 << 10)
        let prefix = Array(long[0..<(64 << 10)])
        #expect(prefix.withUnsafeBufferPointer { OTLPJSONLinesStream.accepts($0) })
        // A pretty-printed request breaks its first line early: not a whole value, not taken.
        let pretty = Array(("{\n  \"resourceSpans\": []\n}\n").utf8)
        #expect(!pretty.withUnsafeBufferPointer { OTLPJSONLinesStream.accepts($0) })
        // Text that is not OTLP is not taken however long its line.
        let other = Array(("{\"data\":[" + String(repeating: "1,", count: 40_000) + "1]}").utf8)
        #expect(!other.withUnsafeBufferPointer { OTLPJSONLinesStream.accepts($0) })
    }

    /// Lines many times a block, on 1, 2 and 3 cores: the buffers grow to hold a line for every
    /// core, and the snapshot is the whole-file reader's, span for span.
    @Test func linesLongerThanABlockGiveTheWholeFileSnapshot() throws {
        let bytes = Self.file(lines: 7, spans: 300)
        let whole = bytes.withUnsafeBufferPointer { OTLPJSONFormat.decode($0, file: "t.jsonl") }
        guard case .decoded(let expected) = whole else {
            Issue.record("the whole-file reader failed: \(whole)")
            return
        }
        #expect(expected.spanCount == 2_100)
        for workers in [1, 2, 3] {
            let decoded = try #require(try Self.streamed(bytes, blockSize: 4096, workers: workers))
            #expect(decoded.spanCount == 2_100)
            #expect(Self.rows(decoded.snapshot) == Self.rows(expected.snapshot), "\(workers) cores")
        }
    }

    /// Hundreds of short lines in small blocks: dozens of rounds, whose mapping, runs and merges
    /// the cores take from one stream of tasks (`StreamPipeline`); on 1 to 4 cores the snapshot is
    /// the whole-file reader's, span for span, a byte-order mark before the first line included.
    @Test func manyRoundsOnAnyNumberOfCoresGiveTheWholeFileSnapshot() throws {
        let lines = Self.file(lines: 240, spans: 12)
        for bytes in [lines, [0xEF, 0xBB, 0xBF] + lines] {
            let whole = bytes.withUnsafeBufferPointer { OTLPJSONFormat.decode($0, file: "t.jsonl") }
            guard case .decoded(let expected) = whole else {
                Issue.record("the whole-file reader failed: \(whole)")
                return
            }
            #expect(expected.spanCount == 2_880)
            for workers in [1, 2, 3, 4] {
                let decoded = try #require(try Self.streamed(bytes, blockSize: 4096, workers: workers))
                #expect(decoded.spanCount == 2_880)
                #expect(Self.rows(decoded.snapshot) == Self.rows(expected.snapshot), "\(workers) cores")
            }
        }
    }

    /// Lines that each name dozens of resources (services × pods, as a collector in front of
    /// many writes them), in small blocks: the runs hand what they decoded to later runs
    /// (`KnownObjects`), and the snapshot — its resources, in order, and every span's — is the
    /// whole-file reader's on any number of cores. One resource is written with other spacing
    /// on some lines: other text, an equal value, one resource.
    @Test func linesOfManyResourcesGiveTheWholeFileSnapshot() throws {
        func resource(_ service: Int, _ pod: Int, spaced: Bool) -> String {
            let comma = spaced ? ", " : ","
            return #"{"attributes":[{"key":"service.name","value":{"stringValue":"svc-\#(service)"}}\#(comma)"#
                + #"{"key":"k8s.pod.name","value":{"stringValue":"pod-\#(service)-\#(pod) \"q\" {b}"}}\#(comma)"#
                + #"{"key":"n","value":{"intValue":"\#(pod)"}}]}"#
        }
        var lines: [String] = []
        var span = 0
        for l in 0..<60 {
            var blocks: [String] = []
            for r in 0..<40 where (r + l) % 7 != 0 {
                let spans = (0..<2).map { _ -> String in
                    span += 1
                    let trace = String(format: "%032x", span / 3 + 1), id = String(format: "%016x", span)
                    return #"{"traceId":"\#(trace)","spanId":"\#(id)","name":"op","#
                        + #""startTimeUnixNano":"\#(1_768_471_200_000_000_000 + span * 1_000)","endTimeUnixNano":"\#(1_768_471_200_000_900_000 + span * 1_000)"}"#
                }
                let text = resource(r / 4, r % 4, spaced: r == 5 && l % 3 == 1)
                blocks.append(#"{"resource":\#(text),"scopeSpans":[{"scope":{"name":"t"},"spans":[\#(spans.joined(separator: ","))]}]}"#)
            }
            lines.append(#"{"resourceSpans":[\#(blocks.joined(separator: ","))]}"#)
        }
        let bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
        let whole = bytes.withUnsafeBufferPointer { OTLPJSONFormat.decode($0, file: "t.jsonl") }
        guard case .decoded(let expected) = whole else {
            Issue.record("the whole-file reader failed: \(whole)")
            return
        }
        #expect(expected.snapshot.resources.count == 40)
        for workers in [1, 2, 3] {
            let decoded = try #require(try Self.streamed(bytes, blockSize: 4096, workers: workers))
            #expect(decoded.spanCount == expected.spanCount)
            #expect(decoded.snapshot.resources == expected.snapshot.resources, "\(workers) cores")
            #expect(decoded.snapshot.spans.map(\.resourceIndex) == expected.snapshot.spans.map(\.resourceIndex), "\(workers) cores")
            #expect(Self.rows(decoded.snapshot) == Self.rows(expected.snapshot), "\(workers) cores")
        }
    }

    /// A line that does not decode, in a round far into the file, gives the file to the
    /// whole-file reader (nil) on any number of cores, and no core is left waiting.
    @Test func aBadLineInALaterRoundLeavesTheFileToTheWholeFileReader() throws {
        var text = (0..<120).map { Self.line(first: $0 * 12, spans: 12, service: "svc") }
        text[97] = String(text[97].dropLast(3))
        let bytes = Array((text.joined(separator: "\n") + "\n").utf8)
        for workers in [1, 2, 3] {
            #expect(try Self.streamed(bytes, blockSize: 4096, workers: workers) == nil, "\(workers) cores")
        }
    }

    /// A file of a byte-order mark alone has a round with no run: decoded as empty, not waited on.
    @Test func aByteOrderMarkAloneIsAnEmptyFile() throws {
        let decoded = try #require(try Self.streamed([0xEF, 0xBB, 0xBF], blockSize: 4096, workers: 2))
        #expect(decoded.spanCount == 0)
        #expect(decoded.snapshot.spans.isEmpty)
    }

    /// A file shorter than the size it was opened with (cut short since) is left to the
    /// whole-file reader (nil) instead of mapped past its end, whichever round meets the cut.
    @Test func aFileCutShortSinceItWasOpenedIsLeftToTheWholeFileReader() throws {
        let bytes = Self.file(lines: 7, spans: 300)
        try TemporaryFile.withDescriptor(bytes) { fd, _ in
            for missing in [1, 5_000, bytes.count / 2] {
                #expect(OTLPJSONLinesStream.decode(fd: fd, fileSize: bytes.count + missing, blockSize: 4096, workers: 2) == nil)
            }
        }
    }

    /// `holdsLines` counts the newlines up to the end it is given (the search itself is
    /// `ByteSearch`, tested in `ByteSearchTests`).
    @Test func countsTheLinesABufferHolds() {
        let size = 200_000
        for positions in [[], [0], [size - 1], [65_535, 65_536], [3, 70_000, 140_000, 199_998], [131_071]] {
            var bytes = [UInt8](repeating: UInt8(ascii: "x"), count: size)
            for p in positions { bytes[p] = 0x0A }
            bytes.withUnsafeBufferPointer { all in
                #expect(OTLPJSONLinesStream.holdsLines(positions.count, all, size))
                #expect(!OTLPJSONLinesStream.holdsLines(positions.count + 1, all, size))
            }
        }
    }
}
