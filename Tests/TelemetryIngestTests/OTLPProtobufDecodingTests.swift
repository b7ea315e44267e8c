import Foundation
import TelemetryModel
import Testing
import Vocabulary

@testable import TelemetryIngest

/// The OTLP protobuf reader against bytes written out by hand (`ProtobufBytes`): every field of
/// a span and of each metric kind, the three framings, what must be skipped, and faults
/// reported with their byte offset and field path. Where a JSON twin of the same data is at
/// hand, both readers must give the same model.
@Suite struct OTLPProtobufDecodingTests {
    typealias P = ProtobufBytes

    static let traceID: [UInt8] = Array(1...16)
    static let spanID: [UInt8] = [0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7, 0xA8]
    static let parentID: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 9]
    static let start: UInt64 = 1_700_000_000_000_000_000
    static let end: UInt64 = 1_700_000_000_250_000_000

    static func string(_ s: String) -> P { P().string(1, s) }

    /// A span with a field of every kind the model keeps.
    static let span = P()
        .bytes(1, traceID).bytes(2, spanID).string(3, "vendor=x").bytes(4, parentID)
        .string(5, "GET /x").varint(6, 3).fixed64(7, start).fixed64(8, end)
        .attribute(9, "http.route", string("/x"))
        .attribute(9, "ok", P().varint(2, 1))
        .attribute(9, "n", P().varint(3, UInt64(bitPattern: -5)))
        .attribute(9, "ratio", P().double(4, 0.5))
        .attribute(9, "list", P().message(5, P().message(1, string("a")).message(1, P().varint(3, 7))))
        .attribute(9, "map", P().message(6, P().attribute(1, "inner", P().varint(2, 0))))
        .attribute(9, "raw", P().bytes(7, [0, 255]))
        .varint(10, 0)
        .message(11, P().fixed64(1, start + 5).string(2, "exception").attribute(3, "exception.type", string("E")))
        .message(
            13, P().bytes(1, Array(repeating: 0xEE, count: 16)).bytes(2, Array(repeating: 0xDD, count: 8)).attribute(4, "k", string("v"))
        )
        .message(15, P().string(2, "boom").varint(3, 2))
        .fixed32(16, 0x301)

    static let spanJSON = #"""
        {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}}]},
         "scopeSpans":[{"scope":{"name":"lib","version":"1.0"},"spans":[{
          "traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"a1a2a3a4a5a6a7a8","traceState":"vendor=x","parentSpanId":"0000000000000009",
          "name":"GET /x","kind":3,"startTimeUnixNano":"1700000000000000000","endTimeUnixNano":"1700000000250000000",
          "attributes":[{"key":"http.route","value":{"stringValue":"/x"}},{"key":"ok","value":{"boolValue":true}},
            {"key":"n","value":{"intValue":"-5"}},{"key":"ratio","value":{"doubleValue":0.5}},
            {"key":"list","value":{"arrayValue":{"values":[{"stringValue":"a"},{"intValue":"7"}]}}},
            {"key":"map","value":{"kvlistValue":{"values":[{"key":"inner","value":{"boolValue":false}}]}}},
            {"key":"raw","value":{"bytesValue":"AP8="}}],
          "events":[{"timeUnixNano":"1700000000000000005","name":"exception","attributes":[{"key":"exception.type","value":{"stringValue":"E"}}]}],
          "links":[{"traceId":"eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee","spanId":"dddddddddddddddd","attributes":[{"key":"k","value":{"stringValue":"v"}}]}],
          "status":{"message":"boom","code":2},"flags":769}]}]}]}
        """#

    static func traceRequest(_ spans: [P] = [span]) -> P {
        var scope = P().message(1, P().string(1, "lib").string(2, "1.0"))
        for s in spans { scope = scope.message(2, s) }
        let resource = P().message(1, P().attribute(1, "service.name", string("svc"))).message(2, scope)
        return P().message(1, resource)
    }

    static func decode(_ bytes: [UInt8], file: String = "t.binpb") -> SnapshotLoader.FileOutcome {
        bytes.withUnsafeBufferPointer { SnapshotLoader.decode($0, file: file) }
    }

    static func decodedProtobuf(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> (DecodedFile, String)? {
        switch decode(bytes) {
        case .decoded(let file, let format): return (file, format)
        case .failed(let problems):
            Issue.record("decoding failed: \(problems.map(\.description))", sourceLocation: sourceLocation)
            return nil
        }
    }

    static func protobufFailure(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> Diagnostic? {
        switch decode(bytes) {
        case .decoded:
            Issue.record("expected the bytes to fail", sourceLocation: sourceLocation)
            return nil
        case .failed(let problems): return problems.first
        }
    }

    static func fixed32Framed(_ messages: [P]) -> [UInt8] {
        var out: [UInt8] = []
        for m in messages {
            let n = UInt32(m.bytes.count)
            out += [UInt8(n >> 24), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)]
            out += m.bytes
        }
        return out
    }

    static func varintFramed(_ messages: [P]) -> [UInt8] {
        messages.flatMap { P.varint(UInt64($0.bytes.count)) + $0.bytes }
    }

    // MARK: Wire reader

    @Test func varintsDecodeSevenBitsAtATimeLeastSignificantFirst() throws {
        let cases: [([UInt8], UInt64)] = [
            ([0x00], 0), ([0x01], 1), ([0x96, 0x01], 150), ([0xAC, 0x02], 300),
            ([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], UInt64.max),
        ]
        for (bytes, value) in cases {
            let v = try bytes.withUnsafeBufferPointer { b throws(ProtobufError) -> UInt64 in
                var r = ProtobufReader(bytes: b)
                return try r.readVarint()
            }
            #expect(v == value)
        }
    }

    @Test func aVarintPastTheEndOrOver64BitsIsAnErrorWithItsOffset() {
        let truncated: [UInt8] = [0x00, 0x96]
        let long: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02]
        truncated.withUnsafeBufferPointer { b in
            var r = ProtobufReader(bytes: b, start: 1)
            do throws(ProtobufError) {
                _ = try r.readVarint()
                Issue.record("accepted")
            } catch { #expect(error.message == "truncated varint at byte 1") }
        }
        long.withUnsafeBufferPointer { b in
            var r = ProtobufReader(bytes: b)
            do throws(ProtobufError) {
                _ = try r.readVarint()
                Issue.record("accepted")
            } catch { #expect(error.message == "varint longer than 64 bits at byte 0") }
        }
    }

    @Test func zigZagMapsSmallNegativesToSmallNumbers() throws {
        // ZigZag: 0 → 0, -1 → 1, 1 → 2, -2 → 3, 2147483647 → 4294967294, -2147483648 → 4294967295.
        let pairs: [(UInt64, Int64)] = [(0, 0), (1, -1), (2, 1), (3, -2), (4_294_967_294, 2_147_483_647), (4_294_967_295, -2_147_483_648)]
        for (raw, value) in pairs {
            let bytes = P.varint(raw)
            let v = try bytes.withUnsafeBufferPointer { b throws(ProtobufError) -> Int64 in
                var r = ProtobufReader(bytes: b)
                return try r.readSignedVarint()
            }
            #expect(v == value)
        }
    }

    // MARK: Traces

    @Test func everyFieldOfASpanLandsAsTheJSONReaderPutsIt() throws {
        let (file, format) = try #require(Self.decodedProtobuf(Self.traceRequest().bytes))
        #expect(format == "otlp-protobuf")
        #expect(file.spanCount == 1)
        let span = file.snapshot.spans[0]
        #expect(span.traceID.hex == "0102030405060708090a0b0c0d0e0f10")
        #expect(span.spanID.hex == "a1a2a3a4a5a6a7a8")
        #expect(span.parentSpanID.hex == "0000000000000009")
        #expect(span.name == "GET /x")
        #expect(span.kind == .client)
        #expect(span.startTimeUnixNano == 1_700_000_000_000_000_000)
        #expect(span.endTimeUnixNano == 1_700_000_000_250_000_000)
        #expect(span.status == .error)
        #expect(span.statusMessage == "boom")
        #expect(
            span.attributes == [
                Attribute(key: "http.route", value: .string("/x")), Attribute(key: "ok", value: .bool(true)),
                Attribute(key: "n", value: .int(-5)), Attribute(key: "ratio", value: .double(0.5)),
                Attribute(key: "list", value: .array([.string("a"), .int(7)])),
                Attribute(key: "map", value: .kvlist([Attribute(key: "inner", value: .bool(false))])),
                Attribute(key: "raw", value: .bytes([0, 255])),
            ])
        #expect(
            span.events == [
                SpanEvent(
                    timeUnixNano: 1_700_000_000_000_000_005, name: "exception",
                    attributes: [Attribute(key: "exception.type", value: .string("E"))])
            ])
        #expect(
            span.links.map { "\($0.traceID.hex)/\($0.spanID.hex)/\($0.attributes)" }
                == ["eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee/dddddddddddddddd/\([Attribute(key: "k", value: .string("v"))])"])
        #expect(file.snapshot.resources[Int(span.resourceIndex)].serviceName == "svc")
        #expect(file.snapshot.scopes[Int(span.scopeIndex)].name == "lib")
        #expect(file.snapshot.scopes[Int(span.scopeIndex)].version == "1.0")

        let json = try #require(decoded(Self.spanJSON))
        #expect("\(json.snapshot.spans[0])" == "\(span)")
        #expect(json.snapshot.resources == file.snapshot.resources)
        #expect(json.snapshot.scopes == file.snapshot.scopes)
    }

    @Test func theThreeFramingsGiveTheSameSpans() throws {
        let a = Self.traceRequest([Self.span.string(5, "first")])
        let b = Self.traceRequest([Self.span.string(5, "second").bytes(2, [0, 0, 0, 0, 0, 0, 0, 1])])
        let single = (a + b).bytes  // protobuf concatenation: one request holding both resources
        for bytes in [single, Self.fixed32Framed([a, b]), Self.varintFramed([a, b])] {
            let (file, _) = try #require(Self.decodedProtobuf(bytes))
            #expect(file.snapshot.spans.map(\.name).sorted() == ["first", "second"])
        }
        #expect(framing(of: single) == .single)
        #expect(framing(of: Self.fixed32Framed([a, b])) == .fixed32BigEndian)
        #expect(framing(of: Self.varintFramed([a, b])) == .varintDelimited)
    }

    func framing(of b: [UInt8]) -> OTLPProtobufFraming? {
        b.withUnsafeBufferPointer { OTLPProtobufFraming.detect($0)?.0 }
    }

    @Test func unknownFieldsAndFieldsOfAnotherWireTypeAreSkipped() throws {
        let span = P().bytes(1, Self.traceID).bytes(2, Self.spanID).string(5, "s")
            .varint(99, 12345).fixed32(98, 7).string(97, "future").fixed64(96, 1)
            .string(7, "start time with the wrong wire type")  // skipped as unknown, as protobuf does
            .fixed64(8, 42)
        let (file, _) = try #require(Self.decodedProtobuf(Self.traceRequest([span]).bytes))
        #expect(file.snapshot.spans[0].name == "s")
        #expect(file.snapshot.spans[0].startTimeUnixNano == 0)
        #expect(file.snapshot.spans[0].endTimeUnixNano == 42)
    }

    @Test func attributesSplitByAnEventStayTheSpansOwn() throws {
        // The wire format allows a repeated field's elements to be interleaved with other fields.
        let span = P().bytes(1, Self.traceID).bytes(2, Self.spanID).string(5, "s")
            .attribute(9, "a", Self.string("1"))
            .message(11, P().string(2, "e").attribute(3, "event.key", Self.string("x")))
            .attribute(9, "b", Self.string("2"))
        let (file, _) = try #require(Self.decodedProtobuf(Self.traceRequest([span]).bytes))
        let s = file.snapshot.spans[0]
        #expect(s.attributes.map(\.key) == ["a", "b"])
        #expect(s.events.map(\.attributes) == [[Attribute(key: "event.key", value: .string("x"))]])
    }

    @Test func unknownEnumValuesMapToUnspecifiedAsInJSON() throws {
        let span = P().bytes(1, Self.traceID).bytes(2, Self.spanID).string(5, "s").varint(6, 17).message(15, P().varint(3, 9))
        let (file, _) = try #require(Self.decodedProtobuf(Self.traceRequest([span]).bytes))
        #expect(file.snapshot.spans[0].kind == .unspecified)
        #expect(file.snapshot.spans[0].status == .unset)
    }

    @Test func theDeprecatedInstrumentationLibrarySpansAreRead() throws {
        let library = P().message(1, P().string(1, "old-lib")).message(2, Self.span)
        let request = P().message(1, P().message(1, P().attribute(1, "service.name", Self.string("svc"))).message(1000, library))
        let (file, _) = try #require(Self.decodedProtobuf(request.bytes))
        #expect(file.spanCount == 1)
        #expect(file.snapshot.scopes.map(\.name).contains("old-lib"))
    }

    // MARK: Metrics

    @Test func everyMetricKindGivesTheJSONReadersSeries() throws {
        let attr = P().attribute(7, "state", Self.string("user"))
        let gauge = P().string(1, "g").string(3, "By").message(5, P().message(1, attr.fixed64(3, 10).fixed64(6, UInt64(bitPattern: -3))))
        let sum = P().string(1, "s").string(2, "d").message(
            7, P().message(1, P().fixed64(2, 1).fixed64(3, 10).double(4, 2.5)).varint(2, 2).varint(3, 1))
        // bucket_counts packed, explicit_bounds unpacked: both forms must be accepted.
        let packedCounts = P().bytes(6, [1, 2, 3].flatMap { (v: UInt64) in (0..<8).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } })
        let histogram = P().string(1, "h").message(
            9,
            P().message(
                1,
                P().fixed64(3, 10).fixed64(4, 6).double(5, 12) + packedCounts
                    + P().double(7, 1).double(7, 5).double(11, 0.5).double(12, 9)
            ).varint(2, 1))
        let exponential = P().string(1, "e").message(
            10,
            P().message(
                1,
                P().fixed64(3, 10).fixed64(4, 5).signed(6, -2).fixed64(7, 1)
                    .message(8, P().signed(1, -3).bytes(2, [1, 3])).message(9, P().signed(1, 2).varint(2, 4)).double(14, 0.001)
            ).varint(2, 2))
        let summary = P().string(1, "q").message(
            11,
            P().message(
                1,
                P().fixed64(3, 10).fixed64(4, 4).double(5, 8)
                    .message(6, P().double(1, 0.5).double(2, 1.5)).message(6, P().double(1, 0.99).double(2, 3))))
        let scope = P().message(2, gauge).message(2, sum).message(2, histogram).message(2, exponential).message(2, summary)
        let request = P().message(1, P().message(1, P().attribute(1, "service.name", Self.string("svc"))).message(2, scope))
        let (file, _) = try #require(Self.decodedProtobuf(request.bytes))
        #expect(file.metricPointCount == 5)

        let json = try #require(
            decoded(
                #"""
                {"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}}]},"scopeMetrics":[{"metrics":[
                  {"name":"g","unit":"By","gauge":{"dataPoints":[{"attributes":[{"key":"state","value":{"stringValue":"user"}}],"timeUnixNano":"10","asInt":"-3"}]}},
                  {"name":"s","description":"d","sum":{"dataPoints":[{"startTimeUnixNano":"1","timeUnixNano":"10","asDouble":2.5}],"aggregationTemporality":2,"isMonotonic":true}},
                  {"name":"h","histogram":{"dataPoints":[{"timeUnixNano":"10","count":"6","sum":12,"bucketCounts":["1","2","3"],"explicitBounds":[1,5],"min":0.5,"max":9}],"aggregationTemporality":1}},
                  {"name":"e","exponentialHistogram":{"dataPoints":[{"timeUnixNano":"10","count":"5","scale":-2,"zeroCount":"1","positive":{"offset":-3,"bucketCounts":["1","3"]},"negative":{"offset":2,"bucketCounts":["4"]},"zeroThreshold":0.001}],"aggregationTemporality":2}},
                  {"name":"q","summary":{"dataPoints":[{"timeUnixNano":"10","count":"4","sum":8,"quantileValues":[{"quantile":0.5,"value":1.5},{"quantile":0.99,"value":3}]}]}}
                ]}]}]}
                """#))
        #expect(file.snapshot.metrics.map { "\($0)" } == json.snapshot.metrics.map { "\($0)" })
        #expect(file.snapshot.resources == json.snapshot.resources)
        // And by hand, the fields that the encodings spell differently.
        let byName = Dictionary(uniqueKeysWithValues: file.snapshot.metrics.map { ($0.name, $0) })
        #expect(byName["g"]?.points == .number([NumberPoint(timeUnixNano: 10, value: -3)]))
        #expect(byName["s"]?.kind == .sum(monotonic: true, temporality: .cumulative))
        #expect(
            byName["h"]?.points
                == .histogram([
                    HistogramPoint(timeUnixNano: 10, count: 6, sum: 12, explicitBounds: [1, 5], bucketCounts: [1, 2, 3], min: 0.5, max: 9)
                ]))
        guard case .exponentialHistogram(let e)? = byName["e"]?.points else {
            Issue.record("no exponential histogram")
            return
        }
        #expect(e.first?.scale == -2)
        #expect(e.first?.positiveOffset == -3)
        #expect(e.first?.positiveBucketCounts == [1, 3])
        #expect(e.first?.negativeOffset == 2)
        #expect(e.first?.negativeBucketCounts == [4])
    }

    // MARK: Logs

    @Test func logRecordsAreDecodedAndCountedButAddNothing() throws {
        let record = P().fixed64(1, 5).fixed64(11, 6).varint(2, 9).string(3, "INFO").message(5, Self.string("hello"))
            .attribute(6, "k", Self.string("v")).bytes(9, Self.traceID).bytes(10, Self.spanID).string(12, "event")
        let request = P().message(
            1,
            P().message(1, P().attribute(1, "service.name", Self.string("svc")))
                .message(2, P().message(2, record).message(2, record.varint(2, 17))))
        let bytes = request.bytes
        let count = try bytes.withUnsafeBufferPointer { b throws(ProtobufError) -> Int in
            var decoder = OTLPProtobufDecoder(reader: ProtobufReader(bytes: b))
            try decoder.decodeRequest()
            return decoder.logRecordCount
        }
        #expect(count == 2)
        let (file, format) = try #require(Self.decodedProtobuf(bytes))
        #expect(format == "otlp-protobuf")
        #expect(file.spanCount == 0 && file.metricPointCount == 0)
        #expect(file.warnings.isEmpty)  // as the JSON reader leaves resourceLogs out
    }

    @Test func theSignalIsReadFromTheItems() {
        func signal(_ item: P) -> OTLPProtobufSignal {
            let request = P().message(1, P().message(2, P().message(2, item))).bytes
            return request.withUnsafeBufferPointer { OTLPProtobufSignal.classify($0, start: 0, end: $0.count) }
        }
        #expect(signal(Self.span) == .traces)
        #expect(signal(P().string(1, "m").message(5, P())) == .metrics)
        #expect(signal(P().string(1, "m").message(7, P())) == .metrics)
        #expect(signal(P().fixed64(1, 5).message(5, Self.string("x"))) == .logs)
        // A span without times or kind and a metric look alike; ids of span length decide.
        #expect(signal(P().bytes(1, Self.traceID).bytes(2, Self.spanID).string(5, "n")) == .traces)
        #expect(signal(P().string(1, "name").string(2, "description")) == .metrics)
    }

    // MARK: Not protobuf

    @Test func textJSONAndRandomBytesAreNotTakenForProtobuf() {
        let samples: [[UInt8]] = [
            Array(#"{"resourceSpans":[]}"#.utf8), Array("\n\n# HELP x y\nx 1\n".utf8), Array("hello".utf8),
            Array("\nfoo_metric 1\n".utf8), [0x0A], [0x0A, 0x05, 1, 2], [0x00, 0x00, 0x00], [0x0A, 0x02, 0x22, 0x00],
        ]
        for s in samples {
            let sniffed = s.withUnsafeBufferPointer { OTLPProtobufFormat.sniff($0) }
            #expect(!sniffed, "\(s.prefix(20))")
        }
    }

    /// Zero bytes tile as empty messages in both framed layouts (a 4-byte length 0, a varint 0),
    /// none of which holds anything: not protobuf. Empty messages before a real one still count,
    /// so a fault's message number is its place in the file.
    @Test func zeroBytesAreNotProtobufAndEmptyMessagesKeepTheirPlace() throws {
        for count in [1, 4, 5, 4096, 1 << 20] {
            #expect(framing(of: [UInt8](repeating: 0, count: count)) == nil, "\(count) zero bytes")
        }
        let good = Self.traceRequest()
        let bad = Self.traceRequest([P().bytes(1, Self.traceID).bytes(2, [1]).fixed64(7, 1)])
        let framed = [UInt8](repeating: 0, count: 8) + Self.fixed32Framed([good, bad])
        let detected = try #require(framed.withUnsafeBufferPointer { OTLPProtobufFraming.detect($0) })
        #expect(detected.0 == .fixed32BigEndian)
        #expect(detected.1 == [4..<4, 8..<8, 12..<12 + good.bytes.count, 16 + good.bytes.count..<framed.count])
        let d = try #require(Self.protobufFailure(framed))
        #expect(d.message.contains("(4-byte length framing; message 3 starts at byte \(16 + good.bytes.count))"))
    }

    // MARK: Faults

    @Test func aTruncatedVarintNamesItsByteAndFieldPath() throws {
        let good = P().bytes(1, Self.traceID).bytes(2, Self.spanID).string(5, "s")
        // The third attribute of the second span ends in a varint cut short by its own length.
        let badAttribute: [UInt8] = P.tag(9, 2) + [4] + [0x12, 0x02, 0x18, 0x96]  // KeyValue{value: AnyValue{int_value: 0x96…}}
        let badSpan = P(bytes: good.attribute(9, "a", Self.string("1")).attribute(9, "b", Self.string("2")).bytes + badAttribute)
        let request = Self.traceRequest([good, badSpan]).bytes
        let d = try #require(Self.protobufFailure(request))
        let offset = try #require(request.lastIndex(of: 0x96))
        #expect(d.path == "resourceSpans[0].scopeSpans[0].spans[1].attributes[2].value.intValue")
        #expect(d.message == "truncated varint at byte \(offset)")
        #expect(d.file == "t.binpb")
    }

    @Test func aLengthPastItsMessageAndAWrongIdLengthAreReported() throws {
        // A name whose length runs 10 bytes past the end of the span.
        let span = P(bytes: P().bytes(1, Self.traceID).bytes + P.tag(5, 2) + [12, 0x61, 0x62])
        let d = try #require(Self.protobufFailure(Self.traceRequest([span]).bytes))
        #expect(d.path == "resourceSpans[0].scopeSpans[0].spans[0].name")
        #expect(d.message.contains("length 12 at byte") && d.message.contains("runs past the end of its message (2 bytes left)"))

        let shortID = P().bytes(1, [1, 2, 3]).string(5, "s").fixed64(7, 1)
        let e = try #require(Self.protobufFailure(Self.traceRequest([shortID]).bytes))
        #expect(e.path == "resourceSpans[0].scopeSpans[0].spans[0].traceId")
        #expect(e.message.hasPrefix("expected a trace id of 16 bytes, found 3 bytes at byte"))
    }

    @Test func aFaultInAFramedFileNamesTheMessage() throws {
        let good = Self.traceRequest()
        let bad = Self.traceRequest([P().bytes(1, Self.traceID).bytes(2, [1]).fixed64(7, 1)])
        let d = try #require(Self.protobufFailure(Self.fixed32Framed([good, bad])))
        #expect(d.path == "message[1].resourceSpans[0].scopeSpans[0].spans[0].spanId")
        #expect(d.message.contains("(4-byte length framing; message 1 starts at byte \(4 + good.bytes.count + 4))"))
    }

    @Test func attributeValuesNestedTooDeeplyAreRejected() throws {
        var value = Self.string("leaf")
        for _ in 0..<70 { value = P().message(5, P().message(1, value)) }
        let span = P().bytes(1, Self.traceID).bytes(2, Self.spanID).string(5, "s").attribute(9, "deep", value)
        let d = try #require(Self.protobufFailure(Self.traceRequest([span]).bytes))
        #expect(d.message.hasPrefix("attribute values nested deeper than 64 levels"))
        #expect(d.path.hasPrefix("resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value.arrayValue.values[0]"))
    }
}
