import Testing

@testable import TelemetryIngest

@Suite struct JSONReaderTests {
    @Test func readsNestedObjectsAndArrays() throws {
        let keys = try withReader(#" { "a" : [1, {"b": true}, [], {}], "c": null , "d":"x"} "#) { r in
            var keys: [String] = []
            try r.beginObject()
            while let key = try r.nextKey() {
                keys.append(key)
                switch key {
                case "a":
                    try r.beginArray()
                    #expect(try r.nextElement())
                    #expect(try r.readNumber().text == "1")
                    #expect(try r.nextElement())
                    try r.beginObject()
                    #expect(try r.nextKey() == "b")
                    #expect(try r.readBool() == true)
                    #expect(try r.nextKey() == nil)
                    #expect(try r.nextElement())
                    try r.beginArray()
                    #expect(try r.nextElement() == false)
                    #expect(try r.nextElement())
                    try r.beginObject()
                    #expect(try r.nextKey() == nil)
                    #expect(try r.nextElement() == false)
                case "c": try r.readNull()
                default: #expect(try r.readString() == "x")
                }
            }
            let atEnd = r.isAtEnd()
            #expect(atEnd)
            return keys
        }
        #expect(keys == ["a", "c", "d"])
    }

    @Test func unescapesEveryEscape() throws {
        let s = try withReader(#""q\" b\\ s\/ \b\f\n\r\t u\u00e9 \u20AC""#) { try $0.readString() }
        #expect(s == "q\" b\\ s/ \u{8}\u{c}\n\r\t u\u{e9} \u{20ac}")
    }

    /// Strings with escapes read again are taken from what the first reading unescaped
    /// (`EscapedStrings`): each gives what a reader that never saw it gives — texts that share
    /// a start, differ only after an escape or in an escaped character, or end in an escaped
    /// quote — and a bad escape after a good text of the same start fails where it fails alone.
    @Test func stringsWithEscapesReadAgainGiveWhatTheyGaveFirst() throws {
        let texts = [
            #""\u0441\u0435\u0440\u0432\u0438\u0441 op1""#, #""\u0441\u0435\u0440\u0432\u0438\u0441 op2""#,
            #""\u0441\u0435\u0440\u0432\u0438\u0441 op1 ""#, #""a\u0026b""#, #""a\u0026c""#, #""a\u0027b""#,
            #""q\"""#, #""q\\""#, #""\ud83d\ude00 \ud83d""#, #""\n""#,
            "\"" + String(repeating: "\\u00e9", count: 60) + "\"",
        ]
        func alone(_ text: String) throws -> String { try withReader(text) { try $0.readString() } }
        let expected = try texts.map(alone)
        let order = (0..<5).flatMap { round in texts.indices.map { (round * 7 + $0 * 3) % texts.count } }
        let read = try withReader("[" + order.map { texts[$0] }.joined(separator: ",") + "]") { r in
            var out: [String] = []
            try r.beginArray()
            while try r.nextElement() { out.append(try r.readString()) }
            return out
        }
        #expect(read == order.map { expected[$0] })
        // The same start as a text read before, then a bad escape: the error of the text alone.
        let bad = #""a\u0026\x""#
        let aloneError = #expect(throws: JSONError.self) { try alone(bad) }
        let afterError = #expect(throws: JSONError.self) {
            try withReader("[" + texts[3] + "," + bad + "]") { r in
                try r.beginArray()
                while try r.nextElement() { _ = try r.readString() }
            }
        }
        #expect(afterError?.message == aloneError?.message)
        #expect(afterError.map { $0.offset - texts[3].utf8.count - 2 } == aloneError.map { $0.offset })
    }

