import Foundation
import TelemetryModel
import Testing

@testable import TelemetryIngest

/// The OTLP 0.x metric kinds in protobuf (`IntGauge = 4`, `IntSum = 6`, `IntHistogram = 8`, and
/// the double kinds at 5/7/9/11 with their `StringKeyValue labels = 1`), written out by hand, give
/// exactly the series the JSON reader makes of their JSON twin (`intGauge`, `doubleSum`, …);
/// field numbers from opentelemetry-proto's metrics.proto as of v0.10 (commit 27a10cd).
@Suite struct OTLPProtobufLegacyMetricsTests {
    typealias P = ProtobufBytes

    static func label(_ key: String, _ value: String) -> P { P().message(1, P().string(1, key).string(2, value)) }
    static func sfixed64(_ field: UInt64, _ value: Int64) -> P { P().fixed64(field, UInt64(bitPattern: value)) }

    static let counts = P().bytes(6, [1, 2, 3].flatMap { (v: UInt64) in (0..<8).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } })

    static let request: P = {
        // IntGauge: a label, then an IntDataPoint's sfixed64 value (negative, so a double reading would be wrong).
        let intGauge = P().string(1, "process.threads").string(3, "1").message(
            4,
            P().message(
                1,
                label("host", "a") + label("cpu", "0") + P().fixed64(2, 1) + P().fixed64(3, 10) + sfixed64(4, -7)))
        let intSum = P().string(1, "http.requests").string(2, "requests served").message(
            6,
            P()
                .message(1, label("state", "ok") + P().fixed64(2, 1) + P().fixed64(3, 10) + sfixed64(4, 42))
                .message(1, label("state", "error") + P().fixed64(2, 1) + P().fixed64(3, 10) + sfixed64(4, 3))
                .varint(2, 2).varint(3, 1))
        let intHistogram = P().string(1, "queue.wait").string(3, "ms").message(
            8,
            P().message(
                1,
                label("queue", "q1") + P().fixed64(2, 1) + P().fixed64(3, 10) + P().fixed64(4, 6) + sfixed64(5, -12) + counts
                    + P().double(7, 1).double(7, 5)
            ).varint(2, 1))
        // The double kinds: today's layouts plus labels, beside an attribute.
        let doubleGauge = P().string(1, "cpu.utilization").message(
            5,
            P().message(
                1,
                label("cpu", "1") + P().attribute(7, "state", P().string(1, "user")) + P().fixed64(3, 10) + P().double(4, 2.5)))
        let doubleSum = P().string(1, "bytes.sent").message(
            7,
            P().message(
                1,
                label("peer", "b") + P().fixed64(2, 1) + P().fixed64(3, 10) + P().double(4, 0.25)
            ).varint(2, 1))
        let doubleHistogram = P().string(1, "latency").message(
            9,
            P().message(
                1,
                label("route", "/x") + P().fixed64(3, 10) + P().fixed64(4, 6) + P().double(5, 12.5) + counts + P().double(7, 1).double(7, 5)
            ).varint(2, 2))
        let doubleSummary = P().string(1, "gc.pause").message(
            11,
            P().message(
                1,
                label("gen", "old") + P().fixed64(3, 10) + P().fixed64(4, 4) + P().double(5, 8)
                    + P().message(6, P().double(1, 0.5).double(2, 1.5))))
        let scope = [intGauge, intSum, intHistogram, doubleGauge, doubleSum, doubleHistogram, doubleSummary].reduce(P()) {
            $0.message(2, $1)
        }
        return P().message(1, P().message(1, P().attribute(1, "service.name", P().string(1, "legacy"))).message(2, scope))
    }()

    static let json = #"""
        {"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"legacy"}}]},"instrumentationLibraryMetrics":[{"metrics":[
          {"name":"process.threads","unit":"1","intGauge":{"dataPoints":[{"labels":[{"key":"host","value":"a"},{"key":"cpu","value":"0"}],"startTimeUnixNano":"1","timeUnixNano":"10","value":"-7"}]}},
          {"name":"http.requests","description":"requests served","intSum":{"dataPoints":[
            {"labels":[{"key":"state","value":"ok"}],"startTimeUnixNano":"1","timeUnixNano":"10","value":"42"},
            {"labels":[{"key":"state","value":"error"}],"startTimeUnixNano":"1","timeUnixNano":"10","value":"3"}],
            "aggregationTemporality":2,"isMonotonic":true}},
          {"name":"queue.wait","unit":"ms","intHistogram":{"dataPoints":[{"labels":[{"key":"queue","value":"q1"}],"startTimeUnixNano":"1","timeUnixNano":"10","count":"6","sum":"-12","bucketCounts":["1","2","3"],"explicitBounds":[1,5]}],"aggregationTemporality":1}},
          {"name":"cpu.utilization","doubleGauge":{"dataPoints":[{"labels":[{"key":"cpu","value":"1"}],"attributes":[{"key":"state","value":{"stringValue":"user"}}],"timeUnixNano":"10","value":2.5}]}},
          {"name":"bytes.sent","doubleSum":{"dataPoints":[{"labels":[{"key":"peer","value":"b"}],"startTimeUnixNano":"1","timeUnixNano":"10","value":0.25}],"aggregationTemporality":1}},
          {"name":"latency","doubleHistogram":{"dataPoints":[{"labels":[{"key":"route","value":"/x"}],"timeUnixNano":"10","count":"6","sum":12.5,"bucketCounts":["1","2","3"],"explicitBounds":[1,5]}],"aggregationTemporality":2}},
          {"name":"gc.pause","doubleSummary":{"dataPoints":[{"labels":[{"key":"gen","value":"old"}],"timeUnixNano":"10","count":"4","sum":8,"quantileValues":[{"quantile":0.5,"value":1.5}]}]}}
        ]}]}]}
        """#

    @Test func legacyKindsGiveTheJSONReadersSeriesExactly() throws {
        let (file, format) = try #require(OTLPProtobufDecodingTests.decodedProtobuf(Self.request.bytes))
        #expect(format == "otlp-protobuf")
        let twin = try #require(decoded(Self.json))
        #expect(file.metricPointCount == 8)
        #expect(twin.metricPointCount == 8)
        #expect(file.snapshot.metrics.map { "\($0)" } == twin.snapshot.metrics.map { "\($0)" })
        #expect(file.snapshot.resources == twin.snapshot.resources)
        // By hand: the values, kinds and label order both must give.
        let s = file.snapshot.metrics
        func named(_ n: String) -> [MetricSeries] { s.filter { $0.name == n } }
        let gauge = try #require(named("process.threads").first)
        #expect(gauge.kind == .gauge)
        #expect(gauge.points == .number([NumberPoint(startTimeUnixNano: 1, timeUnixNano: 10, value: -7)]))
        // The model keeps a series' attributes sorted by key, whichever field they came from.
        #expect(gauge.attributes == [Attribute(key: "cpu", value: .string("0")), Attribute(key: "host", value: .string("a"))])
        let sums = named("http.requests")
        #expect(sums.map(\.kind) == [.sum(monotonic: true, temporality: .cumulative), .sum(monotonic: true, temporality: .cumulative)])
        #expect(
            sums.map(\.points) == [
                .number([NumberPoint(startTimeUnixNano: 1, timeUnixNano: 10, value: 42)]),
                .number([NumberPoint(startTimeUnixNano: 1, timeUnixNano: 10, value: 3)]),
            ])
        #expect(sums.first?.description == "requests served")
        let histogram = try #require(named("queue.wait").first)
        #expect(histogram.kind == .histogram(temporality: .delta))
        #expect(
            histogram.points
                == .histogram([
                    HistogramPoint(
                        startTimeUnixNano: 1, timeUnixNano: 10, count: 6, sum: -12,
                        explicitBounds: [1, 5], bucketCounts: [1, 2, 3])
                ]))
        let doubleGauge = try #require(named("cpu.utilization").first)
        #expect(doubleGauge.attributes == [Attribute(key: "cpu", value: .string("1")), Attribute(key: "state", value: .string("user"))])
        #expect(doubleGauge.points == .number([NumberPoint(timeUnixNano: 10, value: 2.5)]))
        #expect(named("bytes.sent").first?.kind == .sum(monotonic: false, temporality: .delta))
        #expect(named("bytes.sent").first?.points == .number([NumberPoint(startTimeUnixNano: 1, timeUnixNano: 10, value: 0.25)]))
        #expect(
            named("latency").first?.points
                == .histogram([
                    HistogramPoint(
                        timeUnixNano: 10, count: 6, sum: 12.5,
                        explicitBounds: [1, 5], bucketCounts: [1, 2, 3])
                ]))
        #expect(named("gc.pause").first?.attributes == [Attribute(key: "gen", value: .string("old"))])
        #expect(
            named("gc.pause").first?.points
                == .summary([SummaryPoint(timeUnixNano: 10, count: 4, sum: 8, quantiles: [.init(quantile: 0.5, value: 1.5)])]))
    }

    @Test func aTruncatedLabelNamesItsFieldPath() throws {
        // A label whose value claims 9 bytes where 1 is left.
        let bad = P().message(
            1,
            P().message(
                2,
                P().message(
                    2,
                    P().string(1, "process.threads").message(
                        4,
                        P().message(
                            1,
                            P().message(1, P(bytes: [0x0A, 0x01, 0x6B, 0x12, 0x09, 0x76])) + P().fixed64(3, 10))))))
        let problem = try #require(OTLPProtobufDecodingTests.protobufFailure(bad.bytes))
        #expect(problem.path == "resourceMetrics[0].scopeMetrics[0].metrics[0].intGauge.dataPoints[0].labels[0].value", "\(problem)")
        let offset = try #require(bad.bytes.firstIndex(of: 0x09), "the length byte")
        #expect(problem.message == "length 9 at byte \(offset) runs past the end of its message (1 bytes left)")
    }
}
