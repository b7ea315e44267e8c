/// Ascending sort of 64-bit integers by their bytes (least significant digit radix sort).
///
/// Percentiles need whole sorted arrays of durations (per service, per operation, per window):
/// at 500k spans the comparison sorts of those arrays were ~4% of a render. A radix sort moves
/// each value once per byte that varies (durations in nanoseconds vary in four or five of the
/// eight), with no comparisons. Values are plain integers, so the result is the same array any
/// correct sort gives.
public enum RadixSort {
    /// Below this many values the standard library's sort is faster than counting.
    static let minimumCount = 256

    /// `consuming`: an array made for the call (`xs.map { ... }`) is sorted in its own storage
    /// instead of being copied first (issue 7: those copies' fresh pages).
    public static func sorted(_ values: consuming [Int64]) -> [Int64] {
        var copy = values
        sort(&copy)
        return copy
    }

    /// Sorts `values` in place, with one scratch array of their size: the passes move values
    /// back and forth between the two (a copy to sort from and a target, as before, took twice
    /// the scratch: at 2M spans two services' sorts at once held 31 MiB, the analysis's peak).
    public static func sort(_ values: inout [Int64]) {
        let n = values.count
        guard n >= minimumCount else {
            values.sort()
            return
        }
        // Flipping the sign bit orders signed values as unsigned ones.
        let sign: UInt64 = 1 << 63
        var scratch = [UInt64](repeating: 0, count: n)
        values.withUnsafeMutableBufferPointer { v in
            v.withMemoryRebound(to: UInt64.self) { own in
                for i in 0..<n { own[i] ^= sign }
                let counts = digitCounts(UnsafeBufferPointer(own))
                scratch.withUnsafeMutableBufferPointer { other in
                    var source = own, target = other
                    var offsets = [Int](repeating: 0, count: 256)
                    for byte in 0..<8 {
                        guard startOffsets(&offsets, counts: counts, byte: byte, first: source[0], count: n) else { continue }
                        offsets.withUnsafeMutableBufferPointer { o in
                            let shift = UInt64(byte) << 3
                            for k in 0..<n {
                                let u = source[k]
                                let d = Int((u >> shift) & 0xFF)
                                target[o[d]] = u
                                o[d] += 1
                            }
                        }
                        swap(&source, &target)
                    }
                    // After an odd number of passes the values are in the scratch array.
                    if source.baseAddress != own.baseAddress { own.baseAddress!.update(from: source.baseAddress!, count: n) }
                }
                for i in 0..<n { own[i] ^= sign }
            }
        }
    }

    /// The values in ascending order and, beside them, the index each came from: equal values in
    /// ascending index order, exactly what a stable sort of the indexes by value gives (and what
    /// sorting (value, index) pairs gives). Each pass of a least significant digit radix sort is
    /// stable and the first pass starts from index order, so ties keep their index order with no
    /// comparison at all; an operation's spans in duration order cost a few linear passes instead
    /// of a merge sort of pairs.
    public static func sortedWithOrder(_ values: [Int64]) -> (sorted: [Int64], order: [Int]) {
        let n = values.count
        guard n >= minimumCount, n <= Int(Int32.max) else {
            let order = values.indices.sorted { a, b in values[a] != values[b] ? values[a] < values[b] : a < b }
            return (order.map { values[$0] }, order)
        }
        if let packed = sortedWithOrderPacked(values) { return packed }
        let sign: UInt64 = 1 << 63
        var source = values.map { UInt64(bitPattern: $0) ^ sign }
        let counts = source.withUnsafeBufferPointer { digitCounts($0) }
        var sourceIndex = (0..<n).map { Int32(truncatingIfNeeded: $0) }
        var target = [UInt64](repeating: 0, count: n)
        var targetIndex = [Int32](repeating: 0, count: n)
        var offsets = [Int](repeating: 0, count: 256)
        for byte in 0..<8 {
            guard startOffsets(&offsets, counts: counts, byte: byte, first: source[0], count: n) else { continue }
            source.withUnsafeBufferPointer { s in
                sourceIndex.withUnsafeBufferPointer { si in
                    target.withUnsafeMutableBufferPointer { t in
                        targetIndex.withUnsafeMutableBufferPointer { ti in
                            offsets.withUnsafeMutableBufferPointer { o in
                                let shift = UInt64(byte) << 3
                                for k in 0..<n {
                                    let u = s[k]
                                    let d = Int((u >> shift) & 0xFF)
                                    t[o[d]] = u
                                    ti[o[d]] = si[k]
                                    o[d] += 1
                                }
                            }
                        }
                    }
                }
            }
            swap(&source, &target)
            swap(&sourceIndex, &targetIndex)
        }
        return (source.map { Int64(bitPattern: $0 ^ sign) }, sourceIndex.map { Int($0) })
    }