    @Test func joinsSurrogatePairsAndRepairsLoneOnes() throws {
        let pair = try withReader(#""\ud83d\ude00""#) { try $0.readString() }
        #expect(pair == "\u{1F600}")
        let lone = try withReader(#""a\ud83db\ude00c""#) { try $0.readString() }
        #expect(lone == "a\u{FFFD}b\u{FFFD}c")
    }

    @Test func repairsInvalidUTF8WithReplacementCharacter() throws {
        let bytes: [UInt8] = [0x22, 0x61, 0xFF, 0x62, 0xC3, 0x22]
        let s = try withReader(bytes: bytes) { try $0.readString() }
        #expect(s == "a\u{FFFD}b\u{FFFD}")
        let raw: [UInt8] = [0x22, 0xC3, 0xA9, 0x22]
        #expect(try withReader(bytes: raw) { try $0.readString() } == "é")
    }

    @Test func keepsSixtyFourBitIntegersExact() throws {
        let n = try withReader("9223372036854775807") { try $0.readNumber() }
        #expect(n.int64 == Int64.max)
        #expect(n.isInteger)
        let u = try withReader("18446744073709551615") { try $0.readNumber() }
        #expect(u.uint64 == UInt64.max)
        #expect(u.int64 == nil)
        let t = try withReader("1597902043168792500") { try $0.readInt64Fast() }
        #expect(t == 1_597_902_043_168_792_500)
        let neg = try withReader("-12") { try $0.readNumber() }
        #expect(neg.int64 == -12)
        #expect(neg.uint64 == nil)
    }

    @Test func readsFractionsAndExponents() throws {
        let n = try withReader("-12.5e-1") { try $0.readNumber() }
        #expect(!n.isInteger)
        #expect(n.double == -1.25)
        #expect(try withReader("1e3") { try $0.readNumber() }.int64 == 1000)
        #expect(try withReader("0.5") { try $0.readNumber() }.int64 == nil)
    }

    @Test(arguments: ["01", "-", "1.", "1e", ".5", "+1", "1.e5"])
    func rejectsMalformedNumbers(_ text: String) {
        #expect(throws: JSONError.self) {
            try withReader(text) { r in
                _ = try r.readNumber()
                guard r.isAtEnd() else { throw r.error("trailing") }
            }
        }
    }

    @Test func skipsValuesOfEveryKind() throws {
        let rest = try withReader(#"{"skip": {"a": [1, "x\"y", true, false, null, {"b": [[]]}], "c": -1.5e3}, "keep": 7}"#) { r in
            try r.beginObject()
            #expect(try r.nextKey() == "skip")
            try r.skipValue()
            #expect(try r.nextKey() == "keep")
            return try r.readNumber().text
        }
        #expect(rest == "7")
    }

    @Test func reportsLineAndColumnOfASyntaxError() throws {
        let json = "{\n  \"a\": 1,\n  \"b\" 2\n}"
        let error = withReader(json) { r -> JSONError? in
            do {
                try r.skipValue()
                return nil
            } catch { return error as? JSONError }
        }
        let e = try #require(error)
        #expect(e.message == "expected ':' after an object key, found '2'")
        let location = withReader(json) { $0.location(of: e.offset) }
        #expect(location.line == 3)
        #expect(location.column == 7)
    }

    @Test func reportsTruncatedInputAsUnexpectedEnd() throws {
        for json in ["{\"a\": [1, 2", "{\"a\": \"abc", "[tru", "{\"a\"", "{\"a\":", "[1,"] {
            let error = withReader(json) { r -> JSONError? in
                do {
                    try r.skipValue()
                    return nil
                } catch { return error as? JSONError }
            }
            let e = try #require(error, "no error for \(json)")
            let message = e.message
            #expect(message.hasPrefix("unexpected end of input"), "\(json): \(message)")
        }
    }

    @Test func rejectsTrailingCommasAndMissingCommas() {
        for json in [#"[1,]"#, #"{"a":1,}"#, #"[1 2]"#, #"{"a":1 "b":2}"#, #"{,}"#] {
            #expect(throws: JSONError.self, "\(json)") { try withReader(json) { try $0.skipValue() } }
        }
    }

    @Test func rejectsControlCharactersAndBadEscapes() {
        for json in ["\"a\nb\"", #""\x""#, #""\u12G4""#] {
            #expect(throws: JSONError.self, "\(json)") { try withReader(json) { try $0.readString() } }
            #expect(throws: JSONError.self, "\(json)") { try withReader(json) { try $0.skipValue() } }
        }
    }

    /// Strings are scanned sixteen bytes at a time, then eight, up to the first quote, backslash
    /// or control character: each of them must be found wherever it falls in a block or a word
    /// (two blocks, a word and the bytes after), with the error at its exact offset, bytes from
    /// 0x80 up never taken for one, and the string's end must not be read past.
    @Test func stringsEndEscapeAndFailAtEveryOffsetWithinAWord() throws {
        for padding in 0..<17 {
            // Two-byte characters (0xC3 0xA9 …) before the end, the escape and the control byte.
            let pad = String(repeating: "é", count: padding)
            #expect(try withReader("\"\(pad)\"") { try $0.readString() } == pad)
            #expect(try withReader("\"\(pad)\\tz\"") { try $0.readString() } == pad + "\tz")
            let error = withReader("\"\(pad)\u{1F}\(pad)\"") { r -> JSONError? in
                do {
                    _ = try r.readString()
                    return nil
                } catch { return error as? JSONError }
            }
            #expect(error?.offset == 1 + 2 * padding, "padding \(padding)")
        }
        for padding in 0..<41 {
            let pad = String(repeating: "a", count: padding)
            #expect(try withReader("\"\(pad)\"") { try $0.readString() } == pad)
            #expect(try withReader("\"\(pad)\\n\(pad)é\"") { try $0.readString() } == pad + "\n" + pad + "é")
            #expect(try withReader("\"\(pad)\\\"x\"") { try $0.readString() } == pad + "\"x")
            #expect(
                try withReader("[\"\(pad)\", 1]") { r -> String in
                    try r.beginArray()
                    _ = try r.nextElement()
                    return try r.readString()
                } == pad)
            let error = withReader("\"\(pad)\u{01}bcdefghij\"") { r -> JSONError? in
                do {
                    _ = try r.readString()
                    return nil
                } catch { return error as? JSONError }
            }
            let e = try #require(error, "padding \(padding)")
            #expect(e.offset == 1 + padding, "padding \(padding)")
            #expect(e.message.hasPrefix("control character"))
            let truncated = withReader("\"\(pad)") { r -> JSONError? in
                do {
                    _ = try r.readString()
                    return nil
                } catch { return error as? JSONError }
            }
            #expect(truncated?.message.hasPrefix("unexpected end of input") == true, "padding \(padding)")
        }
    }

    @Test func columnsCountCharactersNotBytes() {
        let json = "[\"é\", x]"
        let location = withReader(json) { $0.location(of: 7) }
        #expect(location.line == 1)
        #expect(location.column == 7)
    }

    @Test func locatesTheJSONPathOfAnOffset() {
        let json = #"{"a": [{"b": 1}, {"c": "xyz"}]}"#
        let offset = Array(json.utf8).firstIndex(of: UInt8(ascii: "x"))! - 1
        let path = Array(json.utf8).withUnsafeBufferPointer { JSONPathLocator.path(in: $0, to: offset) }
        #expect(JSONPathComponent.render(path) == "a[1].c")
    }
}
