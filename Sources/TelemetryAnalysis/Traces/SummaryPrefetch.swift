import CPrefetch

extension UnsafeBufferPointer where Element == TraceSummary {
    /// Hints both cache lines of summary `i`: at 96 bytes a summary always straddles two, and
    /// hinting only its first address left the second (the span range's neighbours, the orphan
    /// list) to miss when the loop reached it — the largest single cost of the traces page's
    /// span columns at 500k spans (issue 7). Used wherever traces are visited in an order of
    /// their own: the trace page's records and span columns, the slow-trace breakdowns' trees.
    @inlinable @inline(__always)
    public func prefetch(_ i: Int) {
        guard let base = baseAddress, i >= 0, i < count else { return }
        let start = UnsafeRawPointer(base + i)
        cprefetch(start)
        cprefetch(start + (MemoryLayout<TraceSummary>.size - 1))
    }
}
