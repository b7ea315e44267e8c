import TelemetryModel

/// The durations of each wanted service's spans by the step of a grid their end falls in, held
/// in one list: a cell (a service's row, a step) is a stretch of it, found by counting the spans
/// of every cell first (a counting sort of the spans by cell).
///
/// Why: an array per cell, appended to span by span, was checked for uniqueness (outer and inner)
/// and grown by doubling for every span — 500k spans, a few thousand cells — for a list whose
/// only use is a few order statistics (`SpanTimeSeries.latency`, issue 7). Here the spans are
/// walked twice and every duration is stored once, where its cell's percentiles are selected.
struct StepDurations {
    /// The durations, cell after cell; a cell's part is reordered when its percentiles are read.
    private var values: [Int64]
    /// Where cell `c` begins in `values` (`starts[c + 1]` where it ends).
    private let starts: [Int]
    /// The row of each wanted service's name.
    private let rowOf: [String: Int]
    private let steps: Int

    init(_ snapshot: Snapshot, grid: TimeGrid, services: [String]) {
        let index = ServiceIndex(snapshot)
        var rows: [String: Int] = [:]
        for name in services where rows[name] == nil { rows[name] = rows.count }
        let rowOfService = index.names.map { rows[$0] ?? -1 }
        let steps = grid.count
        let spans = snapshot.spans
        /// The cell of span `k`, or nil when its service is not wanted or it ends outside the grid.
        func cell(_ k: Int) -> Int? {
            let row = rowOfService[index.id(ofResource: spans.resourceIndexes[k])]
            guard row >= 0, let i = grid.index(forEndNanos: spans.endTime(at: k)) else { return nil }
            return row * steps + i
        }
        var starts = [Int](repeating: 0, count: rows.count * steps + 1)
        // Each span's cell (-1 for none) is found once and kept for the second walk: finding it
        // is a division and a service lookup, and doing both twice was a third of this type's
        // samples (60 services, 500k spans). Four bytes a span, while the durations are placed;
        // a grid of more cells than four bytes number (billions: millions of services) finds
        // each cell again instead.
        let keepsCells = rows.count * steps < Int(Int32.max)
        let cellOf = [Int32](unsafeUninitializedCapacity: keepsCells ? spans.count : 0) { out, initialized in
            for k in spans.indices {
                let c = cell(k) ?? -1
                if keepsCells { out.initializeElement(at: k, to: Int32(c)) }
                if c >= 0 { starts[c + 1] += 1 }
            }
            initialized = keepsCells ? spans.count : 0
        }
        for c in starts.indices.dropFirst() { starts[c] += starts[c - 1] }
        var next = starts
        var values = [Int64](repeating: 0, count: starts.last ?? 0)
        cellOf.withUnsafeBufferPointer { cellOf in
            for k in spans.indices {
                let c = keepsCells ? Int(cellOf[k]) : cell(k) ?? -1
                guard c >= 0 else { continue }
                values[next[c]] = spans.durationNanos(at: k)
                next[c] += 1
            }
        }
        (self.values, self.starts, self.rowOf, self.steps) = (values, starts, rows, steps)
    }

    /// The nearest-rank `percentiles` of `service`'s spans ending in step `step`; empty when
    /// there are none (or the service was not wanted). Reorders that cell's durations.
    mutating func percentiles(of service: String, step: Int, _ percentiles: [Percentile]) -> [Int64] {
        guard let row = rowOf[service] else { return [] }
        let cell = row * steps + step
        let range = starts[cell]..<starts[cell + 1]
        return values.withUnsafeMutableBufferPointer {
            RadixSort.percentiles(inPlace: UnsafeMutableBufferPointer(rebasing: $0[range]), percentiles)
        }
    }
}
