import Foundation
import TelemetryModel
import Testing
import Vocabulary

@testable import TelemetryIngest

/// The classes of real files that were misread or rejected (issue 12 §1), each from a small
/// hand-written fixture in `Fixtures/Formats` made from the format's public documentation, with
/// exact counts, values and `file:line:column` messages.
@Suite struct RealFileClassTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/Formats")

    func path(_ name: String) -> String { Self.folder.appendingPathComponent(name).path }

    /// The decoded fixture and its format, or nil (recording the problems).
    func load(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) -> (file: DecodedFile, format: String)? {
        switch SnapshotLoader.decodeFile(path(name)) {
        case .decoded(let file, let format): return (file, format)
        case .failed(let problems):
            Issue.record("\(name) failed: \(problems.map(\.description))", sourceLocation: sourceLocation)
            return nil
        }
    }

    func span(_ file: DecodedFile, named name: String, kind: SpanKind? = nil) throws -> Span {
        let all = (0..<file.snapshot.spans.count).map { file.snapshot.spans[$0] }
        return try #require(all.first { $0.name == name && (kind == nil || $0.kind == kind) })
    }

    func series(_ file: DecodedFile, _ name: String) -> [MetricSeries] {
        file.snapshot.metrics.filter { $0.name == name }
    }

    func numbers(_ file: DecodedFile, _ name: String) -> [NumberPoint] {
        series(file, name).flatMap { s -> [NumberPoint] in if case .number(let p) = s.points { return p } else { return [] } }
    }

    func histograms(_ file: DecodedFile, _ name: String) -> [HistogramPoint] {
        series(file, name).flatMap { s -> [HistogramPoint] in if case .histogram(let p) = s.points { return p } else { return [] } }
    }

    static func nanos(_ rfc3339: String) -> Int64 { UTCTime.parseRFC3339(rfc3339)! }

    // MARK: OpenSearch / Data Prepper

    @Test func dataPrepperLogDocumentsAreNotSpans() throws {
        let (file, format) = try #require(load("dataprepper-logs.bulk.ndjson"))
        #expect(format == "opensearch-span")
        #expect(file.spanCount == 0)
        #expect(file.snapshot.spans.count == 0)
        // They are log records (issue 14), without a note.
        #expect(file.snapshot.logs.count == 3)
        #expect(file.warnings.isEmpty)
    }

    @Test func aSearchResponseMixingSpansAndLogsKeepsOnlyTheSpans() throws {
        let (file, _) = try #require(load("opensearch-mixed.search.json"))
        #expect(file.spanCount == 2)
        let child = try span(file, named: "get_product_list")
        #expect(child.parentSpanID.hex == "eee19b7ec3c1b174")
        #expect(child.status == .error)
        #expect(child.statusMessage == "timeout")
        #expect(child.startTimeUnixNano == Self.nanos("2026-03-01T10:00:00.01Z"))
        #expect(child.durationNanos == 230_000_000)
        // Nothing at 1970: every span starts on the day of the file.
        #expect((0..<file.snapshot.spans.count).allSatisfy { file.snapshot.spans.startTimes[$0] >= Self.nanos("2026-03-01T00:00:00Z") })
        #expect(file.snapshot.logs.count == 1)
        #expect(file.warnings.isEmpty)
    }

    @Test func searchHitsPerLineAreUnwrappedAndANullParentIsARoot() throws {
        let (file, format) = try #require(load("otel-v1-apm-span.hits.ndjson"))
        #expect(format == "opensearch-span")
        #expect(file.spanCount == 3)
        #expect(try span(file, named: "SELECT").parentSpanID.hex == "1111111111111111")
        #expect(try span(file, named: "background flush").parentSpanID == .none)
        #expect(
            file.warnings.map(\.description) == [
                path("otel-v1-apm-span.hits.ndjson")
                    + #":3:187: warning: _source.parentSpanId: parentSpanId "null" is not a span id; the span is taken as a root"#
            ])
    }

    // MARK: Jaeger

    @Test func jaegerSpanHitsPerLineAreUnwrapped() throws {
        let (file, format) = try #require(load("jaeger-span.hits.ndjson"))
        #expect(format == "jaeger-json")
        #expect(file.spanCount == 2)
        #expect(file.warnings.isEmpty)
        let server = try span(file, named: "HTTP GET /dispatch")
        #expect(server.kind == .server)
        #expect(server.startTimeUnixNano == 1_772_362_800_000_000_000)
        #expect(server.durationNanos == 120_000_000)
        #expect(server.attributes == [Attribute(key: "http.status_code", value: .int(200))])
        #expect(
            file.snapshot.resource(of: server).attributes == [
                Attribute(key: "service.name", value: .string("frontend")),
                Attribute(key: "hostname", value: .string("web-1")),
            ])
        let sql = try span(file, named: "SQL SELECT")
        #expect(sql.parentSpanID.hex == "00f067aa0ba902b7")
        #expect(sql.status == .error)
    }

    @Test func jaegerSearchResponsesAreUnwrapped() throws {
        let (file, format) = try #require(load("jaeger-span.search.json"))
        #expect(format == "jaeger-json")
        #expect(file.spanCount == 2)
        #expect(file.warnings.isEmpty)
        #expect(try span(file, named: "HTTP GET /dispatch").attributes == [Attribute(key: "http.status_code", value: .int(200))])
        #expect(try span(file, named: "SQL SELECT").parentSpanID.hex == "00f067aa0ba902b7")
    }

    @Test func jaegerProtoJSONWithProtoFieldNames() throws {
        let (file, format) = try #require(load("jaeger-api-v2-proto-names.json"))
        #expect(format == "jaeger-json")
        #expect(file.spanCount == 2)
        #expect(file.warnings.isEmpty)
        let root = try span(file, named: "GET /customer")
        #expect(root.traceID.hex == "00000000000000000000000000000001")
        #expect(root.spanID.hex == "0000000000000002")
        #expect(root.kind == .server)
        #expect(root.startTimeUnixNano == Self.nanos("2026-03-01T12:00:00.0001Z"))
        #expect(root.durationNanos == 250_000_000)
        #expect(
            root.attributes == [
                Attribute(key: "http.status_code", value: .int(200)), Attribute(key: "cache.hit", value: .bool(true)),
                Attribute(key: "load", value: .double(0.75)),
            ])
        #expect(
            root.events == [
                SpanEvent(
                    timeUnixNano: Self.nanos("2026-03-01T12:00:00.1Z"), name: "lookup",
                    attributes: [Attribute(key: "rows", value: .int(3))])
            ])
        #expect(
            file.snapshot.resource(of: root).attributes == [
                Attribute(key: "service.name", value: .string("customer")),
                Attribute(key: "hostname", value: .string("host-a")),
            ])
        let child = try span(file, named: "SQL SELECT")
        #expect(child.parentSpanID.hex == "0000000000000002")
        #expect(child.kind == .client)
        #expect(child.status == .error)
        #expect(file.snapshot.serviceName(of: child) == "mysql")
    }

    @Test func jaegerProtoTraceWithAProcessMap() throws {
        let (file, _) = try #require(load("jaeger-api-v2-trace-process-map.json"))
        #expect(file.spanCount == 2)
        let child = try span(file, named: "child")
        #expect(child.parentSpanID.hex == "0000000000000005")
        #expect(child.durationNanos == 250_000_000)
        #expect(
            file.snapshot.resource(of: child).attributes == [
                Attribute(key: "service.name", value: .string("worker")),
                Attribute(key: "queue", value: .string("jobs")),
            ])
        #expect(file.snapshot.serviceName(of: try span(file, named: "root")) == "api")
    }

    // MARK: OTLP

    @Test func otlpWithProtoFieldNames() throws {
        let (file, format) = try #require(load("otlp-proto-names.json"))
        #expect(format == "otlp-json")
        #expect(file.spanCount == 1)
        #expect(file.metricPointCount == 2)
        let order = try span(file, named: "PlaceOrder")
        #expect(order.kind == .server)
        #expect(order.status == .error)
        #expect(order.statusMessage == "card declined")
        #expect(order.startTimeUnixNano == 1_772_366_400_000_000_000)
        #expect(order.durationNanos == 300_000_000)
        #expect(order.attributes == [Attribute(key: "order.items", value: .int(3)), Attribute(key: "order.total", value: .double(42.5))])
        #expect(order.events.map(\.name) == ["charge"])
        #expect(
            numbers(file, "orders") == [
                NumberPoint(startTimeUnixNano: 1_772_366_000_000_000_000, timeUnixNano: 1_772_366_400_000_000_000, value: 17)
            ])
        #expect(series(file, "orders").first?.kind == .sum(monotonic: true, temporality: .cumulative))
        let latency = try #require(histograms(file, "latency").first)
        #expect(latency.count == 4)
        #expect(latency.sum == 1.5)
        #expect(latency.explicitBounds == [0.1, 0.5])
        #expect(latency.bucketCounts == [1, 2, 1])
    }

    @Test func legacyOTLPMetricKindsAreRead() throws {
        let (file, _) = try #require(load("otlp-legacy-metrics.json"))
        #expect(file.metricPointCount == 7)
        let t: Int64 = 1_600_000_000_000_000_000
        let queues = series(file, "queue.length").sorted { $0.attributes.description < $1.attributes.description }
        #expect(
            queues.map(\.attributes) == [[Attribute(key: "queue", value: .string("a"))], [Attribute(key: "queue", value: .string("b"))]])
        #expect(numbers(file, "queue.length").map(\.value).sorted() == [2, 7])
        #expect(series(file, "queue.length").first?.kind == .gauge)
        #expect(numbers(file, "cpu.temp") == [NumberPoint(timeUnixNano: t, value: 61.5)])
        #expect(numbers(file, "requests") == [NumberPoint(startTimeUnixNano: 1_599_999_940_000_000_000, timeUnixNano: t, value: 120)])
        #expect(series(file, "requests").first?.kind == .sum(monotonic: true, temporality: .cumulative))
        #expect(numbers(file, "bytes").map(\.value) == [512.25])
        #expect(series(file, "bytes").first?.kind == .sum(monotonic: true, temporality: .delta))
        let intHistogram = try #require(histograms(file, "latency.int").first)
        #expect(intHistogram.count == 6)
        #expect(intHistogram.sum == 900)
        #expect(intHistogram.explicitBounds == [100, 200])
        #expect(intHistogram.bucketCounts == [1, 3, 2])
        #expect(series(file, "latency.int").first?.attributes == [Attribute(key: "route", value: .string("/"))])
        let doubleHistogram = try #require(histograms(file, "latency.double").first)
        #expect(doubleHistogram.count == 2)
        #expect(doubleHistogram.sum == 0.3)
    }

    @Test func aLogsOnlyOTLPFileSaysWhatItHolds() throws {
        let (file, _) = try #require(load("otlp-logs-only.jsonl"))
        #expect(file.spanCount == 0)
        #expect(file.metricPointCount == 0)
        #expect(file.snapshot.logs.count == 3)
        #expect(file.warnings.isEmpty)
    }

    @Test func otlpParentSpanIdNullIsARootWithAWarning() throws {
        let json = traceRequest(
            span:
                #""traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","parentSpanId":"null","name":"a","startTimeUnixNano":"1","endTimeUnixNano":"2""#
        )
        let file = try #require(decoded(json))
        #expect(file.snapshot.spans.first?.parentSpanID == SpanID.none)
        #expect(file.warnings.map(\.message) == [#"parentSpanId "null" is not a span id; the span is taken as a root"#])
    }

    // MARK: Prometheus and OpenMetrics

    @Test func createdWithoutATimestampAppliesToEveryPointOfItsSeries() throws {
        let (file, _) = try #require(load("openmetrics-created-untimed.txt"))
        #expect(file.metricPointCount == 4)
        #expect(file.warnings.isEmpty)
        let histogram = histograms(file, "rpc_duration_seconds")
        #expect(histogram.map(\.timeUnixNano) == [1_772_366_400_000_000_000, 1_772_366_460_000_000_000])
        #expect(histogram.map(\.startTimeUnixNano) == [1_772_366_000_500_000_000, 1_772_366_000_500_000_000])
        #expect(histogram.map(\.bucketCounts) == [[3, 5, 2], [4, 7, 3]])
        #expect(histogram.map(\.count) == [10, 14])
        let summary = series(file, "job_latency_seconds").flatMap { s -> [SummaryPoint] in
            if case .summary(let p) = s.points { return p } else { return [] }
        }
        #expect(summary.count == 1)
        #expect(summary.first?.startTimeUnixNano == 1_772_366_100_000_000_000)
        #expect(summary.first?.timeUnixNano == 1_772_366_400_000_000_000)
        #expect(summary.first?.count == 20)
        #expect(
            numbers(file, "jobs_total") == [
                NumberPoint(startTimeUnixNano: 1_772_366_200_250_000_000, timeUnixNano: 1_772_366_400_000_000_000, value: 5)
            ])
    }

    @Test func untimedSamplesTakeTheNewestTimestampOfTheFile() throws {
        let (file, _) = try #require(load("prometheus-mixed-timestamps.prom"))
        #expect(file.metricPointCount == 4)
        let newest: Int64 = 1_772_366_460_000_000_000
        #expect(numbers(file, "up").map(\.timeUnixNano) == [newest])
        #expect(numbers(file, "temperature_celsius").map(\.timeUnixNano).sorted() == [1_772_366_400_000_000_000, newest, newest])
        #expect(
            file.warnings.map(\.message) == [
                "2 of 4 samples have no timestamp; they are placed at the newest timestamp in the file, 2026-03-01T12:01:00Z"
            ])
    }

    @Test func samplesOfAFileWithoutTimestampsTakeItsModificationTime() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("untimed-\(UUID().uuidString).prom")
        try "# TYPE up gauge\nup{job=\"a\"} 1\nup{job=\"b\"} 0\n".write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let modified = Date(timeIntervalSince1970: 1_772_366_400)
        try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: url.path)
        guard case .decoded(let file, _) = SnapshotLoader.decodeFile(url.path) else {
            Issue.record("not decoded")
            return
        }
        #expect(numbers(file, "up").map(\.timeUnixNano) == [1_772_366_400_000_000_000, 1_772_366_400_000_000_000])
        #expect(
            file.warnings.map(\.message) == [
                "all 2 samples have no timestamp; they are placed at the file's modification time, 2026-03-01T12:00:00Z"
            ])
    }

    @Test func aTruncatedOpenMetricsFileSaysEOFIsMissing() throws {
        guard case .failed(let problems) = SnapshotLoader.decodeFile(path("openmetrics-truncated.txt")) else {
            Issue.record("a truncated exposition must fail")
            return
        }
        let first = try #require(problems.first)
        #expect(first.line == 5)
        #expect(first.column == 42)
        #expect(
            first.message.hasPrefix(
                "missing '# EOF' at the end of an OpenMetrics exposition: the file reads as OpenMetrics but ends without it, so it was probably cut short"
            ))
    }

    @Test func aSeriesResponseIsNotCalledAnExemplarsResponse() throws {
        let (file, format) = try #require(load("prometheus-api-series.json"))
        #expect(format == "prometheus-api-json")
        #expect(file.metricPointCount == 0)
        #expect(
            file.warnings.map(\.description) == [
                path("prometheus-api-series.json")
                    + ":1:28: note: data: series response (/api/v1/series): 3 label sets and no samples, so this file gives no samples (query_range gives the samples)"
            ])
    }

    @Test func anEmptyFileIsLocated() throws {
        let outcome = [UInt8]().withUnsafeBufferPointer { SnapshotLoader.decode($0, file: "empty.txt") }
        guard case .failed(let problems) = outcome else {
            Issue.record("an empty file must fail")
            return
        }
        #expect(problems.map(\.description) == ["empty.txt:1:1: error: the file is empty"])
    }

    // MARK: Zipkin

    @Test func zipkinV1SpansAreReadBySide() throws {
        let (file, format) = try #require(load("zipkin-v1.json"))
        #expect(format == "zipkin-json")
        #expect(file.spanCount == 4)
        let api = try span(file, named: "get /api")
        #expect(api.kind == .server)
        #expect(api.spanID.hex == "7e6f9a2b3c4d5e6f")
        #expect(api.startTimeUnixNano == 1_772_366_400_000_000_000)
        #expect(api.durationNanos == 150_000_000)
        #expect(file.snapshot.serviceName(of: api) == "frontend")
        #expect(api.attributes.contains(Attribute(key: "http.path", value: .string("/api"))))
        #expect(api.attributes.contains(Attribute(key: "net.peer.ip", value: .string("192.168.1.9"))))
        let client = try span(file, named: "get /stock", kind: .client)
        #expect(client.spanID.hex == "1a2b3c4d5e6f7081")
        #expect(client.parentSpanID.hex == "7e6f9a2b3c4d5e6f")
        #expect(client.durationNanos == 100_000_000)
        #expect(client.status == .error)
        #expect(client.statusMessage == "timeout")
        #expect(file.snapshot.serviceName(of: client) == "frontend")
        let server = try span(file, named: "get /stock", kind: .server)
        #expect(server.parentSpanID.hex == "1a2b3c4d5e6f7081")
        #expect(server.startTimeUnixNano == 1_772_366_400_020_000_000)
        #expect(server.durationNanos == 80_000_000)
        #expect(server.events.map(\.name) == ["cache miss"])
        #expect(server.attributes.contains(Attribute(key: "sql.query", value: .string("SELECT 1"))))
        #expect(file.snapshot.serviceName(of: server) == "inventory")
        let local = try span(file, named: "compute")
        #expect(file.snapshot.serviceName(of: local) == "inventory")
        #expect(local.durationNanos == 5_000_000)
        #expect(local.attributes.contains(Attribute(key: "lc", value: .string("worker-pool"))))
        #expect(file.warnings.map(\.message).contains { $0.hasPrefix("3 Zipkin v1 spans") })
        #expect(
            file.warnings.map(\.message).contains { $0.hasPrefix("1 spans share their id with another span (client and server halves)") })
    }

    @Test func repeatedClientSpansAreNotCalledHalves() throws {
        let (file, _) = try #require(load("zipkin-repeated-client.json"))
        #expect(file.spanCount == 9)
        #expect(
            file.warnings.map(\.message) == [
                "8 spans repeat the trace and span id of another span of the same kind (not client and server halves: duplicates or retries); each got a derived id, is a child of the first, and keeps the original in source.span_id"
            ])
    }

    // MARK: Hostile shapes

    @Test func deeplyNestedSourceWrappersEndCleanly() {
        for inner in [
            #"{"traceID":"1","spanID":"2","operationName":"a","startTime":1,"duration":1}"#,
            #"{"traceId":"1","spanId":"2","startTime":"2026-03-01T00:00:00Z","name":"a"}"#,
        ] {
            var text = inner
            for _ in 0..<600 { text = #"{"_index":"i","_source":"# + text + "}" }
            // Decoded or rejected, never a crash; the 512-level nesting limit applies.
            switch decodeText(text) {
            case .decoded(let file, _): #expect(file.spanCount <= 1)
            case .failed(let problems): #expect(!problems.isEmpty)
            }
        }
    }

    @Test func zipkinV1NullTimestampAndDurationAreAbsent() throws {
        let json =
            #"[{"traceId":"16661f6cb5d58903","id":"16661f6cb5d58903","name":"encode","timestamp":1510043590522358,"duration":null,"binaryAnnotations":[{"key":"lc","value":"","endpoint":{"serviceName":"tracer-demo","ipv4":"192.168.99.1"}}]}]"#
        let file = try #require(decoded(json))
        let only = try #require(file.snapshot.spans.first)
        #expect(only.startTimeUnixNano == 1_510_043_590_522_358_000)
        #expect(only.durationNanos == 0)
        #expect(file.snapshot.serviceName(of: only) == "tracer-demo")
    }

    @Test func aMetricOfAnUnknownKindIsReportedNotSilentlyEmpty() throws {
        let json = #"{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"old","int64DataPoints":[{"value":"1"}]}]}]}]}"#
        let file = try #require(decoded(json))
        #expect(file.metricPointCount == 0)
        #expect(
            file.warnings.map(\.description) == [
                #"t.json:1:64: warning: resourceMetrics[0].scopeMetrics[0].metrics[0]: metric "old" has no data of a known kind (gauge, sum, histogram, exponentialHistogram, summary, or the OTLP 0.x intGauge, doubleSum…); found "int64DataPoints"; no points read"#
            ])
    }

    @Test func logDocumentsWithoutTraceContextAreStillRecognised() throws {
        let json =
            #"{"@timestamp":"2026-03-01T10:00:00Z","observedTimestamp":"2026-03-01T10:00:00Z","body":"hello","severity":{"text":"INFO","number":9},"resource":{"service.name":"a"}}"#
        let file = try #require(decoded(json))
        #expect(file.spanCount == 0)
        #expect(file.snapshot.logs.count == 1)
        #expect(file.warnings.isEmpty)
    }

    @Test func aSearchResponseWithoutHitsIsReadAndSaysSo() throws {
        let json =
            #"{"took":1,"timed_out":false,"_shards":{"total":1},"hits":{"total":{"value":0,"relation":"eq"},"max_score":null,"hits":[]}}"#
        guard case .decoded(let file, let format) = decodeText(json) else {
            Issue.record("not decoded")
            return
        }
        #expect(format == "opensearch-span")
        #expect(file.spanCount == 0)
        #expect(file.warnings.map(\.message) == ["the _search response has no hits: no documents, no spans"])
    }
}
