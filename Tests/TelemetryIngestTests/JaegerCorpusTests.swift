import Foundation
import TelemetryModel
import Testing

@testable import TelemetryIngest

/// The Jaeger JSON files of `../shared/corpus` (SOURCES.md): counts of spans, traces and
/// services exactly as listed there; skipped when the corpus is absent. Error counts are the
/// `error=true` tags (SOURCES.md counts only the typed `tags` lists; HotROD's 18 are in `tag` maps).
@Suite(.enabled(if: corpusFolder() != nil, "../shared/corpus not found"))
struct JaegerCorpusTests {
    static let expected: [(file: String, spans: Int, traces: Int, services: [String], errors: Int)] = [
        ("es-bulk/hotrod-jaeger-service-2023-01-24.bulk.ndjson", 0, 0, [], 0),
        ("es-bulk/hotrod-jaeger-span-2023-01-24.bulk.ndjson", 379, 14, ["customer", "driver", "frontend", "mysql", "redis", "route"], 18),
        ("jaeger-analytics-java/ui-trace.json", 2, 1, ["jaeger-query"], 0),
        ("jaeger-ui/TraceFlamegraph-testTrace.json", 4, 1, ["load-generator", "ride-sharing-app"], 0),
        ("jaeger-ui/api/follows-from-2992f2a5b5d037a8aabffd08ef384237.json", 2, 1, ["issue115"], 0),
        ("jaeger-ui/api/oltp2jaeger-multi-out.json", 4, 1, ["example-trace"], 0),
        ("jaeger-ui/api/otlp2jaeger-out.json", 2, 1, ["telemetrygen"], 0),
        ("jaeger-ui/single-trace/TraceGraph-testTrace.json", 11, 1, ["service1", "service2"], 1),
        (
            "jaeger-ui/single-trace/genaiTestTrace.json", 57, 1,
            [
                "api-edge", "auth-service", "coding-agent", "graphql-gateway", "k8s-api",
                "mcp-gateway", "metrics-backend", "summarizer-agent", "trace-store", "vector-store",
            ], 1
        ),
        ("jaeger-ui/single-trace/spanAmongEachOtherGroupedAndSpans.json", 17, 1, ["api-gateway", "customers-service"], 0),
        ("jaeger-ui/single-trace/spanLongerAsParent.json", 8, 1, ["api-gateway", "customers-service"], 0),
        ("jaeger-ui/single-trace/spansAmongEachOther.json", 12, 1, ["api-gateway", "customers-service"], 0),
        ("jaeger-ui/single-trace/testTraceNormal.json", 5, 1, ["api-gateway", "customers-service"], 0),
        ("jaeger-ui/single-trace/traceWithOverlappingChildren.json", 3, 1, ["service-one", "service-two"], 0),
        ("jaeger-ui/single-trace/traceWithSingleChildLongerThanParentAndStartsAfterParent.json", 2, 1, ["service-one", "service-two"], 0),
        ("jaeger/anonymizer-trace_success.spans-array.json", 2, 1, ["16af988c443cff37", "3c220036602f839e"], 1),
        ("jaeger/es-span-doc-es_01.json", 1, 1, ["service-x"], 1),
        ("jaeger/model-protojson-domain_03.json", 2, 1, ["api"], 0),
        ("jaeger/ui_01.single-trace.json", 5, 1, ["service-x", "service-y"], 1),
    ]

    static func path(_ relative: String) -> String { corpusFolder()!.appendingPathComponent("jaeger-json/" + relative).path }

    @Test func everyJaegerFileIsClaimedByJaegerAndHasTheListedCounts() throws {
        let folder = corpusFolder()!.appendingPathComponent("jaeger-json").path
        #expect(InputFileCollector.walk(folder).count == Self.expected.count)
        for entry in Self.expected {
            let result = SnapshotLoader.load(paths: [Self.path(entry.file)])
            #expect(!result.hasErrors, "\(entry.file): \(result.diagnostics.map(\.description))")
            #expect(result.snapshot.inputs.map(\.format) == ["jaeger-json"], "\(entry.file)")
            let spans = result.snapshot.spans
            #expect(spans.count == entry.spans, "\(entry.file)")
            #expect(Set(spans.map(\.traceID)).count == entry.traces, "\(entry.file)")
            #expect(Set(spans.map(result.snapshot.serviceName(of:))).sorted() == entry.services, "\(entry.file)")
            #expect(spans.filter(\.isError).count == entry.errors, "\(entry.file)")
            #expect(spans.allSatisfy { $0.traceID.hex.count == 32 && !$0.traceID.isZero && !$0.spanID.isNone }, "\(entry.file)")
        }
    }

