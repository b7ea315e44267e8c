import Foundation
import TelemetryModel
import Testing
import Vocabulary

@testable import TelemetryIngest

/// Attribute lists that repeat byte for byte are taken from `AttributeListCache` instead of
/// being decoded again: the span table, its strings and the warnings must be what decoding every
/// list gives.
@Suite struct AttributeListCacheTests {
    /// Lists of every shape the cache must take or leave alone: repeated plain lists, spacing,
    /// `]` inside strings (plain and escaped), nested values (kept in the arena's side list),
    /// an unknown value field (a warning), `null` elements, NaN and the empty list.
    static let lists = [
        #"[{"key":"http.method","value":{"stringValue":"GET"}},{"key":"http.route","value":{"stringValue":"/a"}}]"#,
        #"[{"key":"http.method","value":{"stringValue":"POST"}},{"key":"http.route","value":{"stringValue":"/a"}}]"#,
        #"[{"key":"http.method","value":{"stringValue":"GET"}},{"key":"code","value":{"intValue":"200"}},{"key":"hit","value":{"boolValue":false}}]"#,
        #"[ {"key": "code", "value": {"intValue": 404}} , {"key":"ratio","value":{"doubleValue":0.25}} ]"#,
        #"[{"key":"route","value":{"stringValue":"a]b"}},{"key":"n","value":{"intValue":"1"}}]"#,
        #"[{"key":"route","value":{"stringValue":"x\"]y"}}]"#,
        #"[{"key":"route","value":{"stringValue":"x\u005dy"}}]"#,
        #"[{"key":"list","value":{"arrayValue":{"values":[{"intValue":"1"},{"stringValue":"two"}]}}}]"#,
        #"[{"key":"map","value":{"kvlistValue":{"values":[{"key":"a","value":{"boolValue":true}}]}}}]"#,
        #"[{"key":"raw","value":{"bytesValue":"AAE="}},{"key":"n","value":{"intValue":"2"}}]"#,
        #"[{"key":"odd","value":{"anyValue":"x"}}]"#,
        #"[null,{"key":"n","value":{"intValue":"3"}},null]"#,
        #"[{"key":"nan","value":{"doubleValue":"NaN"}}]"#,
        #"[{"key":"dup","value":{"intValue":"1"}},{"key":"dup","value":{"intValue":"2"}}]"#,
        #"[{"key":"e","value":{}}]"#,
        "[]",
    ]

    /// Lines of trace requests whose spans, events and links pick their lists from `lists` at
    /// random, so that lists recur in every position.
    static func file(seed: UInt64, lines: Int) -> String {
        var random = SplitMix64(seed: seed)
        func list() -> String { lists[random.int(in: 0...(lists.count - 1))] }
        return (0..<lines).map { line in
            let spans = (0..<random.int(in: 1...4)).map { k in
                let id = String(format: "%016x", line * 8 + k + 1)
                return #"{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"\#(id)","name":"op\#(k)","#
                    + #""startTimeUnixNano":"1000","endTimeUnixNano":"2000","attributes":\#(list()),"#
                    + #""events":[{"timeUnixNano":"1500","name":"e","attributes":\#(list())}],"#
                    + #""links":[{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"00f067aa0ba902b7","attributes":\#(list())}]}"#
            }
            return #"{"resourceSpans":[{"resource":{},"scopeSpans":[{"spans":[\#(spans.joined(separator: ","))]}]}]}"#
        }.joined(separator: "\n")
    }

