import TelemetryModel
import Vocabulary

/// After against before (issue 15): each operation (service and span name) in two time windows
/// (`TimeWindows`) — request rate (spans ÷ window seconds), error rate (error spans ÷ spans),
/// nearest-rank p50/p99 — and, for the focus service's operations with at least
/// `minimumSpans` spans in each window, the attributes whose value shares differ most between
/// the windows, scored exactly as `compare.html` scores slow spans against the rest (largest
/// share difference less its 95% margin of error) with the target window in the place of the
/// slow spans (at most `attributeSpanLimit` spans of each window, every k-th beyond). Span
/// attributes and resource attributes (`service.version`) both count, so a
/// change that came with a deploy, a flag (`feature_flag.*`) or a growing value shows up.
public struct WindowComparison: Sendable {
    public struct Stats: Sendable, Equatable {
        public var count: Int
        public var errorCount: Int
        /// Spans per second of the window.
        public var requestRate: Double
        /// Error spans ÷ spans (0 when there are none).
        public var errorRate: Double
        /// Nearest-rank percentiles of the durations, ns; nil without spans.
        public var p50Nanos: Int64?
        public var p99Nanos: Int64?
    }

    public struct Operation: Sendable {
        public var service: String
        public var operation: String
        public var baseline: Stats
        public var target: Stats
        /// Best score first, at most `attributeLimit`; a group's `slowShare` is its share of the
        /// target window's spans and `restShare` of the baseline's.
        public var attributes: [AttributeComparison]
    }

    public var windows: TimeWindows
    /// By service, then operation.
    public var operations: [Operation]

    public static let minimumSpans = 20
    public static let attributeLimit = 5
    /// At most this many spans of each window have their attributes scored (every k-th beyond).
    public static let attributeSpanLimit = 5000
    /// At most this many attribute keys per operation are scored, those on the most spans.
    public static let maximumKeys = 200

    /// `byOperation`: `AttributeComparison.spansByOperation(snapshot)` when the caller has it already.
    public init(
        _ snapshot: Snapshot, windows: TimeWindows, attributeServices: Set<String>,
        byOperation: [AttributeComparison.OperationKey: [Int]]? = nil
    ) {
        self.windows = windows
        let spans = snapshot.spans
        let byOperation = byOperation ?? AttributeComparison.spansByOperation(snapshot)
        // The operations with their spans, read off the dictionary's entries rather than looked
        // up by key at every comparison of the sorts below (with a name per request, an id in
        // the span name, millions of hashes of two strings; issue 7).
        let entries = Self.inTextOrder(byOperation)
        // Each operation's spans are split into the two windows on the core that compares them:
        // one core splitting every operation first held up the other (issue 7). The largest
        // operations are taken first, so that no core is left with a large one at the end; the
        // results are put back in the operations' order.
        let schedule = entries.indices.sorted {
            let (a, b) = (entries[$0].value.count, entries[$1].value.count)
            return a != b ? a > b : $0 < $1
        }
        let (baselineSeconds, targetSeconds) = (TimeWindows.seconds(windows.baseline), TimeWindows.seconds(windows.target))
        var computed = Parallel.map(schedule.count) { s -> Operation? in
            let (key, indexes) = entries[schedule[s]]
            // An operation of one span (with a span name per request, nearly every root's) has
            // its two windows' figures read off that span: a dozen arrays for it, a hundred
            // thousand times over, were most of this step (issue 7). Too few spans to score its
            // attributes, as below.
            if indexes.count == 1 {
                let i = indexes[0], end = spans.endTime(at: i)
                let (inBaseline, inTarget) = (windows.baseline.contains(end), windows.target.contains(end))
                guard inBaseline || inTarget else { return nil }
                return Operation(
                    service: key.service, operation: key.name,
                    baseline: Self.stats(spans, span: inBaseline ? i : nil, seconds: baselineSeconds),
                    target: Self.stats(spans, span: inTarget ? i : nil, seconds: targetSeconds), attributes: [])
            }
            let ends = spans.gatherTimes(at: indexes) { spans.endTime(at: $0) }
            let baseline = indexes.indices.filter { windows.baseline.contains(ends[$0]) }.map { indexes[$0] }
            let target = indexes.indices.filter { windows.target.contains(ends[$0]) }.map { indexes[$0] }
            guard !baseline.isEmpty || !target.isEmpty else { return nil }
            var attributes: [AttributeComparison] = []
            if attributeServices.contains(key.service), baseline.count >= Self.minimumSpans, target.count >= Self.minimumSpans {
                attributes = Self.attributes(snapshot, operation: key, baseline: Self.evenly(baseline), target: Self.evenly(target))
            }
            return Operation(
                service: key.service, operation: key.name,
                baseline: Self.stats(spans, baseline, seconds: baselineSeconds),
                target: Self.stats(spans, target, seconds: targetSeconds),
                attributes: attributes)
        }
        // Each result moved out of `computed` into its place (`take`): copied twice, through an
        // array of places and then without the empty ones, each retained its two strings and
        // list again and released them, a hundred thousand times with a name per request.
        var position = [Int](repeating: 0, count: entries.count)
        for (s, k) in schedule.enumerated() { position[k] = s }
        var operations: [Operation] = []
        operations.reserveCapacity(entries.count)
        for k in entries.indices {
            if let operation = computed[position[k]].take() { operations.append(operation) }
        }
        self.operations = operations
    }

