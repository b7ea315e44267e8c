import TelemetryModel
import Testing
import Vocabulary

@testable import TelemetryIngest

/// The sixteen-at-a-time hex decoding (`byte_scan_hex16`) against the plain digit-by-digit definition.
struct OTLPIdentifiersTests {
    /// Digit by digit, the definition the fast path must equal.
    static func reference(_ bytes: [UInt8]) -> UInt64? {
        var v: UInt64 = 0
        for b in bytes {
            guard let d = HexDigit.value(b) else { return nil }
            v = v << 4 | UInt64(d)
        }
        return v
    }

    static func fast(_ bytes: [UInt8]) -> UInt64? {
        bytes.withUnsafeBufferPointer { OTLPIdentifiers.hex16($0, from: 0) }
    }

    @Test func knownValues() {
        #expect(Self.fast(Array("0123456789abcdef".utf8)) == 0x0123_4567_89AB_CDEF)
        #expect(Self.fast(Array("FEDCBA9876543210".utf8)) == 0xFEDC_BA98_7654_3210)
        #expect(Self.fast(Array("ffffffffffffffff".utf8)) == UInt64.max)
        #expect(Self.fast(Array("0000000000000000".utf8)) == 0)
        #expect(OTLPIdentifiers.spanID("00f067aa0ba902b7") == SpanID(0x00F0_67AA_0BA9_02B7))
        #expect(
            OTLPIdentifiers.traceID("4bf92f3577b34da6a3ce929d0e0e4736")
                == TraceID(high: 0x4BF9_2F35_77B3_4DA6, low: 0xA3CE_929D_0E0E_4736))
    }

    /// Every byte value at every position of a valid id: accepted exactly when it is a hex digit,
    /// with the same value as the definition.
    @Test func everyByteAtEveryPosition() {
        let base = Array("0123456789abcDEF".utf8)
        for position in 0..<16 {
            for value in 0...255 {
                var bytes = base
                bytes[position] = UInt8(value)
                #expect(Self.fast(bytes) == Self.reference(bytes), "byte \(value) at \(position)")
            }
        }
    }

    /// Random strings over hex digits and their neighbours in ASCII (`/`, `:`, `@`, `G`, `` ` ``,
    /// `g`) and high bytes.
    @Test func randomStringsAgreeWithTheDefinition() {
        let pool = Array("0123456789abcdefABCDEF/:@G`g".utf8) + [0x80, 0xB0, 0xE6, 0xFF, 0x00, 0x10]
        var generator = SplitMix64(seed: 7)
        var accepted = 0
        for _ in 0..<20_000 {
            let mostlyHex = generator.next() % 2 == 0
            let bytes = (0..<16).map { _ in
                mostlyHex && generator.next() % 16 != 0
                    ? pool[Int(generator.next() % 22)] : pool[Int(generator.next() % UInt64(pool.count))]
            }
            let expected = Self.reference(bytes)
            if expected != nil { accepted += 1 }
            #expect(Self.fast(bytes) == expected)
        }
        #expect(accepted > 100)
    }
}
