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

    /// `byte_scan_decimal16` and `byte_scan_decimal19` (the JSON decoder's times) against digit
    /// by digit: every byte value at every place of a number, and random numbers of both lengths.
    @Test func decimalDigitsAgreeWithTheDefinition() {
        func reference(_ bytes: ArraySlice<UInt8>) -> UInt64? {
            var v: UInt64 = 0
            for b in bytes {
                guard b >= 0x30 && b <= 0x39 else { return nil }
                v = v &* 10 &+ UInt64(b - 0x30)
            }
            return v
        }
        func decimal(_ bytes: [UInt8]) -> UInt64? {
            bytes.withUnsafeBufferPointer {
                if bytes.count == 19 {
                    let value = byte_scan_decimal19($0.baseAddress!)
                    return value == UInt64.max ? nil : value
                }
                var value: UInt64 = 0
                return byte_scan_decimal16($0.baseAddress!, &value) != 0 ? value : nil
            }
        }
        var random = SplitMix64(seed: 19)
        for length in [16, 19] {
            let base = (0..<length).map { UInt8(0x30 + ($0 * 7 + 3) % 10) }
            for place in 0..<length {
                for value in 0...255 {
                    var bytes = base
                    bytes[place] = UInt8(value)
                    #expect(decimal(bytes) == reference(bytes[...]), "byte \(value) at \(place) of \(length)")
                }
            }
            for _ in 0..<5_000 {
                let bytes = (0..<length).map { _ in UInt8(0x30 + random.next() % 10) }
                #expect(decimal(bytes) == reference(bytes[...]))
            }
        }
        #expect(decimal(Array("9999999999999999999".utf8)) == 9_999_999_999_999_999_999)
        #expect(decimal(Array("1768471200000682554".utf8)) == 1_768_471_200_000_682_554)
        #expect(decimal(Array("0000000000000000".utf8)) == 0)
    }
}
