import TelemetryModel
import Vocabulary

/// Per-service span count, error count and nearest-rank latency (DESIGN §4), plus the
/// self-time tail used to pick the focus service.
public struct ServiceStatistics: Sendable {
    public var name: String
    public var spanCount: Int
    public var errorCount: Int
    public var latency: LatencySummary
    /// p99 of the service's spans' self time (time not spent waiting on children), in ns;
    /// spans lasting more than half the snapshot (streams, background jobs) left out.
    public var selfTimeP99: Int64

    /// Statistics for every service, sorted by name.
    /// `parents`: the assembly's parent lookups for these traces (`SpanParents`), if kept.
    public static func compute(_ snapshot: Snapshot, traces: [TraceSummary], parents: SpanParents? = nil) -> [ServiceStatistics] {
        let index = ServiceIndex(snapshot)
        let spans = snapshot.spans
        // A span lasting more than half of the whole snapshot is a stream or a background job
        // (a flag service's event stream open from start to end), not a slow request: it does
        // not count towards the self-time tail that picks the focus service. Only in snapshots
        // of some size (20 traces or more): in a handful of traces every span is "long".
        var first = Int64.max, last = Int64.min
        for t in traces.indices {
            first = min(first, traces[t].startTimeUnixNano)
            last = max(last, traces[t].endTimeUnixNano)
        }
        if traces.isEmpty { (first, last) = (0, 0) }
        let streamThreshold = traces.count >= 20 ? (last - first) / 2 : 0
        let selfTime = TraceParents.selfTimes(spans, traces: traces, known: parents)
        let values = ServiceValues(spans, traces: traces, index: index, selfTime: selfTime, streamThreshold: streamThreshold)
        // Two selections per service (durations and self times), on every core: this step runs before
        // the analysis splits into parallel work, so one core sorting alone held up the other.
        let ids = (0..<index.count).filter { values.spanCount(of: $0) > 0 }.sorted { index.names[$0] < index.names[$1] }
        return Parallel.map(ids.count) { k in
            let id = ids[k]
            let st = RadixSort.percentiles(values.selfTimes(of: id), [.p99])
            return ServiceStatistics(
                name: index.names[id], spanCount: values.spanCount(of: id), errorCount: values.errors[id],
                latency: LatencySummary(durations: values.durations(of: id))!,
                selfTimeP99: st.first ?? 0)
        }
    }

    /// The service the dashboards focus on when none is named: the one whose own work has the
    /// worst tail (p99 of self time), so a caller that merely waits on a slow service is not
    /// picked over the service doing the slow work. Ties: more spans, then name.
    public static func focusService(_ stats: [ServiceStatistics]) -> String? {
        stats.max { a, b in
            if a.selfTimeP99 != b.selfTimeP99 { return a.selfTimeP99 < b.selfTimeP99 }
            if a.spanCount != b.spanCount { return a.spanCount < b.spanCount }
            return a.name > b.name
        }?.name
    }
}
