import TelemetryModel
import Vocabulary

/// Groups spans into traces. Relies on `SnapshotBuilder.finish()` having sorted spans by
/// (trace id, start time, span id), so each trace is one contiguous range and no per-trace
/// arrays are allocated — this matters at millions of spans.
public enum TraceAssembler {
    public static func assemble(_ snapshot: Snapshot) -> [TraceSummary] {
        assemble(snapshot, parents: nil)
    }

    /// The traces, and every span's parent lookup (`SpanParents`), which the assembly makes on
    /// its way (nil for a table too large for the column's 32-bit indexes).
    public static func assembleWithParents(_ snapshot: Snapshot) -> (traces: [TraceSummary], parents: SpanParents?) {
        guard SpanParents.covers(snapshot.spans.count) else { return (assemble(snapshot), nil) }
        var traces: [TraceSummary] = []
        // Every span is in one trace, so every slot is written.
        let lookups = [Int32](unsafeUninitializedCapacity: snapshot.spans.count) { column, initialized in
            traces = assemble(snapshot, parents: column.baseAddress)
            initialized = snapshot.spans.count
        }
        return (traces, SpanParents(lookups: lookups))
    }

    /// `assemble`, writing each span's parent lookup into `parents[span]` when given.
    private static func assemble(_ snapshot: Snapshot, parents: UnsafeMutablePointer<Int32>?) -> [TraceSummary] {
        let spans = snapshot.spans
        let names = snapshot.serviceNamesByResource
        let ranges = traceRanges(spans.traceIDs)
        // Traces are summarised on every core, in chunks, each chunk writing its summaries into
        // its own slots of the result: joining per-chunk arrays copied every summary (retaining
        // its strings and arrays, then releasing the originals) on one core.
        guard !ranges.isEmpty else { return [] }
        let chunks = max(1, min(ranges.count / 1024, 64))
        return [TraceSummary](unsafeUninitializedCapacity: ranges.count) { buffer, initialized in
            let base = buffer.baseAddress!
            _ = Parallel.map(chunks) { k in
                var serviceSets = TraceServiceSets()
                var lookup = TraceSpanLookup()
                // Root names by their string id, past the table's shared strings: a name longer
                // than 15 bytes made from the table's bytes is an allocation, and every trace
                // would hold one of its own (100,000 traces: 5 MiB); made once a chunk, the
                // summaries share it.
                var rootNames: [UInt32: String] = [:]
                // Each slot is written by exactly one chunk (and each span's parent slot too).
                for t in Parallel.part(k, of: ranges.count, parts: chunks) {
                    (base + t).initialize(
                        to: summarise(
                            snapshot, range: ranges[t], serviceNames: names, serviceSets: &serviceSets, lookup: &lookup,
                            rootNames: &rootNames, parents: parents))
                }
            }
            initialized = ranges.count
        }
    }

    /// The runs of spans sharing a trace id, in order. Where each run starts is found on every
    /// core, each in a slice of the spans (a start is a span whose id differs from the one
    /// before): one core scanning alone held up the other for 4-5 ms at 500k spans (issue 7).
    static func traceRanges(_ ids: TraceIDColumn) -> [Range<Int>] {
        let n = ids.count
        let slices = max(1, min(n / 16_384, 4 * CoreSplit.cores))
        let starts = Parallel.map(slices) { k -> [Int] in
            var found: [Int] = []
            for i in Parallel.part(k, of: n, parts: slices) where i == 0 || !ids.sameTrace(i, i - 1) { found.append(i) }
            return found
        }
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(starts.reduce(0) { $0 + $1.count })
        var previous: Int?
        for start in starts.joined() {
            if let p = previous { ranges.append(p..<start) }
            previous = start
        }
        if let p = previous { ranges.append(p..<n) }
        return ranges
    }

    /// How many traces `assemble` would return (runs of spans sharing a trace id), without
    /// summarising them: `render --where` counts the traces it filters from.
    public static func count(_ snapshot: Snapshot) -> Int {
        let ids = snapshot.spans.traceIDs
        var count = 0
        for i in ids.indices where i == 0 || !ids.sameTrace(i, i - 1) { count += 1 }
        return count
    }

