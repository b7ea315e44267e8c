import CPrefetch

/// Hints that parts of the table will be read soon, for loops that visit spans in an order of
/// their own (an operation's spans, or traces slowest first): such spans lie apart in the
/// columns, each one a wait for memory that the processor's own prefetcher does not hide. A loop
/// asks a few spans ahead, in steps — first the attribute range, then (with the range at hand)
/// the attributes — so that each hint reads only what an earlier one brought in. A hint changes
/// no result. One home for these hints, used by the attribute and window comparisons, the value
/// counts of the compare page, the trace page's data and the sharing of attribute lists.
extension SpanTable {
    /// Hints every per-span column the trace page's data reads, for spans `range`.
    @inlinable
    public func prefetchColumns(ofSpans range: Range<Int>) {
        Self.prefetch(startTimes, range)
        endTimes.prefetch(range)
        Self.prefetch(statuses, range)
        Self.prefetch(kinds, range)
        resourceIndexes.prefetch(range)
        Self.prefetch(nameIDs, range)
        Self.prefetch(spanIDs, range)
        Self.prefetch(parentSpanIDs, range)
        Self.prefetch(attributeRanges, range)
    }

    /// Hints the start and end of span `i`.
    @inlinable @inline(__always)
    public func prefetchTimes(ofSpan i: Int) {
        Self.prefetch(startTimes, i..<i + 1)
        endTimes.prefetch(i..<i + 1)
    }

    /// `indexes.map(read)` for a `read` of span times (`durationNanos(at:)`, `endTime(at:)`),
    /// hinting the times of the span `distance` places ahead. An operation's spans lie a few
    /// hundred spans apart with 60 services, so each read was a wait for memory: the durations'
    /// gather was a quarter of the attribute comparison's own time (perf annotate, 500k spans).
    @inlinable
    public func gatherTimes<T>(at indexes: [Int], distance: Int = 16, _ read: (Int) -> T) -> [T] {
        indexes.withUnsafeBufferPointer { indexes in
            [T](unsafeUninitializedCapacity: indexes.count) { out, initialized in
                for k in indexes.indices {
                    if k + distance < indexes.count { prefetchTimes(ofSpan: indexes[k + distance]) }
                    out.initializeElement(at: k, to: read(indexes[k]))
                }
                initialized = indexes.count
            }
        }
    }

    /// Hints the attribute range of span `i` (the first step before `prefetchAttributes`).
    @inlinable
    public func prefetchAttributeRange(ofSpan i: Int) {
        Self.prefetch(attributeRanges, i..<i + 1)
    }

    /// Hints the attributes (keys and values) of spans `range`, whose attribute ranges should
    /// already be in cache.
    @inlinable
    public func prefetchAttributes(ofSpans range: Range<Int>) {
        guard !range.isEmpty, range.upperBound <= attributeRanges.count else { return }
        let lower = Int(attributeRanges[range.lowerBound].start)
        let last = attributeRanges[range.upperBound - 1]
        let attributes = lower..<Swift.max(lower, Int(last.start) + Int(last.count))
        Self.prefetch(attributeArena.keys, attributes)
        Self.prefetch(attributeArena.values.kinds, attributes)
        Self.prefetch(attributeArena.values.payloads, attributes)
    }

    /// For a loop over the spans `indexes` at position `k`: hints the attribute range of the span
    /// `2 × distance` places ahead and the attributes of the one `distance` ahead (its range by
    /// then at hand).
    @inlinable @inline(__always)
    public func prefetchAttributes(ahead k: Int, in indexes: UnsafeBufferPointer<Int>, distance: Int = 8) {
        if k + 2 * distance < indexes.count { prefetchAttributeRange(ofSpan: indexes[k + 2 * distance]) }
        guard k + distance < indexes.count else { return }
        let s = indexes[k + distance]
        prefetchAttributes(ofSpans: s..<s + 1)
    }

    /// Hints every cache line of `column[range]` (up to eight lines); nothing for a range
    /// outside the column. Public for the columns kept beside the table (`SpanParents`).
    @inlinable @inline(__always)
    public static func prefetch<T>(_ column: [T], _ range: Range<Int>) {
        column.withUnsafeBufferPointer { prefetch($0, range) }
    }

    /// Hints the cache line of `column[index]` alone (a short list's entries); nothing outside
    /// the column.
    @inlinable @inline(__always)
    static func prefetch<T>(_ column: UnsafeBufferPointer<T>, at index: Int) {
        guard let base = column.baseAddress, index >= 0, index < column.count else { return }
        cprefetch(base + index)
    }

    /// `prefetch(column, range)` over a column's buffer, for loops that hold the buffers.
    @inlinable @inline(__always)
    public static func prefetch<T>(_ column: UnsafeBufferPointer<T>, _ range: Range<Int>) {
        guard let base = column.baseAddress, !range.isEmpty, range.lowerBound >= 0, range.upperBound <= column.count else { return }
        let start = UnsafeRawPointer(base + range.lowerBound)
        let bytes = Swift.min(range.count * MemoryLayout<T>.stride, 8 * 64)
        var offset = 0
        while offset < bytes {
            cprefetch(start + offset)
            offset += 64
        }
        cprefetch(start + (bytes - 1))
    }
}
