import TelemetryAnalysis

/// What the trace page's summary states about a set of traces — how many, how many have error
/// spans, and the nearest-rank p50/p95/p99/max of their durations (DESIGN §4) — computed here
/// for every trace of the snapshot and embedded, so the page's "all traces" row is exact even
/// when the page holds only the slowest `TraceTableData.traceRecordLimit` traces. The script
/// computes the same figures for the traces a filter finds (`static/trace-explorer.js`).
struct TraceSetSummary: Equatable {
    var count: Int
    /// Traces with at least one error span.
    var withErrors: Int
    var p50: Int64
    var p95: Int64
    var p99: Int64
    var max: Int64

    /// The summary of `traces`; nil when there are none.
    init?(_ traces: [TraceSummary]) {
        self.init(traces, latency: LatencySummary(durations: traces.map(\.durationNanos)))
    }

    /// The summary of `traces` whose durations' summary is `latency` (the render context's,
    /// `RenderContext.traceLatency`, for every trace: selected once for the page and
    /// `report.json`); nil when there are none.
    init?(_ traces: [TraceSummary], latency: LatencySummary?) {
        guard let latency else { return nil }
        count = traces.count
        withErrors = traces.reduce(0) { $0 + ($1.errorCount > 0 ? 1 : 0) }
        p50 = latency.p50
        p95 = latency.p95
        p99 = latency.p99
        max = latency.max
    }
}
