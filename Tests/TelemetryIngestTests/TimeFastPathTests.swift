import Testing
import Vocabulary

@testable import TelemetryIngest

/// `readTime` takes a quoted 19-character time straight from its bytes (`parseDecimal`): for every
/// text it must give what `readInt64` gives, the same value or the same error at the same place,
/// and leave the reader at the same offset.
@Suite struct TimeFastPathTests {
    static func read(_ text: String, fast: Bool) -> String {
        let json = "[" + text + ",1]"
        return [UInt8](json.utf8).withUnsafeBufferPointer { buffer in
            var decoder = OTLPJSONDecoder(reader: JSONReader(bytes: buffer))
            do {
                try decoder.reader.beginArray()
                _ = try decoder.reader.nextElement()
                let value = fast ? try decoder.readTime() : try decoder.readInt64(what: "a time in nanoseconds (number or decimal string)")
                return "\(value) at \(decoder.reader.position)"
            } catch let error as JSONError {
                return "error \(error.offset) \(error.message)"
            } catch {
                return "other error \(error)"
            }
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
                var digits = (0..<19).map { _ in UInt8(0x30 + random.int(in: 0...9)) }
                digits[place] = byte
                texts.append("\"" + String(decoding: digits, as: UTF8.self) + "\"")
            }
        }
        for text in texts {
            #expect(Self.read(text, fast: true) == Self.read(text, fast: false), "\(text)")
        }
        #expect(Self.read(#""1768471200000682554""#, fast: true) == "1768471200000682554 at 22")
        #expect(Self.read(#""9223372036854775808""#, fast: true).hasPrefix("error 1 "))
    }
}
