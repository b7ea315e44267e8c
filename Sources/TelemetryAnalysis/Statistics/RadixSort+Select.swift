import TelemetryModel

extension RadixSort {
    /// The values at `ranks` (0-based positions of the ascending order) — `sorted(values)[r]` for
    /// each `r` — without sorting them all (most significant digit radix selection).
    ///
    /// Why: a percentile is one position of the sorted order, and the statistics of a service, a
    /// call between services or a window need two to five of them; sorting every value to read
    /// those (`sorted`) moved each value once per varying byte and was a quarter of the analysis's
    /// sorting (500k spans: 118 M instructions for the services' durations and self times).
    /// Here each round counts the values by a digit of 11 bits taken just below the highest bit
    /// in which any two of them differ, keeps only the values in the digits that hold a wanted
    /// position, and goes on with those: the first round's digit splits durations into up to
    /// 2,048 ranges, so the next rounds usually see a small part of the values.
    ///
    /// Every round consumes at least 11 of the bits the remaining values differ in, so there are
    /// at most six whatever the values (input chosen to fall in one digit gets no worse than
    /// linear time per round). The answer is the same values a sort gives: they are order
    /// statistics, not positions of particular elements.
    public static func select(_ values: consuming [Int64], ranks: [Int]) -> [Int64] {
        var values = values
        return values.withUnsafeMutableBufferPointer { select(inPlace: $0, ranks: ranks) }
    }

    /// `select` of values in the caller's memory, which it leaves holding the same values in
    /// another order: for values gathered into one list of many groups (`StepDurations`), each
    /// group's percentiles read from its part of the list without a copy.
    static func select(inPlace values: UnsafeMutableBufferPointer<Int64>, ranks: [Int]) -> [Int64] {
        let n = values.count
        precondition(ranks.allSatisfy { $0 >= 0 && $0 < n }, "a rank outside the values")
        guard n >= minimumCount else {
            var result = [Int64](repeating: 0, count: ranks.count)
            selectFew(values, wanted: ranks.enumerated().map { (rank: $1, slot: $0) }) { result[$0] = $1 }
            return result
        }
        var result = [Int64](repeating: 0, count: ranks.count)
        // Flipping the sign bit orders signed values as unsigned ones.
        let sign: UInt64 = 1 << 63
        values.withMemoryRebound(to: UInt64.self) { keys in
            for i in 0..<n { keys[i] ^= sign }
            result.withUnsafeMutableBufferPointer { out in
                select(keys, wanted: ranks.enumerated().map { (rank: $1, slot: $0) }, into: out)
                for k in out.indices { out[k] = Int64(bitPattern: UInt64(bitPattern: out[k]) ^ sign) }
            }
            for i in 0..<n { keys[i] ^= sign }
        }
        return result
    }

    /// The nearest-rank percentiles `ps` of `values` (`Percentile`), in that order; empty when
    /// there are no values.
    public static func percentiles(_ values: consuming [Int64], _ ps: [Percentile]) -> [Int64] {
        var values = values
        return values.withUnsafeMutableBufferPointer { percentiles(inPlace: $0, ps) }
    }

    /// `percentiles` of values in the caller's memory, which it reorders (`select(inPlace:)`).
    static func percentiles(inPlace values: UnsafeMutableBufferPointer<Int64>, _ ps: [Percentile]) -> [Int64] {
        let n = values.count
        guard n > 0 else { return [] }
        return select(inPlace: values, ranks: ps.map { $0.rank(of: n) - 1 })
    }

    /// Hands `found(slot, value)` the value at each wanted rank of a few values (at most
    /// `minimumCount`; reordered in place), by quickselect: each rank, in ascending order, is
    /// searched for to the right of the one before (everything there is at least its value),
    /// partitioning around a median of three until at most 17 values are left, which are sorted
    /// by insertion.
    ///
    /// Why: the standard library's sort (a stable merge sort, with a buffer allocated each call)
    /// of every cell of a latency dashboard — 60 services at 500k spans: thousands of cells of
    /// about 70 spans — was 72 of 18,600 samples of a render, to read four positions of each.
    /// Like `select`, the answer is order statistics: the values a sort has at those ranks.
    static func selectFew<T: Comparable>(
        _ values: UnsafeMutableBufferPointer<T>, wanted: [(rank: Int, slot: Int)], found: (Int, T) -> Void
    ) {
        var from = 0
        for w in wanted.sorted(by: { $0.rank < $1.rank }) {
            var lo = from, hi = values.count - 1
            let k = w.rank
            while hi - lo > 16 {
                let mid = lo + (hi - lo) / 2
                if values[mid] < values[lo] { values.swapAt(mid, lo) }
                if values[hi] < values[lo] { values.swapAt(hi, lo) }
                if values[hi] < values[mid] { values.swapAt(hi, mid) }
                let pivot = values[mid]
                var i = lo, j = hi
                while i <= j {
                    while values[i] < pivot { i += 1 }
                    while pivot < values[j] { j -= 1 }
                    if i <= j {
                        values.swapAt(i, j)
                        i += 1
                        j -= 1
                    }
                }
                // Now values[lo...j] ≤ pivot ≤ values[i...hi], and any between equal the pivot.
                if k <= j {
                    hi = j
                } else if k >= i {
                    lo = i
                } else {
                    lo = k
                    hi = k
                }
            }
            if lo < hi {
                for a in (lo + 1)...hi {
                    let v = values[a]
                    var b = a
                    while b > lo && v < values[b - 1] {
                        values[b] = values[b - 1]
                        b -= 1
                    }
                    values[b] = v
                }
            }
            found(w.slot, values[k])
            from = k
        }
    }

