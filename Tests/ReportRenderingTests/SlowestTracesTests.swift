import TelemetryAnalysis
import TelemetryModel
import Testing

@testable import ReportRendering

/// The trace page's order, slowest first (duration descending, then trace id), by the radix sort
/// for traces in id order and by comparing keys otherwise (issue 7).
@Suite struct SlowestTracesTests {
    /// One single-span trace per duration, trace ids ascending with the position.
    static func traces(_ durations: [Int64]) -> [TraceSummary] {
        let spans = durations.enumerated().map { k, d in
            Span(
                traceID: TraceID(high: 7, low: UInt64(k + 1)), spanID: SpanID(UInt64(k + 1)), parentSpanID: SpanID(0),
                name: "op", startTimeUnixNano: 1_000, endTimeUnixNano: 1_000 + d)
        }
        return TraceAssembler.assemble(Snapshot(spans: spans))
    }

    /// Ties go to the lower trace id; a trace whose end precedes its start lasts 0 (as its span
    /// does) and comes last.
    @Test func slowestFirstTiesByTraceID() {
        let traces = Self.traces([5, 9, 5, 9, 1, -3])
        #expect(SlowestTraces(traces).order == [1, 3, 0, 2, 4, 5])
        #expect(SlowestTraces.orderByKeys(traces) == [1, 3, 0, 2, 4, 5])
        #expect(SlowestTraces(traces).map(\.durationNanos) == [9, 9, 5, 5, 1, 0])
    }

    /// Many traces, with many ties (durations from a small range): the radix order is the order
    /// of the keys, sorted in two halves and merged past 50,000 traces.
    @Test func radixOrderIsTheKeyOrder() {
        var state: UInt64 = 42
        let durations = (0..<60_000).map { _ -> Int64 in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int64(state >> 54) - 100  // -100 ... 923
        }
        let traces = Self.traces(durations)
        let order = SlowestTraces(traces).order
        #expect(order == SlowestTraces.orderByKeys(traces))
        // Negative durations are 0 (`TraceSummary.durationNanos`), tied with the other zeros.
        let lasting = durations.map { max(0, $0) }
        #expect(zip(order, order.dropFirst()).allSatisfy { a, b in lasting[a] > lasting[b] || (lasting[a] == lasting[b] && a < b) })
    }

    /// Traces not in trace id order are ordered by their keys: the trace id, not the position,
    /// breaks ties.
    @Test func tracesOutOfIDOrderAreOrderedByTheirKeys() {
        let reversed = Array(Self.traces([5, 9, 5, 9, 1, -3]).reversed())
        // Positions 0...5 hold durations -3, 1, 9, 5, 9, 5 with trace ids 6, 5, 4, 3, 2, 1.
        #expect(SlowestTraces(reversed).order == [4, 2, 5, 3, 1, 0])
    }
}
