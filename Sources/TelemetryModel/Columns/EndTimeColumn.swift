import Vocabulary

/// A span table's end times, each kept as its distance from the span's start in four bytes
/// (issue 7, memory): a span lasts less than 4.29 s far more often than not, and as `[Int64]`
/// the column took 8 bytes a span (4 MB of a 500k-span snapshot, 16 MB at 2 million).
///
/// An end that is before its start, or 4.29 s or more after it, is kept exactly beside the
/// offsets (a `SparseColumn`); once such ends are more than a quarter of a table of 4,096 spans
/// or more, the table keeps every end as decoded (`Int64`), so a file of long spans costs what
/// it did. Every end reads back exactly as appended: `SpanTable.endTime(at:)` adds the start.
public struct EndTimeColumn: Sendable {
    /// `end − start` of each span, or `UInt32.max` when the end is in `exceptions`.
    @usableFromInline var offsets: [UInt32] = []
    /// The exact end of each span whose offset is `UInt32.max` (an end of 0 is the default).
    @usableFromInline var exceptions = SparseColumn<Int64>(defaultValue: 0)
    /// Every end, once the column is wide; empty until then.
    @usableFromInline var wide: [Int64] = []
    @usableFromInline var isWide = false

    public init() {}

    public var count: Int { isWide ? wide.count : offsets.count }

    /// Whether the column keeps offsets (tests read it).
    public var storesOffsets: Bool { !isWide }

    /// The end of span `i`, whose start is `start`.
    @inlinable @inline(__always)
    public func end(at i: Int, start: Int64) -> Int64 {
        if isWide { return wide[i] }
        let o = offsets[i]
        return o != .max ? start &+ Int64(o) : exceptions[i]
    }

    /// Whether the ends kept whole are few enough for offsets to stay.
    @inlinable
    var offsetsPay: Bool { offsets.count < 4_096 || exceptions.values.count * 4 <= offsets.count }

    /// Appends a span's end; false when the column should now become wide (`widen(starts:)`).
    @inlinable
    @discardableResult
    public mutating func append(start: Int64, end: Int64) -> Bool {
        if isWide {
            wide.append(end)
            return true
        }
        let (d, overflow) = end.subtractingReportingOverflow(start)
        if !overflow && d >= 0 && d < Int64(UInt32.max) {
            offsets.append(UInt32(d))
            exceptions.appendDefault()
            return true
        }
        offsets.append(.max)
        exceptions.append(end)
        return offsetsPay
    }

    /// Appends `other`'s ends (an offset stays valid: it is from its own span's start, and the
    /// spans keep their starts); `otherStarts` are `other`'s table's starts. False when the
    /// column should now become wide (`widen(starts:)`).
    public mutating func append(contentsOf other: EndTimeColumn, otherStarts: [Int64]) -> Bool {
        if !isWide && !other.isWide {
            offsets.append(contentsOf: other.offsets)
            exceptions.append(contentsOf: other.exceptions) { $0 }
            return offsetsPay
        }
        reserveForAppending(other.count)
        for i in 0..<other.count { append(start: otherStarts[i], end: other.end(at: i, start: otherStarts[i])) }
        return isWide || offsetsPay
    }

    /// Keeps every end whole from now on; `starts` are the table's start times.
    public mutating func widen(starts: [Int64]) {
        guard !isWide else { return }
        var w: [Int64] = []
        w.reserveCapacity(Swift.max(offsets.capacity, offsets.count))
        for i in offsets.indices { w.append(end(at: i, start: starts[i])) }
        wide = w
        offsets = []
        exceptions = SparseColumn(defaultValue: 0)
        isWide = true
    }

    public mutating func reserveCapacity(_ n: Int) {
        if isWide { wide.reserveCapacity(n) } else { offsets.reserveCapacity(n) }
    }

    /// Room for `more` entries, grown as `append` grows (`Array.reserveForAppending`).
    mutating func reserveForAppending(_ more: Int) {
        if isWide { wide.reserveForAppending(more) } else { offsets.reserveForAppending(more) }
    }

    /// Entry `order[j]` at `j`, through the table's scratch (the sort's gather: the starts are
    /// gathered by the same order, so the offsets stay valid).
    mutating func permute(by order: [UInt32], through scratch: ColumnScratch) {
        if isWide {
            scratch.permute(&wide, by: order)
        } else {
            scratch.permute(&offsets, by: order)
            exceptions = exceptions.permuted(by: order)
        }
    }

    /// Hints entries `range` (`SpanTable+Prefetch`).
    @inlinable
    public func prefetch(_ range: Range<Int>) {
        if isWide { SpanTable.prefetch(wide, range) } else { SpanTable.prefetch(offsets, range) }
    }
}
