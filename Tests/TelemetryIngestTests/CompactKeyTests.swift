import TelemetryModel
import Testing

@testable import TelemetryIngest

/// Keys taken by their compact spelling (`"name":`) without reading them (issue 7): the answer
/// is always the one reading the key gives.
@Suite struct CompactKeyTests {
    /// Every name of 3 to 21 bytes matches its own compact bytes and nothing that differs in
    /// any one byte, whatever the byte's place (each word compared covers it).
    @Test func aKeyMatchesItsBytesAndNothingOneByteOff() {
        let names: [StaticString] = [
            "key", "name", "links", "spanId", "traceId", "intValue", "boolValue", "attributes", "stringValue",
            "parentSpanId", "endTimeUnixNano", "startTimeUnixNano", "abcdefghijklmnopqrs", "abcdefghijklmnopqrstu",
        ]
        for name in names {
            let key = CompactKey(name)
            let text = "\"" + name.description + "\":"
            var bytes = Array(text.utf8)
            #expect(key.count == bytes.count)
            let matches = bytes.withUnsafeBytes { key.matches($0.baseAddress!) }
            #expect(matches, "\(name)")
            for i in bytes.indices {
                let saved = bytes[i]
                bytes[i] ^= 0x20
                let matchesChanged = bytes.withUnsafeBytes { key.matches($0.baseAddress!) }
                #expect(!matchesChanged, "\(name), byte \(i)")
                bytes[i] = saved
            }
        }
    }

    /// The guessed key is taken; another key, an escaped spelling of the guess, a space before
    /// the colon, the end of the object and input that ends inside the key all go the usual way.
    @Test func aGuessGivesWhatReadingTheKeyGives() throws {
        let guess = CompactKey("traceId")
        func keys(_ json: String) throws -> [String] {
            try withReader(json) { r in
                var found: [String] = []
                try r.beginObject()
                while let key = try r.nextKey(guess: guess, guessed: "guessed", { String(decoding: $0, as: UTF8.self) }) {
                    found.append(key)
                    try r.skipValue()
                }
                return found
            }
        }
        #expect(try keys(#"{"traceId":1,"spanId":2,"traceId":3}"#) == ["guessed", "spanId", "guessed"])
        // An escape spells the same key with other bytes: read, and unescaped.
        #expect(try keys(#"{"trace\u0049d":1}"#) == ["traceId"])
        #expect(try keys(#"{"traceId" :1, "traceId":2}"#) == ["traceId", "guessed"])
        #expect(try keys(#"{"traceIds":1,"traceI":2}"#) == ["traceIds", "traceI"])
        #expect(try keys("{}") == [])
        // Ends inside the key, shorter than the guess: the reader's own error, at its own place.
        #expect(throws: JSONError.self) { try keys(#"{"trace"#) }
        #expect(throws: JSONError.self) { try keys(#"{"traceId""#) }
    }

    /// Spans whose keys come in another order, with escapes, spaces or unknown keys between
    /// them decode to the same span as the compact, usual order.
    @Test func spansDecodeAlikeWhateverTheKeysLookLike() throws {
        let usual = #"""
            {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","parentSpanId":"eee19b7ec3c1b173","name":"GET /x","kind":2,"startTimeUnixNano":"1544712660000000000","endTimeUnixNano":"1544712661000000000","attributes":[{"key":"a","value":{"stringValue":"b"}},{"key":"n","value":{"intValue":"7"}}],"status":{"code":2}}
            """#
        let others = [
            #"""
            {"status":{"code":2},"attributes":[{"value":{"stringValue":"b"},"key":"a"},{"key":"n","value":{"intValue":"7"}}],"endTimeUnixNano":"1544712661000000000","name":"GET /x","kind":2,"startTimeUnixNano":"1544712660000000000","parentSpanId":"eee19b7ec3c1b173","spanId":"eee19b7ec3c1b174","traceId":"5b8efff798038103d269b633813fc60c"}
            """#,
            #"""
            { "traceId" : "5b8efff798038103d269b633813fc60c", "span\u0049d":"eee19b7ec3c1b174","flags":1,"parentSpanId":"eee19b7ec3c1b173","name":"GET /x","kind":2,"startTimeUnixNano":"1544712660000000000","endTimeUnixNano":"1544712661000000000","attributes":[{"key" :"a","value":{ "stringValue":"b"}},{"k\u0065y":"n","value":{"intValue":"7"}}],"droppedAttributesCount":0,"status":{"code":2}}
            """#,
        ]
        func span(_ text: String) throws -> Span {
            let json = #"{"resourceSpans":[{"scopeSpans":[{"spans":["# + text + "]}]}]}"
            let file = try #require(decoded(json))
            return try #require(file.snapshot.spans.first)
        }
        let expected = try span(usual)
        #expect(expected.attributes == [Attribute(key: "a", value: .string("b")), Attribute(key: "n", value: .int(7))])
        #expect(expected.spanID.hex == "eee19b7ec3c1b174" && expected.status == .error)
        for other in others {
            let s = try span(other)
            #expect(s.traceID == expected.traceID && s.spanID == expected.spanID && s.parentSpanID == expected.parentSpanID)
            #expect(s.name == expected.name && s.kind == expected.kind && s.status == expected.status)
            #expect(s.startTimeUnixNano == expected.startTimeUnixNano && s.endTimeUnixNano == expected.endTimeUnixNano)
            #expect(s.attributes == expected.attributes)
        }
    }

    /// The guess after each field (`SpanField.orderAfter`) is the next key of `spanKeyOrder`,
    /// and the first after the last or a field not in it: the two spell one order.
    @Test func theGuessAfterEachFieldIsTheNextInTheOrder() {
        let order = OTLPJSONDecoder.spanKeyOrder
        for (i, entry) in order.enumerated() { #expect(entry.field.orderAfter == (i + 1) % order.count, "\(entry.field)") }
        let listed = Set(order.map { "\($0.field)" })
        for field in [OTLPJSONDecoder.SpanField.events, .links, .other] {
            #expect(!listed.contains("\(field)") && field.orderAfter == 0)
        }
    }

    /// A kind or status code of one digit followed by `,` or `}` is read from its byte; every
    /// other spelling goes through the number and name paths, and both agree: the compact
    /// digits, spaced ones, names, a digit past the names (unspecified) and two digits.
    @Test func enumsOfOneDigitReadAsTheOtherSpellings() throws {
        func span(kind: String, status: String) throws -> Span {
            let text = #"{"spanId":"eee19b7ec3c1b174","name":"x","kind":"# + kind + #","status":"# + status + "}"
            let json = #"{"resourceSpans":[{"scopeSpans":[{"spans":["# + text + "]}]}]}"
            let file = try #require(decoded(json))
            return try #require(file.snapshot.spans.first)
        }
        let cases: [(String, String, SpanKind, StatusCode)] = [
            ("2", #"{"code":2}"#, .server, .error), (" 3 ", #"{"code": 1 }"#, .client, .ok),
            (#""SPAN_KIND_PRODUCER""#, #"{"code":"STATUS_CODE_OK"}"#, .producer, .ok), ("9", #"{"code":7}"#, .unspecified, .unset),
            ("12", #"{"code":0,"message":"m"}"#, .unspecified, .unset), ("5", "{}", .consumer, .unset),
        ]
        for (kind, status, expectedKind, expectedStatus) in cases {
            let s = try span(kind: kind, status: status)
            #expect(s.kind == expectedKind && s.status == expectedStatus, "kind \(kind), status \(status)")
        }
    }
}
