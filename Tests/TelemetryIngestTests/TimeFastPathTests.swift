import Testing
import Vocabulary

@testable import TelemetryIngest

/// `readTime` takes a quoted 19-character time straight from its bytes (`parseDecimal`): for every
/// text it must give what `readInt64` followed by the window check gives (a time outside
/// `UTCTime.supportedNanos` is an error at the value), the same value or the same error at the
/// same place, and leave the reader at the same offset.
@Suite struct TimeFastPathTests {
    static func read(_ text: String, fast: Bool) -> String {
        DecoderHarness.outcome(of: text) { decoder in
            if fast { return "\(try decoder.readTime()) at \(decoder.reader.position)" }
            let at = decoder.reader.valueOffset()
            let value = try decoder.readInt64(what: "a time in nanoseconds (number or decimal string)")
            guard UTCTime.supportedNanos.contains(value) else { return "error \(at) \(UTCTime.rejection(of: value))" }
            return "\(value) at \(decoder.reader.position)"
        }
    }

    @Test func quotedTimesReadAsReadInt64ReadsThem() {
        var texts = [
            #""1768471200000682554""#, #""0000000000000000000""#, #""9223372036854775807""#, #""9223372036854775808""#,
            #""9999999999999999999""#, #" "1768471200000682554""#, #""176847120000068255""#, #""17684712000006825541""#,
            #""-768471200000682554""#, #""+768471200000682554""#, #""17684712000006825:4""#, #""1768471200/00682554""#,
            #""17684712\u0030000682554""#, "1768471200000682554", #""1768471200000682554"#, #""""#,
        ]
        // Each of the 19 places holding each byte around the digits.
        var random = SplitMix64(seed: 7)
        for place in 0..<19 {
            for byte in [0x2F, 0x30, 0x39, 0x3A, 0x20, 0x41] as [UInt8] {
                // A leading 1 keeps the other texts inside the window (1.x × 10^18 ns: 2001–2033).
                var digits = [0x31] + (1..<19).map { _ in UInt8(0x30 + random.int(in: 0...9)) }
                digits[place] = byte
                texts.append("\"" + String(decoding: digits, as: UTF8.self) + "\"")
            }
        }
        for text in texts {
            #expect(Self.read(text, fast: true) == Self.read(text, fast: false), "\(text)")
        }
        #expect(Self.read(#""1768471200000682554""#, fast: true) == "1768471200000682554 at 22")
        #expect(Self.read(#""9223372036854775808""#, fast: true).hasPrefix("error 1 "))
        #expect(
            Self.read(#""4102444800000000000""#, fast: true)
                == "error 1 expected a time from 1970 to 2099, found 4102444800000000000 ns since the epoch")
        #expect(Self.read(#""4102444799999999999""#, fast: true) == "4102444799999999999 at 22")
    }
}
