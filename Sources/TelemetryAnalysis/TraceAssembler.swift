import TelemetryModel

/// Groups spans into traces. Relies on `SnapshotBuilder.finish()` having sorted spans by
/// (trace id, start time, span id), so each trace is one contiguous range and no per-trace
/// arrays are allocated — this matters at millions of spans.
public enum TraceAssembler {
    public static func assemble(_ snapshot: Snapshot) -> [TraceSummary] {
        let spans = snapshot.spans
        var traces: [TraceSummary] = []
        var start = 0
        while start < spans.count {
            var end = start + 1
            while end < spans.count && spans[end].traceID == spans[start].traceID { end += 1 }
            traces.append(summarise(snapshot, range: start..<end))
            start = end
        }
        return traces
    }

    static func summarise(_ snapshot: Snapshot, range: Range<Int>) -> TraceSummary {
        let spans = snapshot.spans
        var ids = Set<SpanID>()
        ids.reserveCapacity(range.count)
        var minStart = Int64.max, maxEnd = Int64.min, errors = 0
        var services = Set<String>()
        for i in range {
            let s = spans[i]
            ids.insert(s.spanID)
            minStart = min(minStart, s.startTimeUnixNano)
            maxEnd = max(maxEnd, s.endTimeUnixNano)
            if s.isError { errors += 1 }
            services.insert(snapshot.serviceName(of: s))
        }
        var root: Int? = nil
        var firstOrphan: Int? = nil
        var orphans: [Int] = []
        for i in range {
            let s = spans[i]
            if s.parentSpanID.isNone {
                if root == nil { root = i }
            } else if !ids.contains(s.parentSpanID) || s.parentSpanID == s.spanID {
                orphans.append(i)
                if firstOrphan == nil { firstOrphan = i }
            }
        }
        let rootIndex = root ?? firstOrphan ?? range.lowerBound
        orphans.removeAll { $0 == rootIndex }
        let rootSpan = spans[rootIndex]
        return TraceSummary(
            traceID: rootSpan.traceID, spanRange: range, startTimeUnixNano: minStart, endTimeUnixNano: maxEnd,
            errorCount: errors, rootIndex: rootIndex, rootService: snapshot.serviceName(of: rootSpan),
            rootName: rootSpan.name, services: services.sorted(), orphanIndexes: orphans)
    }

    /// The slowest traces: duration descending, then trace id ascending (DESIGN §5).
    public static func slowest(_ traces: [TraceSummary], limit: Int) -> [TraceSummary] {
        let sorted = traces.sorted { a, b in
            a.durationNanos != b.durationNanos ? a.durationNanos > b.durationNanos : a.traceID < b.traceID
        }
        return Array(sorted.prefix(limit))
    }
}
