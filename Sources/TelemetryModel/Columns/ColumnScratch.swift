import Vocabulary

/// One scratch buffer through which a span table's columns and arenas are reordered in place:
/// each column is gathered into the scratch (on every core, each thread writing its own slice),
/// then copied back over itself (issue 7: `SnapshotBuilder.finish`).
///
/// Gathering each column into a fresh array instead touched fresh pages for every column —
/// page faults and kernel zero-fill were most of the old arena rewrite — and, for the arenas,
/// held the old and new copy of every arena at once. The scratch is faulted in once, for the
/// largest column, and no column or arena ever exists twice.
final class ColumnScratch {
    private var base: UnsafeMutableRawPointer
    private var byteCount: Int

    init(byteCount: Int) {
        self.byteCount = Swift.max(byteCount, 16)
        base = .allocate(byteCount: self.byteCount, alignment: 16)
    }

    deinit { base.deallocate() }

    /// Index ranges that split `count` items into slices for concurrent work: a few per core,
    /// so that a core slowed by other work does not hold the rest up; one for small counts.
    static func slices(of count: Int) -> [Range<Int>] {
        let n = count < 1 << 16 ? 1 : 8
        return (0..<n).map { Parallel.part($0, of: count, parts: n) }
    }

    /// The scratch as `count` elements of `T`, grown if too small.
    private func elements<T>(_: T.Type, count: Int) -> UnsafeMutablePointer<T> {
        let needed = count * MemoryLayout<T>.stride
        if needed > byteCount {
            base.deallocate()
            byteCount = needed
            base = .allocate(byteCount: needed, alignment: 16)
        }
        return base.bindMemory(to: T.self, capacity: count)
    }

    /// `column[j] = column[order[j]]` for every `j`.
    func permute<T>(_ column: inout [T], by order: [UInt32]) {
        precondition(order.count == column.count)
        let target = elements(T.self, count: column.count)
        column.withUnsafeBufferPointer { source in
            order.withUnsafeBufferPointer { order in
                let slices = Self.slices(of: order.count)
                _ = Parallel.map(slices.count) { s in
                    // The old column is read at the permutation's positions, which the
                    // processor's own prefetcher does not follow: each element is hinted 32
                    // places ahead (500k spans: read phase 0.119 -> 0.114 s, issue 7).
                    let slice = slices[s], ahead = 32
                    for j in slice {
                        if j + ahead < slice.upperBound { SpanTable.prefetch(source, at: Int(order[j + ahead])) }
                        (target + j).initialize(to: source[Int(order[j])])
                    }
                }
            }
        }
        copyBack(into: &column, count: column.count)
    }

    /// Rebuilds `arena` as `count` elements written by `fill`, which is called once per slice
    /// (`0..<slices`, concurrently) with the scratch (as `T`) and the old arena, and must
    /// initialize its own part; together the slices initialize every element exactly once.
    func rewrite<T>(
        _ arena: inout [T], count: Int, slices: Int,
        fill: (_ slice: Int, _ target: UnsafeMutablePointer<T>, _ source: UnsafeBufferPointer<T>) -> Void
    ) {
        let target = elements(T.self, count: count)
        arena.withUnsafeBufferPointer { source in
            _ = Parallel.map(slices) { s in fill(s, target, source) }
        }
        copyBack(into: &arena, count: count)
    }

    /// Moves the first `count` scratch elements into `array` as its new contents (leaving the
    /// scratch uninitialized again): over its old storage when the size is unchanged (no fresh
    /// pages), else into a new array of exactly that size.
    private func copyBack<T>(into array: inout [T], count: Int) {
        let source = base.assumingMemoryBound(to: T.self)
        guard array.count == count else {
            array = []
            array = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
                buffer.baseAddress?.moveInitialize(from: source, count: count)
                initialized = count
            }
            return
        }
        array.withUnsafeMutableBufferPointer { buffer in
            guard let target = buffer.baseAddress else { return }
            let slices = Self.slices(of: count)
            _ = Parallel.map(slices.count) { s in
                let r = slices[s]
                (target + r.lowerBound).moveUpdate(from: source + r.lowerBound, count: r.count)
            }
        }
    }
}
