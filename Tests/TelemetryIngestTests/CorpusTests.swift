import Foundation
import TelemetryModel
import Testing

@testable import TelemetryIngest

/// Real files from `../shared/corpus` (see its SOURCES.md); skipped when the corpus is absent.
@Suite(.enabled(if: corpusFolder() != nil, "../shared/corpus not found"))
struct CorpusTests {
    var otlp: String { corpusFolder()!.appendingPathComponent("otlp-json").path }
    func path(_ relative: String) -> String { otlp + "/" + relative }

    @Test func everyOTLPFileLoadsOrFailsWithAClearDiagnostic() throws {
        let result = SnapshotLoader.load(paths: [otlp])
        let files = InputFileCollector.walk(otlp)
        #expect(files.count == 40)
        // One file is rejected, clearly: its base64 trace ids decode to 8 bytes ("TRACEID1"), not 16.
        let errors = result.diagnostics.filter { $0.severity == .error }
        #expect(
            errors.map(\.description) == [
                path("data-prepper/test-request-multiple-traces.json")
                    + #":82:26: error: resourceSpans[0].scopeSpans[0].spans[0].traceId: expected 32 hex digits or base64 of 16 bytes, found "VFJBQ0VJRDE=""#
            ])
        #expect(result.usableFileCount == files.count - 1)
        #expect(result.snapshot.inputs.map(\.path) == files.filter { !$0.hasSuffix("test-request-multiple-traces.json") })
        #expect(result.snapshot.inputs.allSatisfy { $0.format == "otlp-json" })
        // The one warning: the hand-written curl example with an unknown AnyValue key.
        let warnings = result.diagnostics.filter { $0.severity == .warning }
        #expect(warnings.count == 1)
        #expect(warnings.first?.file.hasSuffix("curl-span-invalid-anyValue.json") == true)
        #expect(warnings.first?.path == "resourceSpans[0].resource.attributes[0].value")
        #expect(warnings.first?.line == 9)
    }

    @Test func otelTuiJSONLinesHas547SpansIn141Traces() throws {
        let result = SnapshotLoader.load(paths: [path("otel-tui/test_data.jsonl")])
        // Its 23 log records (counted independently with Python) are read as logs, without a note.
        #expect(result.diagnostics.isEmpty)
        #expect(result.snapshot.logs.count == 23)
        #expect(result.snapshot.spans.count == 547)
        #expect(Set(result.snapshot.spans.map(\.traceID)).count == 141)
        #expect(
            result.snapshot.inputs == [
                InputSummary(
                    path: path("otel-tui/test_data.jsonl"), format: "otlp-json",
                    spans: 547, metricPoints: result.snapshot.metricPointCount, logRecords: 23)
            ])
        #expect(result.snapshot.logs.count == 23)
        #expect(result.snapshot.metricPointCount > 0)
    }

    @Test func uppercaseHexIdsBecomeLowercase() throws {
        let result = SnapshotLoader.load(paths: [path("otel-proto-examples/trace.json")])
        let span = try #require(result.snapshot.spans.first)
        #expect(span.traceID.hex == "5b8efff798038103d269b633813fc60c")
        #expect(span.spanID.hex == "eee19b7ec3c1b174")
        #expect(span.parentSpanID.hex == "eee19b7ec3c1b173")
    }

    @Test func base64IdsAndEnumNamesFromDataPrepperDecode() throws {
        let result = SnapshotLoader.load(paths: [path("data-prepper/test-request.json")])
        #expect(result.diagnostics.isEmpty)
        let span = try #require(result.snapshot.spans.first { $0.name == "LoggingController.save" })
        #expect(span.traceID.hex == "ffa576d321173ac6cef3601c8f4bde75")
        #expect(span.spanID.hex == "085ac082ffcfbf8d")
        #expect(span.parentSpanID.hex == "cb1c0734d14940fd")
        #expect(span.kind == .internal)
        #expect(result.snapshot.spans.count == 3)
        #expect(result.snapshot.serviceName(of: span) == "analytics-service")
        let resource = result.snapshot.resource(of: span)
        #expect(resource.attributes[key: "array"] == .array([.string("test string"), .bool(false), .int(0)]))
    }

    @Test func tempoBatchesUseEnumNamesAndBase64() throws {
        let result = SnapshotLoader.load(paths: [path("kiali/tempo-trace-by-id-batches-responseTrace.json")])
        #expect(result.diagnostics.isEmpty)
        #expect(result.snapshot.spans.count > 0)
        #expect(Set(result.snapshot.spans.map(\.traceID.hex)) == ["3ba55609c3cde49649cd77d1f9dcd936"])
        #expect(result.snapshot.spans.contains { $0.kind == .client })
    }

    @Test func dataPrepperSnakeCaseHistogramDecodesBucketCounts() throws {
        let result = SnapshotLoader.load(paths: [path("data-prepper/test-histogram-metrics.json")])
        #expect(result.diagnostics.isEmpty)
        let series = try #require(result.snapshot.metrics.first)
        #expect(series.name == "histogram-int")
        #expect(series.unit == "1")
        #expect(series.kind == .histogram(temporality: .cumulative))
        #expect(
            series.points
                == .histogram([
                    HistogramPoint(
                        startTimeUnixNano: 1_581_452_773_000_000_789, timeUnixNano: 1_581_452_773_000_000_789, count: 30, sum: 100,
                        explicitBounds: [1, 2, 3, 4], bucketCounts: [3, 5, 15, 6, 1], min: 40, max: 60)
                ]))
    }

    @Test func jaegerApiV3ResultEnvelopeDecodes() throws {
        let result = SnapshotLoader.load(paths: [path("jaeger-ui/hotrod-apiv3-getTrace-response.json")])
        #expect(result.diagnostics.isEmpty)
        #expect(result.snapshot.spans.count == 40)
        #expect(result.snapshot.spans.filter(\.isError).count == 3)
        #expect(Set(result.snapshot.spans.map { result.snapshot.serviceName(of: $0) }).count == 6)
    }

    @Test func unrecognisedFilesAreReportedAndSkipped() throws {
        // Not Prometheus API JSON despite its name: a series dump no format claims (SOURCES.md).
        let dump = corpusFolder()!.appendingPathComponent("prometheus/other/opensearch-apm-processed_latency_bucket_metrics.json").path
        let result = SnapshotLoader.load(paths: [dump, "/nonexistent/file.json"])
        #expect(result.usableFileCount == 0)
        #expect(
            result.diagnostics.map(\.message) == [
                "no such file or folder",
                "not a recognised telemetry format (looked for: otlp-json, jaeger-json, opensearch-span, zipkin-json, prometheus-api-json, otlp-protobuf, prometheus-text)",
            ])
        #expect(result.diagnostics.map(\.file) == ["/nonexistent/file.json", dump])
    }

    @Test func loadingIsDeterministic() throws {
        let a = SnapshotLoader.load(paths: [otlp])
        let b = SnapshotLoader.load(paths: [otlp])
        #expect(a.snapshot.spans.map(\.spanID) == b.snapshot.spans.map(\.spanID))
        #expect(a.snapshot.resources == b.snapshot.resources)
        #expect(a.snapshot.metrics.map(\.name) == b.snapshot.metrics.map(\.name))
    }
}
