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
    public static func compute(_ snapshot: Snapshot, traces: [TraceSummary]) -> [ServiceStatistics] {
        let index = ServiceIndex(snapshot)
        var durationsByID = [[Int64]](repeating: [], count: index.count)
        var selfTimesByID = [[Int64]](repeating: [], count: index.count)
        var errorsByID = [Int](repeating: 0, count: index.count)
        var seen = [Bool](repeating: false, count: index.count)
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
        let selfTime = TraceParents.selfTimes(spans, traces: traces)
        // Each service's arrays at their final size: grown by doubling, they held up to twice
        // their values (40 MiB at 2M spans, the analysis's peak).
        var spanCounts = [Int](repeating: 0, count: index.count), selfCounts = spanCounts
        for t in traces.indices {
            for i in traces[t].spanRange {
                let service = index.id(ofResource: spans.resourceIndexes[i])
                spanCounts[service] += 1
                if streamThreshold == 0 || spans.durationNanos(at: i) <= streamThreshold { selfCounts[service] += 1 }
            }
        }
        for id in 0..<index.count {
            durationsByID[id].reserveCapacity(spanCounts[id])
            selfTimesByID[id].reserveCapacity(selfCounts[id])
        }
        // By index: iterating the summaries would copy each one (its strings and arrays retained).
        for t in traces.indices {
            for i in traces[t].spanRange {
                let service = index.id(ofResource: spans.resourceIndexes[i])
                let duration = spans.durationNanos(at: i)
                seen[service] = true
                durationsByID[service].append(duration)
                if streamThreshold == 0 || duration <= streamThreshold {
                    selfTimesByID[service].append(selfTime[i])
                }
                if spans.statuses[i] == .error { errorsByID[service] += 1 }
            }
        }
        var durations: [String: [Int64]] = [:]
        var selfTimes: [String: [Int64]] = [:]
        var errors: [String: Int] = [:]
        for id in 0..<index.count where seen[id] {
            durations[index.names[id]] = durationsByID[id]
            if !selfTimesByID[id].isEmpty { selfTimes[index.names[id]] = selfTimesByID[id] }
            if errorsByID[id] > 0 { errors[index.names[id]] = errorsByID[id] }
        }
        // Two sorts per service (durations and self times), on every core: this step runs before
        // the analysis splits into parallel work, so one core sorting alone held up the other.
        let names = durations.keys.sorted()
        return Parallel.map(names.count) { k in
            let name = names[k]
            let d = durations[name]!
            let st = RadixSort.sorted(selfTimes[name] ?? [])
            return ServiceStatistics(
                name: name, spanCount: d.count, errorCount: errors[name] ?? 0,
                latency: LatencySummary(durations: d)!,
                selfTimeP99: Percentile.p99.of(sorted: st) ?? 0)
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