    /// The decoder's span table and warnings, with the cache (`capacity` 4,096) or without (0).
    static func decode(_ json: String, capacity: Int) throws -> (table: SpanTable, warnings: [String], decoder: OTLPJSONDecoder) {
        let bytes = Array(json.utf8)
        return try bytes.withUnsafeBufferPointer { buffer in
            var decoder = OTLPJSONDecoder(reader: JSONReader(bytes: buffer))
            decoder.attributeLists = AttributeListCache(capacity: capacity)
            try decoder.decodeAll()
            let warnings = decoder.warnings.map { "\($0.error.offset) \($0.error.message)" }
            return (decoder.builder.contents.spans, warnings, decoder)
        }
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func theTableIsWhatDecodingEveryListGives(seed: UInt64) throws {
        let json = Self.file(seed: seed, lines: 300)
        let cached = try Self.decode(json, capacity: 4096), plain = try Self.decode(json, capacity: 0)
        // Compared with `elementsEqual`: a failing `==` of arrays this long prints them whole.
        let (a, b) = (cached.table, plain.table)
        #expect(a.count == b.count)
        #expect(a.strings.strings.elementsEqual(b.strings.strings))
        #expect(a.attributeArena.keys.elementsEqual(b.attributeArena.keys))
        #expect(a.attributeArena.values.kinds.elementsEqual(b.attributeArena.values.kinds))
        #expect(a.attributeArena.values.payloads.elementsEqual(b.attributeArena.values.payloads))
        #expect(a.attributeArena.others.map { "\($0)" }.elementsEqual(b.attributeArena.others.map { "\($0)" }))
        #expect(a.attributeRanges.elementsEqual(b.attributeRanges))
        #expect(a.eventArena.elementsEqual(b.eventArena))
        #expect(a.linkArena.elementsEqual(b.linkArena))
        #expect(cached.warnings.elementsEqual(plain.warnings))
        // The unknown field warns wherever its list is, every time.
        let odd = json.components(separatedBy: #""anyValue""#).count - 1
        #expect(odd > 10)
        #expect(cached.warnings.count == odd)
        // And the cache was used: most lists were taken from it.
        #expect(cached.decoder.attributeLists.hits > cached.table.attributeArena.count / 10)
        #expect(plain.decoder.attributeLists.hits == 0)
    }

    @Test func aRepeatedListWarnsOnEveryLine() throws {
        let list = #"[{"key":"k","value":{"anyValue":"x"}}]"#
        let json = (0..<3).map { traceRequest(span: #""name":"s\#($0)","attributes":\#(list)"#) }.joined(separator: "\n")
        let file = try #require(decoded(json))
        #expect(file.warnings.map(\.line) == [1, 2, 3])
        #expect(file.warnings.allSatisfy { $0.path == "resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value" })
    }

    /// A broken list that begins like a kept one fails as it fails alone.
    @Test func aBrokenListAfterGoodOnesFailsAsItDoesAlone() throws {
        let good = #"[{"key":"a","value":{"intValue":"1"}}]"#
        for broken in [String(good.dropLast()), good.replacingOccurrences(of: #""1""#, with: #""1x""#), good + "]"] {
            let ok = traceRequest(span: #""name":"a","attributes":\#(good)"#)
            let line = traceRequest(span: #""name":"b","attributes":\#(broken)"#)
            let alone = try #require(failures(line).first), after = try #require(failures(ok + "\n" + ok + "\n" + line).first)
            #expect(after.line == 3)
            #expect(after.column == alone.column)
            #expect(after.path == alone.path)
            #expect(after.message == alone.message)
        }
    }

    @Test func theCacheTakesOnlyWholeListsItCanFindAgain() {
        var cache = AttributeListCache()
        var arena = AttributeArena()
        func take(_ text: String) -> Int? {
            Array(text.utf8).withUnsafeBufferPointer { cache.take($0, from: 0, to: $0.count, into: &arena) }
        }
        func add(_ text: String, _ values: [StoredValue]) {
            var source = AttributeArena()
            for (k, v) in values.enumerated() {
                source.keys.append(UInt32(k + 1))
                source.values.append(v)
            }
            Array(text.utf8).withUnsafeBufferPointer { cache.insert($0, entries: 0..<values.count, of: source) }
        }
        let plain = #"[{"key":"a","value":{"intValue":"7"}}]"#
        #expect(take(plain + ",") == nil)
        add(plain, [.int(7)])
        #expect(take(plain + #","x":1}"#) == plain.utf8.count)
        #expect(arena.keys == [1])
        #expect(Array(arena.values) == [.int(7)])
        #expect(take(" " + plain) == nil)  // the list's text starts at its `[`
        #expect(take(String(plain.dropLast())) == nil)
        // A list whose first `]` is not its end can never be found, so it is not kept.
        let nested = #"[{"key":"a","value":{"arrayValue":{"values":[]}}}]"#
        add(nested, [.string(3)])
        #expect(take(nested) == nil)
        // Nor is one holding a nested value: taking it again would not add to the side list.
        let other = #"[{"key":"b","value":{"bytesValue":"AA=="}}]"#
        add(other, [.other(0)])
        #expect(take(other) == nil)
        #expect(arena.keys == [1])
        // After 256 lookups with fewer than a quarter found, the cache stops looking.
        for k in 0..<300 { _ = take(#"[{"key":"n\#(k)"}]"#) }
        #expect(!cache.isUseful)
        #expect(take(plain) == nil)
    }
}