    /// The operations and their spans, by service then name as `String`s order them.
    ///
    /// Why: with a span name per request (an id in the name) there are about as many operations
    /// as traces, each name a `String` of its own on the heap, and sorting them by their pairs
    /// of strings was a third of this step, most of it waiting for each name's bytes (issue 7).
    /// When every service and name is ASCII — where `String`'s order is the order of the bytes —
    /// the names are copied one after another into one buffer, the services ranked once, and the
    /// entries sorted by (rank, bytes); otherwise by the strings, as before. Keys are distinct, so
    /// either order is the one total order.
    ///
    /// The dictionary is read in one pass, each name's bytes copied while its entry is at hand
    /// (a copy of the entries, then a pass for the names and one for the services, met every
    /// name's storage three times), and the two halves are sorted side by side and merged: on
    /// one core, with a name per request, this was most of the analysis's time with the other
    /// core idle (issue 7).
    static func inTextOrder(_ byOperation: [AttributeComparison.OperationKey: [Int]]) -> [(
        key: AttributeComparison.OperationKey, value: [Int]
    )] {
        var entries: [(key: AttributeComparison.OperationKey, value: [Int])] = []
        entries.reserveCapacity(byOperation.count)
        var bytes: [UInt8] = [], ends: [Int] = [], serviceOf: [Int32] = []
        ends.reserveCapacity(byOperation.count)
        serviceOf.reserveCapacity(byOperation.count)
        // Services numbered as first met, then ranked by their text.
        var serviceNumbers: [String: Int32] = [:]
        var ascii = true
        for entry in byOperation {
            let service = entry.key.service
            if let number = serviceNumbers[service] {
                serviceOf.append(number)
            } else {
                if service.utf8.contains(where: { $0 >= 0x80 }) { ascii = false }
                serviceOf.append(Int32(serviceNumbers.count))
                serviceNumbers[service] = Int32(serviceNumbers.count)
            }
            bytes.append(contentsOf: entry.key.name.utf8)
            ends.append(bytes.count)
            entries.append(entry)
        }
        if bytes.contains(where: { $0 >= 0x80 }) { ascii = false }
        guard ascii else { return entries.sorted { ($0.key.service, $0.key.name) < ($1.key.service, $1.key.name) } }
        var rankOfNumber = [Int32](repeating: 0, count: serviceNumbers.count)
        for (rank, service) in serviceNumbers.keys.sorted().enumerated() { rankOfNumber[Int(serviceNumbers[service]!)] = Int32(rank) }
        let ranks = serviceOf.map { rankOfNumber[Int($0)] }
        // The comparator reads the buffers through pointers: through the arrays it captured, it
        // retained them at every comparison.
        let order = bytes.withUnsafeBufferPointer { all in
            ranks.withUnsafeBufferPointer { ranks in
                ends.withUnsafeBufferPointer { ends in
                    let precedes = { (a: Int, b: Int) -> Bool in
                        if ranks[a] != ranks[b] { return ranks[a] < ranks[b] }
                        let (x, y) = (a == 0 ? 0 : ends[a - 1], b == 0 ? 0 : ends[b - 1])
                        return Self.precedes(all.baseAddress! + x, ends[a] - x, all.baseAddress! + y, ends[b] - y)
                    }
                    let half = entries.count / 2
                    guard half >= Self.parallelSortFrom / 2 else { return entries.indices.sorted(by: precedes) }
                    let (low, high) = CoreSplit.both(
                        { (0..<half).sorted(by: precedes) }, { (half..<entries.count).sorted(by: precedes) })
                    return Self.merged(low, high, by: precedes)
                }
            }
        }
        // The entries put in that order in place, by swaps along each cycle of the permutation:
        // a copy retained every name, service and list again, each a wait for its memory.
        entries.withUnsafeMutableBufferPointer { buffer in
            var placed = [Bool](repeating: false, count: buffer.count)
            for start in buffer.indices where !placed[start] {
                var j = start
                while true {
                    placed[j] = true
                    let next = order[j]
                    if next == start { break }
                    buffer.swapAt(j, next)
                    j = next
                }
            }
        }
        return entries
    }

