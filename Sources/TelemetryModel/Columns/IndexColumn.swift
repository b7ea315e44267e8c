import Vocabulary

/// A span table's column of resource or scope indexes, two bytes an entry while every entry
/// fits in 0...65,534, four (`Int32`, as decoded) from the first that does not (issue 7, memory).
///
/// A snapshot holds a few dozen resources and scopes, rarely thousands, yet as `[Int32]` the two
/// columns took 8 bytes a span: 4 MB of a 500k-span snapshot, 16 MB at 2 million. Readers see
/// `Int32` entries either way, so nothing outside the column knows which storage it has; a
/// column widens once, in place, and never narrows back.
public struct IndexColumn: RandomAccessCollection, MutableCollection, Sendable, Equatable {
    /// The entries while the column is narrow; empty once it is wide.
    @usableFromInline var narrow: [UInt16] = []
    /// The entries once one did not fit in `narrow`; empty until then.
    @usableFromInline var wide: [Int32] = []
    @usableFromInline var isWide = false

    /// The largest entry kept narrow (`UInt16.max` is left free).
    @usableFromInline static let narrowLimit: Int32 = 65_534

    public init() {}

    /// A column holding `values`, narrow when they all fit.
    public init(_ values: some Sequence<Int32>) {
        narrow.reserveCapacity(values.underestimatedCount)
        for v in values { append(v) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { isWide ? wide.count : narrow.count }

    @inlinable
    public subscript(i: Int) -> Int32 {
        get { isWide ? wide[i] : Int32(narrow[i]) }
        set {
            if !isWide {
                if Self.fits(newValue) {
                    narrow[i] = UInt16(newValue)
                    return
                }
                widen()
            }
            wide[i] = newValue
        }
    }

    /// Whether the column stores two bytes an entry (tests and the memory notes read it).
    public var isNarrow: Bool { !isWide }

    @inlinable
    static func fits(_ v: Int32) -> Bool { v >= 0 && v <= narrowLimit }

    @inlinable
    public mutating func append(_ v: Int32) {
        if !isWide {
            if Self.fits(v) {
                narrow.append(UInt16(v))
                return
            }
            widen()
        }
        wide.append(v)
    }

    public mutating func reserveCapacity(_ n: Int) {
        if isWide { wide.reserveCapacity(n) } else { narrow.reserveCapacity(n) }
    }

    /// Room for `more` entries, grown as `append` grows (`Array.reserveForAppending`).
    mutating func reserveForAppending(_ more: Int) {
        if isWide { wide.reserveForAppending(more) } else { narrow.reserveForAppending(more) }
    }

    /// Sets every entry from `first` to the end to `value`; returns how many that is. Inlined,
    /// with one entry set without a loop: a file of one trace a line fills one entry of each
    /// column at every envelope, and the vectorised loop's set-up and the call were 4% of its
    /// read (issue 7).
    @inlinable
    @discardableResult
    public mutating func fill(from first: Int, with value: Int32) -> Int {
        if !isWide && Self.fits(value) {
            let end = narrow.count, v = UInt16(value)
            if end - first == 1 {
                narrow[first] = v
            } else {
                for i in first..<end { narrow[i] = v }
            }
            return end - first
        }
        if !isWide { widen() }
        let end = wide.count
        for i in first..<end { wide[i] = value }
        return end - first
    }

    /// Appends `other`'s entries, each mapped through `map` (its position to its new value) when
    /// it has one there; a map that changes nothing (the usual case) is not applied at all.
    public mutating func append(contentsOf other: IndexColumn, through map: [Int32]) {
        let identity = map.indices.allSatisfy { map[$0] == Int32(truncatingIfNeeded: $0) }
        if identity && !isWide && !other.isWide {
            narrow.append(contentsOf: other.narrow)
            return
        }
        reserveForAppending(other.count)
        for v in other { append(map.indices.contains(Int(v)) ? map[Int(v)] : v) }
    }

    /// `self[j] = self[order[j]]` for every `j`, through the table's scratch.
    mutating func permute(by order: [UInt32], through scratch: ColumnScratch) {
        if isWide { scratch.permute(&wide, by: order) } else { scratch.permute(&narrow, by: order) }
    }

    /// Hints entries `range` (`SpanTable+Prefetch`).
    @inlinable
    public func prefetch(_ range: Range<Int>) {
        if isWide { SpanTable.prefetch(wide, range) } else { SpanTable.prefetch(narrow, range) }
    }

    /// Moves every entry to `wide` (once, at the first entry that does not fit two bytes).
    @usableFromInline
    mutating func widen() {
        var w: [Int32] = []
        w.reserveCapacity(Swift.max(narrow.capacity, narrow.count + 1))
        for v in narrow { w.append(Int32(v)) }
        narrow = []
        wide = w
        isWide = true
    }

    public static func == (a: IndexColumn, b: IndexColumn) -> Bool { a.elementsEqual(b) }
}
