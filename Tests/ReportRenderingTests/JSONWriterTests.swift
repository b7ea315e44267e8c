import Markup
import TelemetryAnalysis
import Testing
import Vocabulary

@testable import ReportRendering

@Suite struct JSONWriterTests {
    @Test func escapesForJSONAndForEmbeddingInHTML() {
        #expect(JSONWriter.write(.string("a\"b\\c\n</script>&\u{1}")) == "\"a\\\"b\\\\c\\n\\u003c/script\\u003e\\u0026\\u0001\"")
    }

    /// A string of plain printable ASCII is copied whole; it must give the bytes the escaping
    /// loop gives, and every other character must still take the loop. Checked for each ASCII
    /// character alone and inside text, and for non-ASCII characters that stay or are escaped.
    @Test func plainStringsAreWrittenAsTheEscapingLoopWritesThem() {
        func slow(_ s: String) -> String {
            // The loop's reference: prefix with a character that is never plain, then drop it.
            var out = ""
            JSONWriter.string("\u{1}" + s, into: &out)
            return "\"" + String(out.dropFirst(7))
        }
        for v in 0..<128 {
            let c = String(UnicodeScalar(UInt8(v)))
            for s in [c, "ab" + c + "cd", c + c] {
                #expect(JSONWriter.write(.string(s)) == slow(s), "character \(v)")
                #expect(JSONWriter.stringLength(s) == slow(s).utf8.count)
                let plain = v >= 0x20 && v < 0x7F && !"\"\\<>&{}".unicodeScalars.contains(UnicodeScalar(UInt8(v)))
                #expect(JSONWriter.isPlain(s) == plain, "character \(v)")
            }
        }
        for s in ["", "café", "a\u{85}b", "\u{2028}", "x\u{202E}y", "\u{FFFE}", "日本"] {
            #expect(JSONWriter.write(.string(s)) == slow(s))
            #expect(JSONWriter.stringLength(s) == slow(s).utf8.count)
        }
        // The same measures from a string's bytes (a `StringTable`'s, read in place).
        for v in 0..<128 {
            for s in [String(UnicodeScalar(UInt8(v))), "ab\(UnicodeScalar(UInt8(v)))cd", "café", "\u{2028}", "日本", "😀"] {
                Array(s.utf8).withUnsafeBufferPointer {
                    #expect(JSONWriter.stringLength(utf8: $0) == slow(s).utf8.count, "character \(v)")
                    #expect(JSONWriter.isPlain($0) == JSONWriter.isPlain(s), "character \(v)")
                }
            }
        }
        #expect(JSONWriter.write(.string("GET /api/cart")) == "\"GET /api/cart\"")
    }

    @Test func numbersUseShortestRoundTripForm() {
        #expect(JSONWriter.write(.number(100)) == "100")
        #expect(JSONWriter.write(.number(1.234567)) == "1.234567")
        #expect(JSONWriter.write(.number(0.1 + 0.2)) == "0.30000000000000004")
        #expect(JSONWriter.write(.double(.nan)) == "null")
        #expect(JSONWriter.write(.int(-3)) == "-3")
        // Integers are written from their digits: the extremes, zero, and integral doubles below
        // 10^15 (negative zero as 0); at 10^15 and beyond, and fractions, the shortest form.
        #expect(JSONWriter.write(.int(Int64.min)) == "-9223372036854775808")
        #expect(JSONWriter.write(.int(Int64.max)) == "9223372036854775807")
        #expect(JSONWriter.write(.array([.int(0), .int(10), .int(-10), .int(1_000_000_007)])) == "[0,10,-10,1000000007]")
        #expect(JSONWriter.write(.number(999_999_999_999_999)) == "999999999999999")
        #expect(JSONWriter.write(.number(-999_999_999_999_999)) == "-999999999999999")
        #expect(JSONWriter.write(.number(-0.0)) == "0")
        #expect(JSONWriter.write(.number(1e15)) == "1000000000000000.0")
        #expect(JSONWriter.write(.number(-2.5)) == "-2.5")
        #expect(JSONWriter.write(.double(.infinity)) == "null")
        for n: Int64 in [1, 9, 99, 100, 12_345, -7, 4_294_967_296] {
            #expect(JSONWriter.write(.int(n)) == String(n))
            #expect(JSONWriter.write(.number(Double(n))) == String(n))
        }
    }

