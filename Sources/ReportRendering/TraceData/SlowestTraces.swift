import TelemetryAnalysis
import TelemetryModel
import Vocabulary

/// Every trace of the snapshot, slowest first — duration descending, then trace id ascending,
/// the order of `TraceAssembler.slowest` (DESIGN §5) — as positions into the analysis's traces,
/// so the trace page orders a million traces without copying a summary (each is about 110
/// bytes and holds strings and arrays a copy retains: 11 MB at 500,000 spans, 45 MB at 2
/// million, for the order alone).
struct SlowestTraces: RandomAccessCollection {
    /// The traces in the analysis's order.
    let traces: [TraceSummary]
    /// `traces[order[i]]` is the `i`-th slowest.
    let order: [Int]

    init(_ traces: [TraceSummary]) {
        self.traces = traces
        order = Self.order(traces)
    }

    var startIndex: Int { 0 }
    var endIndex: Int { order.count }
    subscript(position: Int) -> TraceSummary { traces[order[position]] }

    /// What a trace is ordered by, copied out of the summary so the sort moves 32-byte keys
    /// rather than chasing indexes; the position breaks ties (equal ids), so the order is total
    /// and any sort gives the one a stable sort gives.
    private struct Key {
        var duration: Int64
        var high: UInt64
        var low: UInt64
        var position: Int

        static func precedes(_ a: Key, _ b: Key) -> Bool {
            if a.duration != b.duration { return a.duration > b.duration }
            if a.high != b.high { return a.high < b.high }
            if a.low != b.low { return a.low < b.low }
            return a.position < b.position
        }
    }

    /// Positions of `traces`, slowest first.
    ///
    /// The analysis's traces come in trace id order (the span table is sorted by trace id), and
    /// then the order is that of duration descending with position breaking ties: one radix sort
    /// of the complemented durations (`~d` reverses the order of every `Int64`, with no overflow)
    /// with the positions beside them (`RadixSort.sortedWithOrder`, ties in position order). At
    /// 500k spans the comparison sort of keys took about 34 ms of the render's CPU (issue 7).
    /// Traces in any other order are sorted by their keys, in two halves on two cores, merged.
    static func order(_ traces: [TraceSummary]) -> [Int] {
        let idOrder = traces.withUnsafeBufferPointer { t in
            t.indices.dropFirst().allSatisfy { t[$0 - 1].traceID < t[$0].traceID }
        }
        if idOrder {
            return RadixSort.sortedWithOrder(traces.withUnsafeBufferPointer { t in t.indices.map { ~t[$0].durationNanos } }).order
        }
        return orderByKeys(traces)
    }

    /// `order` by comparing keys, whatever order the traces come in.
    static func orderByKeys(_ traces: [TraceSummary]) -> [Int] {
        let keys = traces.indices.map { i in
            let t = traces[i]
            return Key(duration: t.durationNanos, high: t.traceID.high, low: t.traceID.low, position: i)
        }
        guard keys.count > 50_000 else { return keys.sorted(by: Key.precedes).map(\.position) }
        let middle = keys.count / 2
        let halves = CoreSplit.map(2) { h in (h == 0 ? keys[..<middle] : keys[middle...]).sorted(by: Key.precedes) }
        var result: [Int] = []
        result.reserveCapacity(keys.count)
        var a = 0, b = 0
        let left = halves[0], right = halves[1]
        while a < left.count && b < right.count {
            if Key.precedes(right[b], left[a]) {
                result.append(right[b].position)
                b += 1
            } else {
                result.append(left[a].position)
                a += 1
            }
        }
        while a < left.count {
            result.append(left[a].position)
            a += 1
        }
        while b < right.count {
            result.append(right[b].position)
            b += 1
        }
        return result
    }
}
