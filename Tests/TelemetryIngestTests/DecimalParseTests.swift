import Testing
import Vocabulary

@testable import TelemetryIngest

/// `parseDecimal` reads up to 19 digits without overflow checks and longer ones with them: on
/// every text it must agree with the standard library's `Int64(_:radix:)` (an optional sign,
/// then decimal digits, exactly within `Int64`).
@Suite struct DecimalParseTests {
    static func parse(_ text: String) -> Int64? {
        var bytes = Array(text.utf8)
        // Room behind the text, as in a file: the eight-byte loads never read past the text's
        // own bytes, and the trailing bytes must not change the value.
        bytes.append(contentsOf: Array("99999999".utf8))
        return bytes.withUnsafeBufferPointer { all in
            OTLPJSONDecoder.parseDecimal(UnsafeBufferPointer(rebasing: all[0..<text.utf8.count]))
        }
    }

    @Test func boundariesAndLengths() {
        let texts = [
            "", "-", "+", "0", "-0", "+0", "7", "-7", "12345678", "123456789", "1768471200000682554",
            "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
            "9999999999999999999", "-9999999999999999999", "18446744073709551615", "18446744073709551616",
            "00000000000000000001", "09223372036854775807", "-09223372036854775808", "0009223372036854775808",
            "99999999999999999999", "000000000000000000000000000042", "1 2", "12a", "a12", "--1", "+-1", "1-",
            "123456789012345678/", "12345678901234567:9", "１２",
        ]
        for text in texts {
            #expect(Self.parse(text) == Int64(text, radix: 10), "\(text)")
        }
        #expect(Self.parse("1768471200000682554") == 1_768_471_200_000_682_554)
        #expect(Self.parse("-9223372036854775808") == .min)
        #expect(Self.parse("9223372036854775808") == nil)
    }

    @Test func randomTextsOfEveryLength() {
        var random = SplitMix64(seed: 11)
        let alphabet = Array("0123456789".utf8)
        let odd = Array("/:-+ a\u{7F}".utf8)
        for _ in 0..<20_000 {
            let length = random.int(in: 0...24)
            var bytes = (0..<length).map { _ in alphabet[random.int(in: 0...9)] }
            switch random.int(in: 0...5) {
            case 0 where length > 0: bytes[0] = UInt8(ascii: "-")
            case 1 where length > 0: bytes[0] = UInt8(ascii: "+")
            case 2 where length > 0: bytes[random.int(in: 0...(length - 1))] = odd[random.int(in: 0...(odd.count - 1))]
            case 3: bytes = Array(repeating: UInt8(ascii: "0"), count: random.int(in: 0...6)) + bytes
            default: break
            }
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(Self.parse(text) == Int64(text, radix: 10), "\(text)")
        }
    }
}