    /// Written in pieces on every core, a value gives `write`'s bytes: random trees (objects,
    /// arrays of points and of objects, empty containers, escaped keys and strings) at every cut
    /// depth, with arrays cut one piece a member and in runs of members (from one member up, in
    /// one to five runs, so runs of one member and runs of several both meet the array's ends),
    /// with and without an ending; and the exact text of a small one. Fails if a piece took
    /// another indent or a separator were lost or doubled where pieces meet.
    @Test func writingOnEveryCoreGivesTheSameBytes() {
        var random = SplitMix64(seed: 7)
        func tree(_ level: Int) -> JSONValue {
            let kind = level == 0 ? Int(random.next() % 4) : Int(random.next() % 7)
            switch kind {
            case 0: return .int(Int64(bitPattern: random.next() % 2000) - 1000)
            case 1: return .number(Double(random.next() % 10_000) / 7)
            case 2: return .string(["a", "</script>", "{{x}}", "café", ""][Int(random.next() % 5)])
            case 3: return random.next() % 2 == 0 ? .null : .bool(true)
            case 4: return .array((0..<Int(random.next() % 4)).map { _ in .array([.int(1), .number(2.5)]) })
            case 5: return .array((0..<Int(random.next() % 5)).map { _ in tree(level - 1) })
            default: return .object((0..<Int(random.next() % 5)).map { k in ("k\(k)<&>", tree(level - 1)) })
            }
        }
        for _ in 0..<200 {
            let v = tree(5)
            for depth in 0...6 {
                #expect(JSONWriter.writeOnEveryCore(v, depth: depth) == JSONWriter.write(v))
                for runs in 1...5 {
                    #expect(JSONWriter.writeOnEveryCore(v, depth: depth, chunkFrom: 1, chunkCount: runs) == JSONWriter.write(v))
                }
                let ended = JSONWriter.writeOnEveryCore(v, depth: depth, chunkFrom: 3, chunkCount: 2, ending: "\n")
                #expect(ended == JSONWriter.write(v) + "\n")
            }
        }
        let many: JSONValue = .object([("ops", .array((0..<600).map { .object([("n", .int(Int64($0)))]) }))])
        #expect(JSONWriter.writeOnEveryCore(many) == JSONWriter.write(many))
        // As parts: at most `partCount` of them, none empty but a lone one, joined the same text
        // (the ending at the end of the last), whatever the count asked for.
        for partCount in [1, 2, 3, 16, 10_000] {
            let parts = JSONWriter.writePartsOnEveryCore(many, chunkFrom: 4, chunkCount: 64, ending: "\n", partCount: partCount)
            #expect(parts.joined() == JSONWriter.write(many) + "\n")
            #expect(parts.count <= partCount)
            #expect(parts.count == 1 || !parts.contains(""))
        }
        #expect(JSONWriter.writePartsOnEveryCore(many, chunkFrom: 4, partCount: 8).count > 1)
        #expect(JSONWriter.writePartsOnEveryCore(.array([]), ending: "\n") == ["[]\n"])
        let small: JSONValue = .object([("a", .array([.object([("b", .int(1))]), .object([])])), ("c", .array([.int(2)]))])
        let expected = "{\n  \"a\": [\n    {\n      \"b\": 1\n    },\n    {}\n  ],\n  \"c\": [2]\n}"
        #expect(JSONWriter.writeOnEveryCore(small, depth: 2) == expected)
    }

    @Test func objectsKeepKeyOrderAndPointsStayOnOneLine() {
        let v: JSONValue = .object([("b", .int(1)), ("a", .array([.array([.int(1), .null])]))])
        #expect(JSONWriter.write(v) == "{\n  \"b\": 1,\n  \"a\": [[1,null]]\n}")
    }

    @Test func displayFormatsAreFixed() {
        #expect(NumberFormat.duration(nanos: 1_234_567, .table) == "1.23 ms")
        #expect(NumberFormat.duration(nanos: 42_000, .table) == "0.042 ms")
        #expect(NumberFormat.duration(nanos: 1_636_400_000, .table) == "1,636 ms")
        #expect(NumberFormat.duration(nanos: 12_340_000, .table) == "12.3 ms")
        #expect(NumberFormat.duration(nanos: 1_498_000_000_000, .heading) == "24 min 58 s")
        #expect(NumberFormat.percent(1, of: 3, .tenths) == "33.3%")
        #expect(NumberFormat.count(1234567) == "1,234,567")
    }
}

@Suite struct WaterfallAxisTests {
    @Test func shortTracesGetMillisecondTicks() {
        #expect(WaterfallPage.axisTicks(durationMs: 95).map(\.label) == ["0 ms", "20 ms", "40 ms", "60 ms", "80 ms"])
    }

    @Test func longTracesGetClockTicks() {
        let ticks = WaterfallPage.axisTicks(durationMs: 306_017)
        #expect(ticks.map(\.label) == ["0:00", "1:00", "2:00", "3:00", "4:00", "5:00"])
        #expect(ticks.map(\.ms) == [0, 60_000, 120_000, 180_000, 240_000, 300_000])
        #expect(WaterfallPage.axisTicks(durationMs: 5 * 3_600_000).last?.label == "5:00:00")
    }
}

@Suite struct InstanceColourTests {
    @Test func seriesDifferingOnlyByInstanceShareAColourAndALegendEntry() {
        func series(_ name: String, _ labels: [String: String]) -> TimeSeries { TimeSeries(name: name, labels: labels, points: []) }
        let all = [
            series("user · a", ["type": "user", "instance": "a"]), series("user · b", ["type": "user", "instance": "b"]),
            series("system · a", ["type": "system", "instance": "a"]), series("total", [:]),
        ]
        let colours = ChartFactory.colourByLabels(all)
        #expect(colours == ["user · a": "s0", "user · b": "s0", "system · a": "s1", "total": "s2"])
        let html = MarkupWriter.write(ChartFactory.legend(all, colours: colours))
        #expect(html.contains("user (2 instances)") && html.contains(">system<") && html.contains(">total<"))
        #expect(ChartFactory.colourByLabels([series("p50", ["quantile": "p50"])]).isEmpty)
    }
}