    @Test func hotrodBulkSpansHaveParentsTagsAndLogs() throws {
        let result = SnapshotLoader.load(paths: [Self.path("es-bulk/hotrod-jaeger-span-2023-01-24.bulk.ndjson")])
        let spans = result.snapshot.spans
        #expect(spans.filter { !$0.parentSpanID.isNone }.count == 365)
        #expect(spans.reduce(0) { $0 + $1.events.count } == 895)
        let span = try #require(spans.first { $0.spanID.hex == "71582afe25d7dec2" })
        #expect(span.traceID.hex == "00000000000000004376effce3c2d72d")
        #expect(span.parentSpanID.hex == "6e0702854e85deb9")
        #expect(span.kind == .server)
        #expect(span.startTimeUnixNano == 1_674_578_014_920_566_000)
        #expect(span.durationNanos == 389_644_000)
        #expect(span.attributes[key: "http.method"] == .string("GET"))
        #expect(span.attributes[key: "http.status_code"] == .int(200))
        #expect(span.events.first?.name == "HTTP request received")
        #expect(span.events.first?.timeUnixNano == 1_674_578_014_920_596_000)
    }

    @Test func thirtyOneDigitTraceIdsArePaddedAndChildrenFindTheirParents() throws {
        let result = SnapshotLoader.load(paths: [Self.path("jaeger-ui/single-trace/spansAmongEachOther.json")])
        #expect(Set(result.snapshot.spans.map(\.traceID.hex)) == ["0df84e36b9e2ee3815d07f0867a5be1f"])
    }

    @Test func syntheticIdsAreHashedStablyAndKeptAsAttributes() throws {
        let result = SnapshotLoader.load(paths: [Self.path("jaeger-ui/single-trace/TraceGraph-testTrace.json")])
        let spans = result.snapshot.spans
        #expect(Set(spans.map(\.spanID)).count == 11)
        let root = try #require(spans.first { $0.attributes[key: "source.span_id"] == .string("span-1") })
        #expect(root.attributes[key: "source.trace_id"] == .string("trace-123"))
        #expect(root.spanID == SpanID(ForeignIdentifiers.fnv1a64("span-1")))
        #expect(spans.filter { $0.parentSpanID == root.spanID }.count > 0)
        #expect(result.diagnostics.map(\.severity) == [.note])
    }

    @Test func protoJSONHasBase64IdsRFC3339TimesAndTypedTags() throws {
        let result = SnapshotLoader.load(paths: [Self.path("jaeger/model-protojson-domain_03.json")])
        let span = try #require(result.snapshot.spans.first { $0.spanID.hex == "0000000000647d98" })
        #expect(span.traceID.hex == "000000000000000052969a8955571a3f")
        #expect(span.spanID.hex == "0000000000647d98")
        #expect(span.startTimeUnixNano == 1_485_467_191_639_875_000)
        #expect(span.durationNanos == 22_938_000)
        #expect(span.kind == .server)
        #expect(span.attributes[key: "peer.port"] == .int(53931))
        #expect(span.attributes[key: "someBool"] == .bool(true))
        #expect(span.attributes[key: "someDouble"] == .double(129.8))
        #expect(span.events.map(\.name) == ["log", "nothing"])
        #expect(result.snapshot.resource(of: span).attributes[key: "hostname"] == .string("api246-sjc1"))
    }

    @Test func elasticsearchDocumentDecodesHexBinaryAndKeepsOtherReferencesAsLinks() throws {
        let result = SnapshotLoader.load(paths: [Self.path("jaeger/es-span-doc-es_01.json")])
        let span = try #require(result.snapshot.spans.first)
        #expect(span.parentSpanID.hex == "0000000000000003")
        #expect(span.links.map(\.spanID.hex) == ["0000000000000004", "00000000000000ff"])
        #expect(span.links.map { $0.attributes[key: "opentracing.ref_type"] } == [.string("follows_from"), .string("child_of")])
        #expect(span.attributes[key: "blob"] == .bytes([0, 0, 0x30, 0x39]))
        #expect(span.status == .error)
        #expect(span.events.map(\.name) == ["123415", "log"])
    }

    @Test func followsFromIsTheParentWhenThereIsNoChildOf() throws {
        let result = SnapshotLoader.load(paths: [Self.path("jaeger-ui/api/follows-from-2992f2a5b5d037a8aabffd08ef384237.json")])
        let child = try #require(result.snapshot.spans.first { !$0.parentSpanID.isNone })
        #expect(child.parentSpanID.hex == "ea7cfaca83f0724b")
        #expect(child.links.isEmpty)
    }
}