    /// Operations from which `inTextOrder` sorts its two halves on two cores.
    static let parallelSortFrom = 4096

    /// The two sorted runs as one, by `precedes` (a strict total order: no two are equal).
    static func merged(_ low: [Int], _ high: [Int], by precedes: (Int, Int) -> Bool) -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(low.count + high.count)
        var (i, j) = (0, 0)
        while i < low.count && j < high.count {
            if precedes(high[j], low[i]) {
                out.append(high[j])
                j += 1
            } else {
                out.append(low[i])
                i += 1
            }
        }
        out.append(contentsOf: low[i...])
        out.append(contentsOf: high[j...])
        return out
    }

    /// Whether the `n` bytes at `x` come before the `m` at `y` in lexicographic order (a prefix
    /// first), eight bytes a step while both have eight.
    static func precedes(_ x: UnsafePointer<UInt8>, _ n: Int, _ y: UnsafePointer<UInt8>, _ m: Int) -> Bool {
        var k = 0
        let common = min(n, m)
        while k + 8 <= common {
            let (a, b) = (
                UnsafeRawPointer(x + k).loadUnaligned(as: UInt64.self).bigEndian,
                UnsafeRawPointer(y + k).loadUnaligned(as: UInt64.self).bigEndian
            )
            if a != b { return a < b }
            k += 8
        }
        while k < common {
            if x[k] != y[k] { return x[k] < y[k] }
            k += 1
        }
        return n < m
    }

    /// At most `attributeSpanLimit` of a window's spans, every k-th in table order beyond it:
    /// scoring reads every attribute of every span, and the margin of error already accounts
    /// for the number of spans scored.
    static func evenly(_ indexes: [Int]) -> [Int] {
        guard indexes.count > attributeSpanLimit else { return indexes }
        let stride = (indexes.count + attributeSpanLimit - 1) / attributeSpanLimit
        return Swift.stride(from: 0, to: indexes.count, by: stride).map { indexes[$0] }
    }

    static func stats(_ spans: SpanTable, _ indexes: [Int], seconds: Double) -> Stats {
        let p = RadixSort.percentiles(spans.gatherTimes(at: indexes) { spans.durationNanos(at: $0) }, [.p50, .p99])
        return Stats(
            count: indexes.count, errorCount: indexes.filter { spans.isError(at: $0) }.count, seconds: seconds, p50: p.first, p99: p.last)
    }

    /// `stats` of one span or none: a single duration is its own nearest-rank p50 and p99.
    static func stats(_ spans: SpanTable, span i: Int?, seconds: Double) -> Stats {
        guard let i else { return Stats(count: 0, errorCount: 0, seconds: seconds, p50: nil, p99: nil) }
        let d = spans.durationNanos(at: i)
        return Stats(count: 1, errorCount: spans.isError(at: i) ? 1 : 0, seconds: seconds, p50: d, p99: d)
    }

    /// The attributes (span, then resource) of the operation's spans in both windows, scored
    /// between the windows; keys chosen as `AttributeComparison` chooses them (numbers with over
    /// ten distinct values by decile ranges; other keys when they have at most max(10, n/20)
    /// distinct values, so ids and free text are left out).
    static func attributes(
        _ snapshot: Snapshot, operation: AttributeComparison.OperationKey, baseline: [Int], target: [Int],
        limit: Int = attributeLimit
    ) -> [AttributeComparison] {
        let spans = snapshot.spans
        let indexes = baseline + target
        let n = indexes.count
        let split = [Bool](repeating: false, count: baseline.count) + [Bool](repeating: true, count: target.count)
        let durations = spans.gatherTimes(at: indexes) { spans.durationNanos(at: $0) }
        // One duration order serves every key's groups.
        let (sorted, order) = RadixSort.sortedWithOrder(durations)
        var values = ValueColumns(count: n)
        // Span attributes as the table stores them (key ids, stored values): each distinct stored
        // value becomes text and a number once, and a span's value is an integer id in its key's
        // column (the first of its key on each span).
        let keys = spans.attributeArena.keys, stored = spans.attributeArena.values
        var slots = KeySlots()  // a key's slot is its column: span keys are added first
        indexes.withUnsafeBufferPointer { indexBuffer in
            for (k, i) in indexBuffer.enumerated() {
                spans.prefetchAttributes(ahead: k, in: indexBuffer)
                let range = spans.attributeRanges[i].range
                for j in range {
                    let (column, isNew) = slots.slot(of: keys[j], at: j - range.lowerBound)
                    if isNew { _ = values.addColumn(spans.strings[keys[j]]) }
                    if values.columns[column][k] < 0 { values.columns[column][k] = values.entry(stored[j], spans: spans) }
                }
            }
        }
        // Resource attributes by resource; a span's own attribute wins over its resource's of the
        // same key. Resources are a few, so what is known of each is kept in arrays by its index
        // (a span's index outside the table names none): a set of the spans' resources and a
        // dictionary lookup per span and key were a fifth of this step (issue 7).
        let resourceCount = snapshot.resources.count
        let resourceIndexes = indexes.map { i -> Int in
            let r = Int(spans.resourceIndexes[i])
            return r >= 0 && r < resourceCount ? r : resourceCount
        }
        var usedResources = [Bool](repeating: false, count: resourceCount + 1)
        for r in resourceIndexes { usedResources[r] = true }
        var resourceKeys = Set<String>()
        for r in 0..<resourceCount where usedResources[r] {
            for a in snapshot.resources[r].attributes where a.key != "service.name" { resourceKeys.insert(a.key) }
        }
        for key in resourceKeys {
            let column = spans.strings.id(of: key).flatMap { slots.existingSlot(of: $0) } ?? values.addColumn(key)
            // Each resource's entry for the key, worked out when a span first needs it.
            var byResource = [Int32?](repeating: nil, count: resourceCount + 1)
            for (k, r) in resourceIndexes.enumerated() where values.columns[column][k] < 0 {
                let entry: Int32
                if let known = byResource[r] {
                    entry = known
                } else {
                    let v = r < resourceCount ? snapshot.resources[r].attributes[key: key] : nil
                    entry = v.map { values.entry($0) } ?? -1
                    byResource[r] = entry
                }
                values.columns[column][k] = entry
            }
        }
        let presentCounts = values.columns.map { column in column.reduce(0) { $0 + ($1 >= 0 ? 1 : 0) } }
        var candidates = values.keys.indices.sorted { values.keys[$0] < values.keys[$1] }
        if candidates.count > maximumKeys {
            candidates = Array(
                candidates.sorted { (presentCounts[$0], values.keys[$1]) > (presentCounts[$1], values.keys[$0]) }.prefix(maximumKeys)
            ).sorted { values.keys[$0] < values.keys[$1] }
        }
        var out: [AttributeComparison] = []
        var seenText = [Bool](repeating: false, count: values.texts.count)
        for column in candidates {
            let ids = values.columns[column]
            let present = presentCounts[column]
            // Distinct texts among the present values, and whether every one is a number.
            var textCount = 0, allNumeric = true
            var seen: [Int32] = []
            for e in ids where e >= 0 {
                let t = values.textOfEntry[Int(e)]
                if !seenText[Int(t)] {
                    seenText[Int(t)] = true
                    seen.append(t)
                    textCount += 1
                }
                if values.numberOfEntry[Int(e)] == nil { allNumeric = false }
            }
            for t in seen { seenText[Int(t)] = false }
            let numeric = present > 0 && allNumeric && textCount > 10
            var c: AttributeComparison?
            if numeric {
                c = AttributeComparison.numericComparison(
                    ids.map { $0 >= 0 ? values.numberOfEntry[Int($0)] : nil }, durations: durations, slow: split, order: order,
                    sorted: sorted)
            } else {
                guard textCount > 1 || present < n, textCount <= max(10, n / 20) else { continue }
                c = AttributeComparison.categoricalComparison(
                    members: values.membersByText(ids), durations: durations, slow: split, order: order, sorted: sorted,
                    separation: false)
            }
            guard var comparison = c else { continue }
            comparison.service = operation.service
            comparison.operation = operation.name
            comparison.attribute = values.keys[column]
            comparison.slowCount = target.count
            comparison.restCount = baseline.count
            out.append(comparison)
        }
        out.sort { a, b in a.score != b.score ? a.score > b.score : a.attribute < b.attribute }
        return Array(out.prefix(limit))
    }
}

extension WindowComparison.Stats {
    /// The figures of `count` spans, `errorCount` of them errors, in a window of `seconds`: the
    /// one place the rates are worked out, for a list of spans and for a single span.
    init(count: Int, errorCount: Int, seconds: Double, p50: Int64?, p99: Int64?) {
        self.init(
            count: count, errorCount: errorCount, requestRate: Double(count) / seconds,
            errorRate: count == 0 ? 0 : Double(errorCount) / Double(count), p50Nanos: p50, p99Nanos: p99)
    }
}
