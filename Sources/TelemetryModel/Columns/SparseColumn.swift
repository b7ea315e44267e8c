import Vocabulary

/// A span table column whose entries are nearly all one value (issue 7, memory): only the
/// others are stored, as (index, value) pairs in index order.
///
/// Most spans have no events, no links and no status message, yet as dense arrays those three
/// columns took 20 bytes a span — 40 MB of a 2-million-span snapshot holding nothing but empty
/// ranges and zeros. Here a column of all-default entries holds nothing but its count; one with
/// `k` other entries holds `k` pairs. Reading entry `i` is a binary search (nothing at all when
/// every entry is the default); scans over many spans walk `entries(in:)` instead.
public struct SparseColumn<Element: Equatable & Sendable>: RandomAccessCollection, Sendable {
    /// The value of every entry not listed in `indexes`.
    public let defaultValue: Element
    /// The positions of the entries that differ from `defaultValue`, ascending.
    public private(set) var indexes: [UInt32] = []
    /// Their values, in the same order.
    public private(set) var values: [Element] = []
    private var total = 0

    public init(defaultValue: Element) {
        self.defaultValue = defaultValue
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { total }

    /// The entry at `i`: its stored value, or the default.
    @inlinable
    public subscript(i: Int) -> Element {
        guard let k = storedPosition(of: i) else { return defaultValue }
        return values[k]
    }

    /// Where entry `i`'s value is kept in `values`, or nil when it is the default.
    @usableFromInline
    func storedPosition(of i: Int) -> Int? {
        if indexes.isEmpty { return nil }
        let k = firstStored(atOrAfter: i)
        return k < indexes.count && Int(indexes[k]) == i ? k : nil
    }

    /// The position in `indexes` of the first stored entry at or after span `i`.
    private func firstStored(atOrAfter i: Int) -> Int {
        var low = 0, high = indexes.count
        while low < high {
            let mid = (low + high) / 2
            if Int(indexes[mid]) < i { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The entries of `range` that are not the default, as (index, value), in index order.
    public func entries(in range: Range<Int>) -> [(index: Int, value: Element)] {
        if indexes.isEmpty { return [] }
        var out: [(index: Int, value: Element)] = []
        var k = firstStored(atOrAfter: range.lowerBound)
        while k < indexes.count && Int(indexes[k]) < range.upperBound {
            out.append((Int(indexes[k]), values[k]))
            k += 1
        }
        return out
    }

    /// Every entry that is not the default, as (index, value), in index order.
    public var storedEntries: Zip2Sequence<LazyMapSequence<[UInt32], Int>, [Element]> {
        zip(indexes.lazy.map { Int($0) }, values)
    }

    /// Appends one entry; only a value other than the default takes room.
    @inlinable
    public mutating func append(_ value: Element) {
        if value != defaultValue { appendStored(value) } else { appendDefault() }
    }

    @usableFromInline
    mutating func appendStored(_ value: Element) {
        indexes.append(UInt32(total))
        values.append(value)
        total += 1
    }

    @usableFromInline
    mutating func appendDefault() { total += 1 }

    /// Appends every entry of `other`, each stored value passed through `transform` (a value it
    /// turns into the default is then not stored).
    public mutating func append(contentsOf other: SparseColumn, _ transform: (Element) -> Element) {
        let base = UInt32(total)
        indexes.reserveForAppending(other.indexes.count)
        values.reserveForAppending(other.values.count)
        for (i, value) in zip(other.indexes, other.values) {
            let mapped = transform(value)
            if mapped != defaultValue {
                indexes.append(i + base)
                values.append(mapped)
            }
        }
        total += other.total
    }

    /// The same entries with each stored value passed through `transform`, in index order;
    /// `transform` keeps a stored value from being the default.
    func mappingStoredValues(_ transform: (Element) -> Element) -> SparseColumn {
        var result = self
        for k in result.values.indices { result.values[k] = transform(result.values[k]) }
        return result
    }

    /// The column holding `self[order[j]]` at `j`, for every `j` (the sort's gather).
    ///
    /// Which old entries are stored is marked in a bitset of one bit per span, so the pass over
    /// `order` touches only that bitset until it meets one of them. A stored entry's place in
    /// `values` is the count of marks before it: its word's running count plus the marks below
    /// it in the word. Found by a binary search per entry, it was 4% of a render whose spans
    /// mostly carry events (issue 7).
    public func permuted(by order: [UInt32]) -> SparseColumn {
        var result = SparseColumn(defaultValue: defaultValue)
        result.total = order.count
        if indexes.isEmpty { return result }
        var marks = [UInt64](repeating: 0, count: (total + 63) / 64)
        for i in indexes { marks[Int(i) >> 6] |= 1 << (UInt64(i) & 63) }
        var before = [UInt32](repeating: 0, count: marks.count)
        var running: UInt32 = 0
        for w in marks.indices {
            before[w] = running
            running += UInt32(marks[w].nonzeroBitCount)
        }
        result.indexes.reserveCapacity(indexes.count)
        result.values.reserveCapacity(indexes.count)
        for (j, i) in order.enumerated() {
            let (w, bit) = (Int(i) >> 6, UInt64(i) & 63)
            let word = marks[w]
            guard word & (1 << bit) != 0 else { continue }
            result.indexes.append(UInt32(j))
            result.values.append(values[Int(before[w]) + (word & ((1 << bit) - 1)).nonzeroBitCount])
        }
        return result
    }

    /// The entries at `positions`, in that order (a table's `gathering`).
    public func gathering<C: Collection>(_ positions: C) -> SparseColumn where C.Element == Int {
        var result = SparseColumn(defaultValue: defaultValue)
        for i in positions { result.append(self[i]) }
        return result
    }
}