    /// `sortedWithOrder` with each value and its index in one word: the bits in which the values
    /// differ (`valueBits`, counted from the lowest: durations in nanoseconds differ in their
    /// low 30-odd) above the index's bits, sorted by those value bits only. The words start in
    /// index order and every pass is stable, so equal values keep their index order, as in the
    /// two-array sort; nil when the two do not fit in 64 bits (the caller then sorts values
    /// and indexes side by side).
    ///
    /// Why: each pass moved a value and its index to two places, 12 bytes read and written a
    /// value; one word is 8 (the comparisons sort every operation's durations, about 1% of a
    /// 500k-span render's samples, issue 7).
    static func sortedWithOrderPacked(_ values: [Int64]) -> (sorted: [Int64], order: [Int])? {
        let n = values.count
        guard n >= 2 else { return nil }
        let sign: UInt64 = 1 << 63
        let first = UInt64(bitPattern: values[0])
        var differing: UInt64 = 0
        values.withUnsafeBufferPointer { v in
            for x in v { differing |= UInt64(bitPattern: x) ^ first }
        }
        let valueBits = UInt64.bitWidth - differing.leadingZeroBitCount
        let indexBits = UInt64.bitWidth - UInt64(n - 1).leadingZeroBitCount
        guard valueBits + indexBits <= UInt64.bitWidth, valueBits < UInt64.bitWidth else { return nil }
        let low: UInt64 = (1 << UInt64(valueBits)) &- 1
        // The bits every value shares, as the sign-flipped words hold them.
        let shared = (first ^ sign) & ~low
        let indexMask: UInt64 = (1 << UInt64(indexBits)) &- 1
        var source = [UInt64](unsafeUninitializedCapacity: n) { words, initialized in
            values.withUnsafeBufferPointer { v in
                for i in 0..<n { words[i] = ((UInt64(bitPattern: v[i]) ^ sign) & low) << UInt64(indexBits) | UInt64(i) }
            }
            initialized = n
        }
        let passes = (valueBits + 7) / 8
        var counts = [Int](repeating: 0, count: max(1, passes) * 256)
        source.withUnsafeBufferPointer { words in
            counts.withUnsafeMutableBufferPointer { c in
                for pass in 0..<passes {
                    let shift = UInt64(indexBits + 8 * pass), base = pass << 8
                    for u in words { c[base | Int((u >> shift) & 0xFF)] &+= 1 }
                }
            }
        }
        var target = [UInt64](unsafeUninitializedCapacity: n) { _, initialized in initialized = n }
        var offsets = [Int](repeating: 0, count: 256)
        for pass in 0..<passes {
            let shift = UInt64(indexBits + 8 * pass), base = pass << 8
            // A pass in which every value has the same digit would order nothing.
            guard counts[base | Int((source[0] >> shift) & 0xFF)] != n else { continue }
            var total = 0
            for digit in 0..<256 {
                offsets[digit] = total
                total += counts[base | digit]
            }
            source.withUnsafeBufferPointer { s in
                target.withUnsafeMutableBufferPointer { t in
                    offsets.withUnsafeMutableBufferPointer { o in
                        for k in 0..<n {
                            let u = s[k]
                            let d = Int((u >> shift) & 0xFF)
                            t[o[d]] = u
                            o[d] &+= 1
                        }
                    }
                }
            }
            swap(&source, &target)
        }
        target = []
        var sorted = [Int64](unsafeUninitializedCapacity: n) { _, initialized in initialized = n }
        var order = [Int](unsafeUninitializedCapacity: n) { _, initialized in initialized = n }
        source.withUnsafeBufferPointer { words in
            sorted.withUnsafeMutableBufferPointer { sorted in
                order.withUnsafeMutableBufferPointer { order in
                    for k in 0..<n {
                        let u = words[k]
                        sorted[k] = Int64(bitPattern: ((u >> UInt64(indexBits)) | shared) ^ sign)
                        order[k] = Int(u & indexMask)
                    }
                }
            }
        }
        return (sorted, order)
    }

    /// How many values have each byte value at each of the eight places (`place << 8 | byte`).
    /// Only the places where some value differs from the first are counted one value at a time
    /// (found by one pass of ORs first): durations in nanoseconds share their top three or four
    /// bytes, whose counts are then all the first value's (issue 7: counting eight places a value
    /// was the radix sorts' largest cost).
    static func digitCounts(_ values: UnsafeBufferPointer<UInt64>) -> [Int] {
        var counts = [Int](repeating: 0, count: 8 * 256)
        guard let first = values.first else { return counts }
        var differing: UInt64 = 0
        for u in values { differing |= u ^ first }
        let places = (0..<8).filter { (differing >> (UInt64($0) << 3)) & 0xFF != 0 }
        counts.withUnsafeMutableBufferPointer { c in
            for byte in 0..<8 where !places.contains(byte) {
                c[byte << 8 | Int((first >> (UInt64(byte) << 3)) & 0xFF)] = values.count
            }
            switch places.count {
            case 0: break
            case 4:
                let (p0, p1, p2, p3) = (places[0], places[1], places[2], places[3])
                let (s0, s1, s2, s3) = (UInt64(p0) << 3, UInt64(p1) << 3, UInt64(p2) << 3, UInt64(p3) << 3)
                for u in values {
                    c[p0 << 8 | Int((u >> s0) & 0xFF)] += 1
                    c[p1 << 8 | Int((u >> s1) & 0xFF)] += 1
                    c[p2 << 8 | Int((u >> s2) & 0xFF)] += 1
                    c[p3 << 8 | Int((u >> s3) & 0xFF)] += 1
                }
            default:
                for u in values {
                    for byte in places { c[byte << 8 | Int((u >> (UInt64(byte) << 3)) & 0xFF)] += 1 }
                }
            }
        }
        return counts
    }

    /// Sets `offsets` to where each digit's values start in the pass over byte `byte`; false when
    /// every one of the `count` values has `first`'s byte there: that pass would order nothing.
    static func startOffsets(_ offsets: inout [Int], counts: [Int], byte: Int, first: UInt64, count: Int) -> Bool {
        let base = byte << 8
        guard counts[base + Int((first >> (UInt64(byte) << 3)) & 0xFF)] != count else { return false }
        var total = 0
        for digit in 0..<256 {
            offsets[digit] = total
            total += counts[base + digit]
        }
        return true
    }
}
