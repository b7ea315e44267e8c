import TelemetryModel

/// For every span of a table, the last span of its trace whose span id is the span's parent id
/// (an index into the table), or -1 when its trace has none: what `TraceSpanLookup.lastIndex`
/// answers for the span's parent id, asked once for every span while the traces are assembled
/// (`TraceAssembler.assembleWithParents`), which looks each parent up anyway to find the orphans.
///
/// Why a column: the self times (`TraceParents`), the trace page's data and the service map each
/// indexed every trace's spans by id and looked every parent up again: 165 M instructions of a
/// 500k-span render's 8,400 M (2%), for an answer the assembly had already had; reading the column
/// instead saved 76 M. The column costs 4 bytes a span (2 MB at 500k spans) and lives as long as
/// the analysis, through the render, whose peak it raises by as much.
///
/// It holds the raw lookup, not the waterfall's parent: a span naming itself, a root and an
/// orphan are told apart by the readers, each by its own rule (`TraceParents.parents`,
/// `ServiceMap.compute`), as they were with the lookup. A column is only meaningful with the
/// traces it was assembled with, over the same span table.
public struct SpanParents: Sendable {
    @usableFromInline let lookups: [Int32]

    init(lookups: [Int32]) { self.lookups = lookups }

    /// The span count the column covers.
    public var count: Int { lookups.count }

    /// The last span of span `i`'s trace with span `i`'s parent id, or nil.
    @inline(__always)
    public func lookup(_ i: Int) -> Int? {
        let found = lookups[i]
        return found < 0 ? nil : Int(found)
    }

    /// Hints the lookups of spans `range` (up to eight cache lines), for loops that visit traces
    /// in an order of their own: the trace page's data goes slowest first, so each trace's
    /// lookups lie somewhere else in the column, a wait for memory apiece (about a tenth of the
    /// page's span chunks' samples at 500k spans, issue 7). A hint changes no result.
    @inlinable
    public func prefetch(_ range: Range<Int>) { SpanTable.prefetch(lookups, range) }

    /// Whether a table of `count` spans can be covered (indexes fit in 32 bits).
    static func covers(_ count: Int) -> Bool { count < Int(Int32.max) }
}