    /// Reads span fields in place (`spans[i].field`): copying a `Span` would retain five buffers,
    /// which at millions of spans costs more than the work itself.
    /// `serviceSets`: the chunk's services of each set of resources met (`TraceServiceSets`: by
    /// the set as bits while every index is below 64; at 500k spans a list of resources made and
    /// hashed for each trace was 79 M of the assembly's 224 M instructions). `lookup`: the chunk's
    /// index of a trace's spans by id, refilled for each trace. `rootNames`: the chunk's root names
    /// made so far (`rootName`). `parents`: where each span's parent lookup
    /// is written (`SpanParents`), when it is wanted.
    static func summarise(
        _ snapshot: Snapshot, range: Range<Int>, serviceNames: ServiceNameTable, serviceSets: inout TraceServiceSets,
        lookup: inout TraceSpanLookup, rootNames: inout [UInt32: String],
        parents: UnsafeMutablePointer<Int32>? = nil
    ) -> TraceSummary {
        let spans = snapshot.spans
        lookup.load(spans.spanIDs, range: range)
        var minStart = Int64.max, maxEnd = Int64.min, errors = 0
        // The trace's resources as a set of bits while every index is below 64 (a file names a
        // few resources): no list to fill, search, sort and hash for each trace.
        var mask: UInt64 = 0, wide = false
        for i in range {
            minStart = min(minStart, spans.startTimes[i])
            maxEnd = max(maxEnd, spans.endTime(at: i))
            if spans.statuses[i] == .error { errors += 1 }
            let r = spans.resourceIndexes[i]
            if UInt32(bitPattern: r) < 64 { mask |= 1 << UInt64(r) } else { wide = true }
        }
        let services = serviceSets.services(mask: wide ? nil : mask, spans: spans, range: range, serviceNames: serviceNames)
        var root: Int? = nil
        var firstOrphan: Int? = nil
        var orphans: [Int] = []
        for i in range {
            let parent = spans.parentSpanIDs[i]
            // A root's (absent) parent is looked up too when the column is kept: its readers
            // take the lookup as `TraceSpanLookup` gives it, for every span.
            let found = parent.isNone && parents == nil ? nil : lookup.lastIndex(of: parent, in: spans.spanIDs)
            parents?[i] = Int32(truncatingIfNeeded: found ?? -1)
            if parent.isNone {
                if root == nil { root = i }
            } else if found == nil || parent == spans.spanIDs[i] {
                orphans.append(i)
                if firstOrphan == nil { firstOrphan = i }
            }
        }
        let rootIndex = root ?? firstOrphan ?? range.lowerBound
        if !orphans.isEmpty { orphans.removeAll { $0 == rootIndex } }
        return TraceSummary(
            traceID: spans.traceIDs[rootIndex], spanRange: range, startTimeUnixNano: minStart, endTimeUnixNano: maxEnd,
            errorCount: errors, rootIndex: rootIndex, rootService: serviceNames[spans.resourceIndexes[rootIndex]],
            rootName: rootName(spans.nameIDs[rootIndex], spans: spans, cache: &rootNames),
            rootOperationKey: UInt64(serviceNames.number(spans.resourceIndexes[rootIndex])) << 32 | UInt64(spans.nameIDs[rootIndex]),
            services: services, orphanIndexes: orphans)
    }

    /// String `id` of the span table: the table's shared one, else made once per `cache`.
    static func rootName(_ id: UInt32, spans: SpanTable, cache: inout [UInt32: String]) -> String {
        if spans.strings.isShared(id) { return spans.strings[id] }
        if let name = cache[id] { return name }
        let name = spans.strings[id]
        cache[id] = name
        return name
    }

    /// The slowest traces: duration descending, then trace id ascending (DESIGN §5).
    /// Sorts indexes, not the summaries (each holds strings and arrays a sort would retain and
    /// release on every move).
    /// Only traces lasting at least the `limit`-th longest duration can be among the first
    /// `limit`, so only those are sorted (in their order in `traces`, by the same comparison: the
    /// first `limit` are those a sort of every trace puts first).
    public static func slowest(_ traces: [TraceSummary], limit: Int) -> [TraceSummary] {
        slowest(traces, among: Array(traces.indices), limit: limit).map { traces[$0] }
    }

    /// `slowest` of the traces at `indexes` (positions in `traces`, in that order for equal
    /// durations and ids), as their positions: no summary is copied for the choice, where a copy
    /// of each candidate retained and released its strings and lists (with a span name per
    /// request, the slowest trace of each of 100k root operations; issue 7).
    public static func slowest(_ traces: [TraceSummary], among indexes: [Int], limit: Int) -> [Int] {
        guard limit > 0 else { return [] }
        let durations = indexes.map { traces[$0].durationNanos }, ids = indexes.map { traces[$0].traceID }
        var candidates = Array(indexes.indices)
        if indexes.count > limit {
            let threshold = RadixSort.select(durations, ranks: [indexes.count - limit])[0]
            candidates = candidates.filter { durations[$0] >= threshold }
        }
        let order = candidates.sorted { a, b in
            durations[a] != durations[b] ? durations[a] > durations[b] : ids[a] < ids[b]
        }
        return order.prefix(limit).map { indexes[$0] }
    }
}
