import CByteScan
import Testing
import Vocabulary

/// The sixteen-bytes-at-a-time search (`byte_scan_first_of`) finds what a byte loop finds: the
/// first of up to four bytes from every start, in texts of every length, at every place within
/// and across the blocks, and the end when there is none.
struct ByteScanTests {
    @Test func firstOfFourAgreesWithAByteLoop() {
        var random = SplitMix64(seed: 71)
        let wanted: [UInt8] = [0x3C, 0x7B, 0x7D, 0x3C]
        for _ in 0..<300 {
            let count = Int(random.next() % 70)
            var bytes = (0..<count).map { _ in UInt8(0x61 + random.next() % 20) }
            for _ in 0..<Int(random.next() % 3) where count > 0 {
                bytes[Int(random.next() % UInt64(count))] = wanted[Int(random.next() % 3)]
            }
            bytes.withUnsafeBufferPointer { b in
                for from in 0...count {
                    for to in [count, max(from, count - 5)] {
                        let expected = (from..<to).first { wanted.contains(b[$0]) } ?? to
                        #expect(byte_scan_first_of(b.baseAddress!, from, to, 0x3C, 0x7B, 0x7D, 0x3C) == expected)
                    }
                }
            }
        }
        // Bytes above ASCII are compared as bytes, not as signed numbers.
        let high: [UInt8] = [0x41, 0xFF, 0x80, 0x3E]
        #expect(high.withUnsafeBufferPointer { byte_scan_first_of($0.baseAddress!, 0, 4, 0x80, 0x80, 0x80, 0x80) } == 2)
        let long = [UInt8](repeating: 0x20, count: 40) + [0xE9]
        #expect(long.withUnsafeBufferPointer { byte_scan_first_of($0.baseAddress!, 3, 41, 0xE9, 0xE9, 0x3E, 0x22) } == 40)
    }
}
