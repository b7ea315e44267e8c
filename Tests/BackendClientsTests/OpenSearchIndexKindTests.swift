import Testing

@testable import BackendClients

/// The index pattern's name decides what it holds and what its pages are sorted by.
struct OpenSearchIndexKindTests {
    @Test func thePatternNamePicksTheTimeFieldAndTieBreaker() {
        #expect(OpenSearchIndexKind(pattern: "jaeger-span-*").fields == ("startTimeMillis", "spanID"))
        #expect(OpenSearchIndexKind(pattern: "otel-v1-apm-span-*").fields == ("startTime", "spanId"))
        #expect(OpenSearchIndexKind(pattern: "logs-otel-v1-*").fields == ("time", "_id"))
        #expect(OpenSearchIndexKind(pattern: "ss4o_logs-default-*").fields == ("@timestamp", "_id"))
        #expect(OpenSearchIndexKind(pattern: "Jaeger-Logs-*") == .jaegerSpans, "jaeger is checked first")
        #expect(OpenSearchIndexKind(pattern: "logs-otel-v1-*").isLogs && !OpenSearchIndexKind(pattern: "spans-*").isLogs)
        #expect(OpenSearchClient.defaultIndices.map { OpenSearchIndexKind(pattern: $0).isLogs } == [false, false, true])
    }
}
