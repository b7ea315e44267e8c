import Foundation
import TelemetryModel
import Testing

@testable import TelemetryIngest

/// The OpenSearch / Data Prepper files of `../shared/corpus` (SOURCES.md), with the span,
/// trace and service counts listed there; skipped when the corpus is absent.
@Suite(.enabled(if: corpusFolder() != nil, "../shared/corpus not found"))
struct OpenSearchCorpusTests {
    static let placeholder = ["unknown_service"]
    static let expected: [(file: String, spans: Int, traces: Int, services: [String], errors: Int)] = [
        ("dashboards-observability/apm_data/otel_apm_service_map_explore.data.ndjson", 0, 0, [], 0),
        ("dashboards-observability/apm_data/otel_apm_service_map_explore.mapping.json", 0, 0, [], 0),
        (
            "dashboards-observability/apm_data/otel_v1_apm_span_explore.data.ndjson", 50, 5,
            ["cart", "checkout", "flagd", "frontend", "frontend-proxy", "image-provider", "product-reviews", "recommendation"], 3
        ),
        ("dashboards-observability/apm_data/otel_v1_apm_span_explore.mapping.json", 0, 0, [], 0),
        ("dashboards-observability/getting-started/dataprepper-metrics-samples.json", 0, 0, [], 0),
        ("dashboards-observability/getting-started/service-map-services-samples.json", 0, 0, [], 0),
        ("dashboards-observability/getting-started/ss4o-traces-samples.json", 10, 5, ["featureflagservice"], 0),
        ("dashboards-observability/otel-v1-apm-service-map-mappings.json", 0, 0, [], 0),
        ("dashboards-observability/otel-v1-apm-service-map.bulk.ndjson", 0, 0, [], 0),
        ("dashboards-observability/otel-v1-apm-span-000001-mappings.json", 0, 0, [], 0),
        (
            "dashboards-observability/otel-v1-apm-span-000001.bulk.ndjson", 500, 41,
            ["analytics-service", "authentication", "database", "frontend-client", "inventory", "order", "payment", "recommendation"], 16
        ),
        ("data-prepper/raw-span-1.json", 1, 1, ["Customer service"], 0),
        // Status code 6 ("Already exists") is a 2020-era gRPC code: an error.
        ("data-prepper/raw-span-2.json", 1, 1, ["analytics-service"], 1),
        ("data-prepper/raw-span-complete-1.json", 1, 1, ["analytics-service"], 0),
        ("data-prepper/raw-span-complete-2.json", 1, 1, ["analytics-service"], 0),
        ("data-prepper/raw-span-error.json", 1, 1, ["database"], 0),
        ("data-prepper/service-map-1.json", 0, 0, [], 0),
        ("data-prepper/trace-raw-processor/error-status-child-span.json", 1, 1, placeholder, 1),
        ("data-prepper/trace-raw-processor/error-status-root-span.json", 1, 1, placeholder, 0),
        ("data-prepper/trace-raw-processor/genai-tokens-root-span-with-tokens.json", 1, 1, placeholder, 0),
        ("data-prepper/trace-raw-processor/http-5xx-child-span.json", 1, 1, placeholder, 0),
        ("data-prepper/trace-raw-processor/http-5xx-root-span.json", 1, 1, placeholder, 0),
        ("data-prepper/trace-raw-processor/trace-group-1-child-span-1.json", 1, 1, placeholder, 0),
        ("data-prepper/trace-raw-processor/trace-group-1-child-span-2.json", 1, 1, placeholder, 0),
        ("data-prepper/trace-raw-processor/trace-group-1-root-span.json", 1, 1, placeholder, 0),
    ]

    static func path(_ relative: String) -> String { corpusFolder()!.appendingPathComponent("opensearch/" + relative).path }

    @Test func everyOpenSearchFileIsClaimedAndHasTheListedCounts() throws {
        #expect(InputFileCollector.walk(corpusFolder()!.appendingPathComponent("opensearch").path).count == Self.expected.count + 1)
        for entry in Self.expected {
            let result = SnapshotLoader.load(paths: [Self.path(entry.file)])
            #expect(!result.hasErrors, "\(entry.file): \(result.diagnostics.map(\.description))")
            #expect(result.snapshot.inputs.map(\.format) == ["opensearch-span"], "\(entry.file)")
            let spans = result.snapshot.spans
            #expect(spans.count == entry.spans, "\(entry.file)")
            #expect(Set(spans.map(\.traceID)).count == entry.traces, "\(entry.file)")
            #expect(Set(spans.map(result.snapshot.serviceName(of:))).sorted() == entry.services, "\(entry.file)")
            #expect(spans.filter(\.isError).count == entry.errors, "\(entry.file)")
            if entry.spans == 0 {
                #expect(result.diagnostics.map(\.severity) == [.note], "\(entry.file)")
            }
        }
    }

