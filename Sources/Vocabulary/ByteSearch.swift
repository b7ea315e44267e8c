import CByteScan

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Searches over bytes for the code that scans megabytes: the streaming reader looking for line
/// ends, the page checker and the page shell looking for tags and markers in pages whose trace
/// data and stylesheet are almost all plain text.
///
/// Why one type: each of those had grown its own `memchr` wrapper (with its own pointer
/// arithmetic) and its own copy of the eight-bytes-at-a-time test; the library's `memchr` is
/// several times faster than a byte loop over such text, and one tested copy of the arithmetic
/// is what keeps an off-by-one out of five modules.
public enum ByteSearch {
    /// The offset (from `base`) of the first `byte` in `base[range]`.
    @inlinable
    public static func first(_ byte: UInt8, in base: UnsafePointer<UInt8>, _ range: Range<Int>) -> Int? {
        guard !range.isEmpty, let found = memchr(base + range.lowerBound, Int32(byte), range.count) else { return nil }
        return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
    }

    /// The offset of the last `byte` in `base[range]`, searched forward in windows of 64 KiB
    /// from the end (Swift's Glibc has no `memrchr`), so a byte near the end is found after
    /// reading little more than the window it is in.
    public static func last(_ byte: UInt8, in base: UnsafePointer<UInt8>, _ range: Range<Int>) -> Int? {
        var upper = range.upperBound
        while upper > range.lowerBound {
            let lower = max(range.lowerBound, upper - (64 << 10))
            if var found = first(byte, in: base, lower..<upper) {
                while let next = first(byte, in: base, (found + 1)..<upper) { found = next }
                return found
            }
            upper = lower
        }
        return nil
    }

    /// The first offset at or after `from` where `needle` starts in `bytes` (nil for an empty
    /// needle). Sixteen starts at a time (`byte_scan_find`, in C with SSE2): where the needle's
    /// first and last bytes both match, the rest is compared. The needles of a page's checks
    /// begin with `<`, which a page of waterfalls has every fifteen bytes or so: jumping with
    /// `memchr` from one `<` to the next, a call each, was 2% of a render of deep traces (issue 7).
    public static func first(_ needle: UnsafeBufferPointer<UInt8>, in bytes: UnsafeBufferPointer<UInt8>, from: Int = 0) -> Int? {
        guard let base = bytes.baseAddress, let pattern = needle.baseAddress, !needle.isEmpty, from < bytes.count else { return nil }
        let found = byte_scan_find(base, max(0, from), bytes.count, pattern, needle.count)
        return found < bytes.count ? found : nil
    }

    /// `first(_:anchor:in:from:)` for a literal needle.
    public static func first(_ needle: StaticString, in bytes: UnsafeBufferPointer<UInt8>, from: Int = 0) -> Int? {
        first(UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount), in: bytes, from: from)
    }

    /// Whether one of the eight bytes of `word` is `byte`: the classic zero-byte test on
    /// `word ^ byte × 0x01…01`, exact (no false alarms, unlike the cheaper variant without `~x`).
    @inlinable @inline(__always)
    public static func hasByte(_ word: UInt64, _ byte: UInt8) -> Bool {
        let low: UInt64 = 0x0101_0101_0101_0101
        let x = word ^ (low &* UInt64(byte))
        return (x &- low) & ~x & 0x8080_8080_8080_8080 != 0
    }
}