    /// Bits of the digit each round counts by.
    static let selectDigitBits = 11

    /// Writes the key at each wanted rank of `keys` (unsigned, any order; may be reordered) into
    /// `out[slot]`, as a bit pattern.
    private static func select(
        _ keys: UnsafeMutableBufferPointer<UInt64>, wanted: [(rank: Int, slot: Int)], into out: UnsafeMutableBufferPointer<Int64>
    ) {
        let m = keys.count
        guard !wanted.isEmpty else { return }
        if m <= minimumCount {
            selectFew(keys, wanted: wanted) { out[$0] = Int64(bitPattern: $1) }
            return
        }
        let first = keys[0]
        var differing: UInt64 = 0
        for u in keys { differing |= u ^ first }
        guard differing != 0 else {
            for w in wanted { out[w.slot] = Int64(bitPattern: first) }
            return
        }
        // The digit: the 11 bits from the highest differing one down (all bits above it are
        // the same in every key, so the digit orders the keys as they are ordered).
        let highest = UInt64.bitWidth - 1 - differing.leadingZeroBitCount
        let shift = UInt64(Swift.max(0, highest + 1 - selectDigitBits))
        let digits = 1 << selectDigitBits
        let mask = UInt64(digits - 1)
        var counts = [Int](repeating: 0, count: digits)
        counts.withUnsafeMutableBufferPointer { c in
            for u in keys { c[Int((u >> shift) & mask)] += 1 }
        }
        // Which digits hold a wanted rank, each given a bucket; the ranks within it.
        var bucketOf = [Int32](repeating: -1, count: digits)
        var bucketStarts: [Int] = []  // where each bucket's keys go in `kept`
        var bucketCounts: [Int] = []
        var bucketWanted: [[(rank: Int, slot: Int)]] = []
        var start = 0
        var byRank = wanted.sorted { $0.rank < $1.rank }[...]
        for digit in 0..<digits where counts[digit] > 0 {
            let end = start + counts[digit]
            var here: [(rank: Int, slot: Int)] = []
            while let w = byRank.first, w.rank < end {
                here.append((w.rank - start, w.slot))
                byRank = byRank.dropFirst()
            }
            if !here.isEmpty {
                bucketOf[digit] = Int32(bucketStarts.count)
                bucketStarts.append(bucketStarts.isEmpty ? 0 : bucketStarts[bucketStarts.count - 1] + bucketCounts[bucketCounts.count - 1])
                bucketCounts.append(counts[digit])
                bucketWanted.append(here)
            }
            start = end
            if byRank.isEmpty { break }
        }
        let keptCount = bucketStarts[bucketStarts.count - 1] + bucketCounts[bucketCounts.count - 1]
        var kept = [UInt64](unsafeUninitializedCapacity: keptCount) { _, initialized in initialized = keptCount }
        kept.withUnsafeMutableBufferPointer { kept in
            var fill = bucketStarts
            bucketOf.withUnsafeBufferPointer { bucketOf in
                fill.withUnsafeMutableBufferPointer { fill in
                    for u in keys {
                        let b = Int(bucketOf[Int((u >> shift) & mask)])
                        if b >= 0 {
                            kept[fill[b]] = u
                            fill[b] += 1
                        }
                    }
                }
            }
            for b in bucketStarts.indices {
                select(
                    UnsafeMutableBufferPointer(rebasing: kept[bucketStarts[b]..<(bucketStarts[b] + bucketCounts[b])]),
                    wanted: bucketWanted[b], into: out)
            }
        }
    }
}