    @Test func serviceMapOnlyFileSaysItHasNoSpans() throws {
        let result = SnapshotLoader.load(paths: [Self.path("dashboards-observability/otel-v1-apm-service-map.bulk.ndjson")])
        #expect(result.diagnostics.map(\.message) == ["OpenSearch service-map documents: no spans (45 skipped)"])
        #expect(result.usableFileCount == 1)
    }

    @Test func devToolsTripleQuotedFileFailsWithALineNumber() throws {
        let file = Self.path("dashboards-observability/otel-v1-apm-span-000002.devtools-bulk.txt")
        let result = SnapshotLoader.load(paths: [file])
        let error = try #require(result.diagnostics.first)
        #expect(result.diagnostics.count == 1)
        #expect(error.severity == .error)
        #expect(error.line == 108)
        #expect(error.message.hasPrefix(#"triple-quoted string ("""…""") is OpenSearch Dev Tools console syntax, not JSON"#))
        #expect(result.snapshot.spans.isEmpty)
    }

    @Test func bulkDocumentHasFlattenedAttributesAndExactTimes() throws {
        let result = SnapshotLoader.load(paths: [Self.path("dashboards-observability/otel-v1-apm-span-000001.bulk.ndjson")])
        #expect(result.snapshot.spans.filter { !$0.parentSpanID.isNone }.count == 459)
        let span = try #require(result.snapshot.spans.first { $0.spanID.hex == "e275ac9d21929e9b" })
        #expect(span.traceID.hex == "4fa04f117be100f476b175e41096e736")
        #expect(span.name == "client_checkout")
        #expect(span.kind == .internal)
        #expect(span.startTimeUnixNano == 1_616_693_010_088_478_464)
        #expect(span.durationNanos == 393_149_952)
        let resource = result.snapshot.resource(of: span)
        #expect(resource.attributes[key: "telemetry.sdk.language"] == .string("python"))
        #expect(resource.serviceName == "frontend-client")
    }

    @Test func fortyEightDigitTraceIdsKeepTheirFirst32Digits() throws {
        let result = SnapshotLoader.load(paths: [Self.path("dashboards-observability/apm_data/otel_v1_apm_span_explore.data.ndjson")])
        let span = try #require(result.snapshot.spans.first { $0.spanID.hex == "a68fceefa4c14150" })
        #expect(span.traceID.hex == "a712814e9194449cb8a2bf3ebbc94ab5")
        #expect(span.attributes[key: "source.trace_id"] == .string("a712814e9194449cb8a2bf3ebbc94ab5650fd69172164d5c"))
        #expect(span.kind == .server)
        #expect(result.diagnostics.map(\.severity) == [.note])
    }

    @Test func oldDocumentsHaveBase64IdsAndBareKinds() throws {
        let result = SnapshotLoader.load(paths: [Self.path("data-prepper/raw-span-2.json")])
        let span = try #require(result.snapshot.spans.first)
        #expect(span.traceID.hex == "6d0ff634d126b6ec2c180391e67b4237")
        #expect(span.spanID.hex == "6aea58acfa15ef03")
        #expect(span.parentSpanID.hex == "9a73bfa944f9c9ee")
        #expect(span.kind == .server)
        #expect(span.statusMessage == "Already exists")
        #expect(span.attributes[key: "http.status_code"] == .int(200))
    }

    @Test func ss4oDocumentsNestAttributesAndResource() throws {
        let result = SnapshotLoader.load(paths: [Self.path("dashboards-observability/getting-started/ss4o-traces-samples.json")])
        let span = try #require(result.snapshot.spans.first { $0.spanID.hex == "5458679f73ad2351" })
        #expect(span.kind == .server)
        #expect(span.attributes[key: "data_stream.dataset"] == .string("traces"))
        #expect(span.attributes[key: "net.host.port"] == .int(8081))
        #expect(result.snapshot.scope(of: span).name == "opentelemetry_phoenix")
        #expect(result.snapshot.resource(of: span).attributes[key: "service.instance.id"] == .string("featureflagservice@bcf966452cef"))
    }
}
