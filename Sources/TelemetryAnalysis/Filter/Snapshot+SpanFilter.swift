import TelemetryModel

/// The `--where` pre-filter (DESIGN §1): only matching traces enter the report.
extension Snapshot {
    /// The snapshot with only the traces that match `filter` (at least one span matching every
    /// term), keeping every span of those traces in their order.
    ///
    /// Resources, scopes and inputs are kept as they are, so span resource indexes stay valid
    /// and `snapshot.inputs` still counts what was read (DESIGN §1). Metrics are not filtered:
    /// the language describes spans, and a series has no trace to match.
    ///
    /// Log records are kept when they belong to a kept trace (their trace id is one of them);
    /// records without trace context describe no trace, so a filter leaves them out.
    ///
    /// Spans are read in runs of one trace id: `SnapshotBuilder.finish()` sorts by trace id, so
    /// a trace is one run and matching runs are copied as slices. Should the spans not be sorted
    /// (a trace split over several runs), whole traces are still kept, by trace id.
    public func keepingTraces(matching filter: SpanFilter) -> Snapshot {
        if filter.isEmpty { return self }
        let evaluator = FilterEvaluator(filter, snapshot: self)
        var matchingRuns: [Range<Int>] = []
        var keptCount = 0
        var sorted = true
        var previous: TraceID?
        forEachTraceRun { range, id in
            if let previous, !(previous < id) { sorted = false }
            previous = id
            if evaluator.matches(spansIn: range) {
                matchingRuns.append(range)
                keptCount += range.count
            }
        }
        var result = self
        let keptIDs = Set(matchingRuns.map { spans.traceIDs[$0.lowerBound] })
        if !logs.isEmpty {
            result.logs = logs.gathering(logs.indices.filter { !logs.traceIDs[$0].isZero && keptIDs.contains(logs.traceIDs[$0]) })
        }
        if keptCount == spans.count { return result }  // every trace matches: share the span array
        if sorted {
            result.spans = spans.gathering(matchingRuns.joined())
        } else {
            result.spans = spans.gathering(spans.indices.filter { keptIDs.contains(spans.traceIDs[$0]) })
        }
        return result
    }

    /// Calls `body` with each maximal range of consecutive spans sharing a trace id, and that id.
    private func forEachTraceRun(_ body: (Range<Int>, TraceID) -> Void) {
        let ids = spans.traceIDs
        var start = 0
        while start < ids.count {
            let id = ids[start]
            var end = start + 1
            while end < ids.count && ids.sameTrace(end, start) { end += 1 }
            body(start..<end, id)
            start = end
        }
    }
}
