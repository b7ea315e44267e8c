import Testing
import Vocabulary

/// `HexDigit`: every byte against its reading as a one-character hexadecimal number.
struct HexDigitTests {
    @Test func everyByteReadsAsItsHexValueOrNothing() {
        for byte in UInt8.min...UInt8.max {
            let expected = byte < 0x80 ? UInt8(String(UnicodeScalar(byte)), radix: 16) : nil
            #expect(HexDigit.value(byte) == expected, "\(byte)")
        }
        #expect(HexDigit.value(UInt8(ascii: "f")) == 15 && HexDigit.value(UInt8(ascii: "A")) == 10)
        #expect(HexDigit.value(UInt8(ascii: "g")) == nil && HexDigit.value(UInt8(ascii: "+")) == nil)
    }
}
