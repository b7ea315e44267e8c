import Foundation
import TelemetryModel
import Testing

@testable import TelemetryIngest

/// The Zipkin files of `../shared/corpus` (SOURCES.md), with the span, trace and service
/// counts listed there (spans without `localEndpoint.serviceName` are `unknown_service`, which
/// SOURCES.md does not count); skipped when the corpus is absent.
@Suite(.enabled(if: corpusFolder() != nil, "../shared/corpus not found"))
struct ZipkinCorpusTests {
    static let expected: [(file: String, spans: Int, traces: Int, services: [String], errors: Int)] = [
        ("jaeger/zipkin_v1_merged_spans.json", 2, 1, ["first_service"], 0),
        ("zipkin-benchmarks/zipkin2-chinese.json", 1, 1, ["订单维护服务"], 1),
        ("zipkin-benchmarks/zipkin2-client.json", 1, 1, ["frontend"], 0),
        ("zipkin-lens/ascend.json", 8, 1, ["auth-service", "content-service", "mobile-gateway"], 0),
        ("zipkin-lens/envoy.json", 1, 1, [], 0),
        ("zipkin-lens/malformed-missing-durations.json", 7, 1, ["rewards"], 0),
        ("zipkin-lens/messaging-kafka.json", 28, 1, ["servicea", "serviceb"], 3),
        ("zipkin-lens/messaging.json", 4, 1, ["backend", "frontend"], 0),
        ("zipkin-lens/messaging2.json", 11, 1, ["auth-service", "mobile-gateway", "notification-service", "transfer-service"], 0),
        ("zipkin-lens/netflix.json", 8, 1, ["api", "apip", "session_logs"], 0),
        ("zipkin-lens/simple-db-p6.json", 5, 1, ["bootifulmeters"], 0),
        ("zipkin-lens/skew.json", 4, 1, ["servicea", "serviceb"], 0),
        (
            "zipkin-lens/smartthings-mobile-web-install.json", 1041, 1,
            [
                "account", "alice", "auth", "bookie", "bouncer", "coreSrv", "dove", "execution", "gizmo", "guardian", "oreck",
                "paperboy", "platformapi", "pusher", "stLogin", "strongman",
            ], 2
        ),
        (
            "zipkin-lens/smartthings-oauth-authorization.json", 175, 1,
            ["account", "auth", "bouncer", "datamgmt", "dove", "paperboy", "pusher", "stlogin"], 2
        ),
        ("zipkin-lens/yelp.json", 16, 1, ["mobile_api", "routing", "spectre", "unknown", "yelp-main", "yelp_main/api_proxy"], 0),
    ]

    static func path(_ relative: String) -> String { corpusFolder()!.appendingPathComponent("zipkin/" + relative).path }

    @Test func everyZipkinFileIsClaimedAndHasTheListedCounts() throws {
        #expect(InputFileCollector.walk(corpusFolder()!.appendingPathComponent("zipkin").path).count == Self.expected.count)
        for entry in Self.expected {
            let result = SnapshotLoader.load(paths: [Self.path(entry.file)])
            #expect(!result.hasErrors, "\(entry.file): \(result.diagnostics.map(\.description))")
            #expect(result.snapshot.inputs.map(\.format) == ["zipkin-json"], "\(entry.file)")
            let spans = result.snapshot.spans
            #expect(spans.count == entry.spans, "\(entry.file)")
            #expect(Set(spans.map(\.traceID)).count == entry.traces, "\(entry.file)")
            let services = Set(spans.map(result.snapshot.serviceName(of:))).subtracting(["unknown_service"])
            #expect(services.sorted() == entry.services, "\(entry.file)")
            #expect(spans.filter(\.isError).count == entry.errors, "\(entry.file)")
            // Every (trace, span id) is unique and no span is its own parent.
            #expect(Set(spans.map { [$0.traceID.hex, $0.spanID.hex] }).count == spans.count, "\(entry.file)")
            #expect(spans.allSatisfy { $0.parentSpanID != $0.spanID }, "\(entry.file)")
        }
    }

    @Test func sharedServerHalvesBecomeChildrenOfTheClientHalf() throws {
        let result = SnapshotLoader.load(paths: [Self.path("zipkin-lens/skew.json")])
        let spans = result.snapshot.spans
        let client = try #require(spans.first { $0.spanID.hex == "74280ae0c10d8062" })
        #expect(client.kind == .client)
        #expect(client.parentSpanID.hex == "bf396325699c84bf")
        let server = try #require(spans.first { $0.attributes[key: "source.span_id"] == .string("74280ae0c10d8062") })
        #expect(server.kind == .server)
        #expect(server.parentSpanID == client.spanID)
        #expect(server.spanID == SpanID(ForeignIdentifiers.fnv1a64("00000000000000001e223ff1f80f1c69/74280ae0c10d8062/1")))
    }

    @Test func missingDurationsAreZeroWithOneWarning() throws {
        let result = SnapshotLoader.load(paths: [Self.path("zipkin-lens/malformed-missing-durations.json")])
        #expect(result.snapshot.spans.filter { $0.durationNanos == 0 }.count == 4)
        let warnings = result.diagnostics.filter { $0.severity == .warning }
        #expect(warnings.map(\.message) == ["4 spans have no duration; their duration is taken as 0"])
        #expect(warnings.first?.path == "[0]")
        #expect(warnings.first?.line == 2)
    }

    @Test func annotationWithAMissingDigitIsKeptWithAWarning() throws {
        let result = SnapshotLoader.load(paths: [Self.path("jaeger/zipkin_v1_merged_spans.json")])
        let warning = try #require(result.diagnostics.first { $0.severity == .warning })
        #expect(warning.path == "[0].annotations[1]")
        #expect(warning.message.hasPrefix(#"annotation "ss" is more than an hour away from its span"#))
        let root = try #require(result.snapshot.spans.first { $0.parentSpanID.isNone })
        #expect(root.events.map(\.name) == ["sr", "ss"])
        #expect(root.events[1].timeUnixNano == 163_307_324_868_981_000)
    }

    @Test func clientSpanHasRemoteEndpointAttributesAndAnnotations() throws {
        let result = SnapshotLoader.load(paths: [Self.path("zipkin-benchmarks/zipkin2-client.json")])
        let span = try #require(result.snapshot.spans.first)
        #expect(span.traceID.hex == "4d1e00c0db9010db86154a4ba6e91385")
        #expect(span.spanID.hex == "4d1e00c0db9010db")
        #expect(span.parentSpanID.hex == "86154a4ba6e91385")
        #expect(span.kind == .client)
        #expect(span.startTimeUnixNano == 1_472_470_996_199_000_000)
        #expect(span.durationNanos == 207_000_000)
        #expect(span.attributes[key: "peer.service"] == .string("backend"))
        #expect(span.attributes[key: "net.peer.ip"] == .string("192.168.99.101"))
        #expect(span.attributes[key: "net.peer.port"] == .int(9000))
        #expect(span.attributes[key: "net.host.ip"] == .string("2001:db8::c001"))
        #expect(span.events.count == 2)
    }
}
