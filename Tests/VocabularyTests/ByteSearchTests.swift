import Testing

@testable import Vocabulary

/// `ByteSearch` against plain loops over the same bytes.
struct ByteSearchTests {
    /// The first and last byte of a range, for bytes near and across the 64 KiB windows the last
    /// one is looked for in, at the ends, and absent.
    @Test func findsTheFirstAndLastByte() {
        let size = 200_000
        for positions in [[], [0], [size - 1], [65_535, 65_536], [3, 70_000, 140_000, 199_998], [131_071]] {
            var bytes = [UInt8](repeating: UInt8(ascii: "x"), count: size)
            for p in positions { bytes[p] = 0x0A }
            bytes.withUnsafeBufferPointer { buffer in
                let base = buffer.baseAddress!
                for range in [0..<size, 1..<size, 0..<(size - 1), 65_536..<131_072, 70_000..<70_000, 199_999..<size] {
                    let inRange = positions.filter { range.contains($0) }
                    #expect(ByteSearch.first(0x0A, in: base, range) == inRange.min(), "\(positions) \(range)")
                    #expect(ByteSearch.last(0x0A, in: base, range) == inRange.max(), "\(positions) \(range)")
                }
            }
        }
    }

    /// Needles on text made of few letters (so partial matches abound), from every start,
    /// against a naive search.
    @Test func findsANeedleFromEveryStart() {
        var random = SplitMix64(seed: 11)
        var text = (0..<3_001).map { _ in [UInt8(ascii: "a"), UInt8(ascii: "b"), UInt8(ascii: "<")][Int(random.next() % 3)] }
        // A needle longer than the sixteen starts tested at once, planted in the middle and as
        // the text's last bytes (the last start there is), and one planted across a block's end.
        let long = Array("ab<ab<ab<ab<ab<ab<b".utf8)
        text.replaceSubrange(1_000..<(1_000 + long.count), with: long)
        text.replaceSubrange((text.count - long.count)..<text.count, with: long)
        text.replaceSubrange(2_010..<(2_010 + long.count), with: long)
        let needles: [[UInt8]] = [
            Array("a<b".utf8), Array("<".utf8), Array("<b".utf8), Array("ab<ba".utf8), Array("bbbbbbbbbbbb".utf8), Array("c".utf8), long,
            Array("a\u{0}".utf8),
        ]
        func naive(_ needle: [UInt8], from: Int) -> Int? {
            guard max(0, from) <= text.count - needle.count else { return nil }
            return (max(0, from)...(text.count - needle.count)).first { Array(text[$0..<($0 + needle.count)]) == needle }
        }
        text.withUnsafeBufferPointer { bytes in
            for needle in needles {
                needle.withUnsafeBufferPointer { pattern in
                    for from in Array(stride(from: 0, through: text.count + 2, by: 7)) + [-3, text.count - long.count, 2_011] {
                        #expect(ByteSearch.first(pattern, in: bytes, from: from) == naive(needle, from: from), "\(needle) from \(from)")
                    }
                }
            }
            // A needle longer than the text, and an empty one, find nothing.
            #expect(
                ByteSearch.first(
                    UnsafeBufferPointer(start: bytes.baseAddress, count: 3_000), in: UnsafeBufferPointer(rebasing: bytes[0..<10])) == nil)
            #expect(ByteSearch.first(UnsafeBufferPointer(rebasing: bytes[0..<0]), in: bytes) == nil)
        }
        #expect(Array("x<!ENTITY y".utf8).withUnsafeBufferPointer { ByteSearch.first("<!ENTITY", in: $0) } == 1)
    }

    /// `hasByte` on random words with the byte planted (or not) at each place, against a loop.
    @Test func hasByteIsExact() {
        var random = SplitMix64(seed: 5)
        for _ in 0..<20_000 {
            var word = random.next()
            let byte = UInt8(truncatingIfNeeded: random.next())
            if random.next() % 2 == 0 {
                let place = UInt64(random.next() % 8) * 8
                word = word & ~(0xFF << place) | UInt64(byte) << place
            }
            let expected = (0..<8).contains { UInt8(truncatingIfNeeded: word >> (8 * $0)) == byte }
            #expect(ByteSearch.hasByte(word, byte) == expected, "\(word) \(byte)")
        }
    }
}
