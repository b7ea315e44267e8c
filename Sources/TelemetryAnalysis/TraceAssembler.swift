import TelemetryModel

/// Groups spans into traces. Relies on `SnapshotBuilder.finish()` having sorted spans by
/// (trace id, start time, span id), so each trace is one contiguous range and no per-trace
/// arrays are allocated — this matters at millions of spans.
public enum TraceAssembler {
    public static func assemble(_ snapshot: Snapshot) -> [TraceSummary] {
        let spans = snapshot.spans
        let names = snapshot.serviceNamesByResource
        var traces: [TraceSummary] = []
        var start = 0
        while start < spans.count {
            var end = start + 1
            while end < spans.count && spans.traceIDs[end] == spans.traceIDs[start] { end += 1 }
            traces.append(summarise(snapshot, range: start..<end, serviceNames: names))
            start = end
        }
        return traces
    }

    /// Reads span fields in place (`spans[i].field`): copying a `Span` would retain five buffers,
    /// which at millions of spans costs more than the work itself.
    static func summarise(_ snapshot: Snapshot, range: Range<Int>, serviceNames: ServiceNameTable) -> TraceSummary {
        let spans = snapshot.spans
        var ids = Set<SpanID>()
        ids.reserveCapacity(range.count)
        var minStart = Int64.max, maxEnd = Int64.min, errors = 0
        var resources = Set<Int32>()
        for i in range {
            ids.insert(spans.spanIDs[i])
            minStart = min(minStart, spans.startTimes[i])
            maxEnd = max(maxEnd, spans.endTimes[i])
            if spans.statuses[i] == .error { errors += 1 }
            resources.insert(spans.resourceIndexes[i])
        }
        let services = Set(resources.map { serviceNames[$0] })
        var root: Int? = nil
        var firstOrphan: Int? = nil
        var orphans: [Int] = []
        for i in range {
            let parent = spans.parentSpanIDs[i]
            if parent.isNone {
                if root == nil { root = i }
            } else if !ids.contains(parent) || parent == spans.spanIDs[i] {
                orphans.append(i)
                if firstOrphan == nil { firstOrphan = i }
            }
        }
        let rootIndex = root ?? firstOrphan ?? range.lowerBound
        orphans.removeAll { $0 == rootIndex }
        return TraceSummary(
            traceID: spans.traceIDs[rootIndex], spanRange: range, startTimeUnixNano: minStart, endTimeUnixNano: maxEnd,
            errorCount: errors, rootIndex: rootIndex, rootService: serviceNames[spans.resourceIndexes[rootIndex]],
            rootName: spans.name(at: rootIndex), services: services.sorted(), orphanIndexes: orphans)
    }

    /// The slowest traces: duration descending, then trace id ascending (DESIGN §5).
    public static func slowest(_ traces: [TraceSummary], limit: Int) -> [TraceSummary] {
        let sorted = traces.sorted { a, b in
            a.durationNanos != b.durationNanos ? a.durationNanos > b.durationNanos : a.traceID < b.traceID
        }
        return Array(sorted.prefix(limit))
    }
}
