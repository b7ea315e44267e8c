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

    public static func sorted(_ values: [Int64]) -> [Int64] {
        var copy = values
        sort(&copy)
        return copy
    }

    public static func sort(_ values: inout [Int64]) {
        let n = values.count
        guard n >= minimumCount else {
            values.sort()
            return
        }
        // Flipping the sign bit orders signed values as unsigned ones.
        let sign: UInt64 = 1 << 63
        var counts = [Int](repeating: 0, count: 8 * 256)
        values.withUnsafeBufferPointer { v in
            counts.withUnsafeMutableBufferPointer { c in
                for x in v {
                    let u = UInt64(bitPattern: x) ^ sign
                    for byte in 0..<8 { c[byte << 8 | Int((u >> (UInt64(byte) << 3)) & 0xFF)] += 1 }
                }
            }
        }
        var source = values.map { UInt64(bitPattern: $0) ^ sign }
        var target = [UInt64](repeating: 0, count: n)
        for byte in 0..<8 {
            let base = byte << 8
            // A byte every value shares orders nothing: skip its pass.
            if counts[base + Int((source[0] >> (UInt64(byte) << 3)) & 0xFF)] == n { continue }
            var offsets = [Int](repeating: 0, count: 256)
            var total = 0
            for digit in 0..<256 {
                offsets[digit] = total
                total += counts[base + digit]
            }
            source.withUnsafeBufferPointer { s in
                target.withUnsafeMutableBufferPointer { t in
                    offsets.withUnsafeMutableBufferPointer { o in
                        let shift = UInt64(byte) << 3
                        for u in s {
                            let d = Int((u >> shift) & 0xFF)
                            t[o[d]] = u
                            o[d] += 1
                        }
                    }
                }
            }
            swap(&source, &target)
        }
        values.withUnsafeMutableBufferPointer { v in
            for i in 0..<n { v[i] = Int64(bitPattern: source[i] ^ sign) }
        }
    }
}
