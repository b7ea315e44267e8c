import TelemetryModel
import Testing
import Vocabulary

@testable import TelemetryIngest

/// `readTraceID`, `readSpanID` and `readParentSpanID` take a quoted id of hex digits straight
/// from its bytes (`quotedID`): for every text they must give what the string path gives (the
/// string's bytes to `OTLPIdentifiers`), the same id or an error at the same place, and leave
/// the reader at the same offset.
@Suite struct IDFastPathTests {
    enum Field { case trace, span, parent }

    static func read(_ text: String, _ field: Field, fast: Bool) -> String {
        DecoderHarness.outcome(of: text) { decoder in
            if fast {
                switch field {
                case .trace: return "\(try decoder.readTraceID().hex) at \(decoder.reader.position)"
                case .span: return "\(try decoder.readSpanID().hex) at \(decoder.reader.position)"
                case .parent: return "\(try decoder.readParentSpanID().hex) at \(decoder.reader.position)"
                }
            }
            // The string path, as the readers took every id before the fast path.
            let at = decoder.reader.valueOffset()
            if try decoder.reader.peekIs(.string, first: UInt8(ascii: "\"")),
                let id = try decoder.reader.withStringBytes({ b throws(JSONError) -> String? in
                    field == .trace ? OTLPIdentifiers.traceID(b)?.hex : OTLPIdentifiers.spanID(b)?.hex
                })
            {
                return "\(id) at \(decoder.reader.position)"
            }
            throw decoder.mismatch(
                at: at, expected: field == .trace ? "32 hex digits or base64 of 16 bytes" : "16 hex digits or base64 of 8 bytes")
        }
    }

    /// Texts around an id of `digits` hex digits: the id in each case, every place holding each
    /// byte that borders the hex ranges (and a quote, a backslash, a control byte and a byte
    /// above ASCII), one digit short and over, base64, escapes, an empty string and no string.
    static func texts(digits: Int, seed: UInt64) -> [String] {
        var random = SplitMix64(seed: seed)
        let hex = Array("0123456789abcdefABCDEF".utf8)
        let id = (0..<digits).map { _ in hex[random.int(in: 0...(hex.count - 1))] }
        var texts = [
            "\"" + String(decoding: id, as: UTF8.self) + "\"", "\"" + String(decoding: id, as: UTF8.self).lowercased() + "\"",
            "\"" + String(repeating: "0", count: digits) + "\"", "\"" + String(repeating: "F", count: digits) + "\"",
            "\"" + String(decoding: id.dropLast(), as: UTF8.self) + "\"", "\"" + String(decoding: id + [0x30], as: UTF8.self) + "\"",
            " \"" + String(decoding: id, as: UTF8.self) + "\"", "\"\\u0030" + String(decoding: id.dropFirst(), as: UTF8.self) + "\"",
            #""""#, "null", "12", #""AAAAAAAAAAAAAAAAAAAAAA==""#, #""AAAAAAAAAAA=""#, #""AAAAAAAAAAAAAAAAAAAAAA""#,
        ]
        for place in 0..<digits {
            for byte in [0x2F, 0x30, 0x39, 0x3A, 0x40, 0x41, 0x46, 0x47, 0x60, 0x61, 0x66, 0x67, 0x22, 0x5C, 0x1F, 0x20, 0xC3] as [UInt8] {
                var changed = id
                changed[place] = byte
                // A byte above ASCII is the start of a two-byte character here.
                let bytes = byte == 0xC3 ? Array(changed[..<place]) + [0xC3, 0xA9] + Array(changed[(place + 1)...]) : changed
                texts.append("\"" + String(decoding: bytes, as: UTF8.self) + "\"")
            }
        }
        return texts
    }

    @Test func idsReadAsTheStringPathReadsThem() {
        for (field, digits) in [(Field.trace, 32), (.span, 16), (.parent, 16)] {
            for seed in 1...4 as ClosedRange<UInt64> {
                for text in Self.texts(digits: digits, seed: seed) {
                    #expect(Self.read(text, field, fast: true) == Self.read(text, field, fast: false), "\(field) \(text)")
                }
            }
        }
        #expect(Self.read(#""5B8EFFF798038103D269B633813FC60C""#, .trace, fast: true) == "5b8efff798038103d269b633813fc60c at 35")
        #expect(Self.read(#""EEE19B7EC3C1B174""#, .span, fast: true) == "eee19b7ec3c1b174 at 19")
        #expect(Self.read(#""EEE19B7EC3C1B17""#, .span, fast: true).hasPrefix("error 1 expected 16 hex digits"))
    }

    /// An id that ends the bytes (no closing quote in reach) is not read past them.
    @Test func anIdAtTheEndOfTheBytesIsAnError() {
        for text in [#""0123456789abcdef"#, #""0123456789abcdef0123456789abcdef"#] {
            let bytes = [UInt8](text.utf8)
            let outcome = bytes.withUnsafeBufferPointer { buffer -> Bool in
                var decoder = OTLPJSONDecoder(reader: JSONReader(bytes: buffer))
                return (try? text.count > 20 ? decoder.readTraceID().hex : decoder.readSpanID().hex) == nil
            }
            #expect(outcome, "\(text)")
        }
    }
}
