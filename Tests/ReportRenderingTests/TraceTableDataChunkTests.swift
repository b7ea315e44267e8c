import Foundation
import TelemetryAnalysis
import TelemetryModel
import Testing
import Vocabulary

@testable import ReportRendering

/// `TraceTableData` built in chunks on several cores must give the bytes of one sequential
/// pass: the same first-seen ids for strings, service sets, shapes, resources and attribute
/// pairs, and the byte budget's and record limit's cut at the same trace.
@Suite struct TraceTableDataChunkTests {
    /// 240 traces of 1–6 spans over four services (three resources each with its own attributes),
    /// repeating shapes, names and attribute pairs throughout (so chunks share them across their
    /// borders), with values first seen late (a new pair, string and resource every 37th trace),
    /// bytes/array values equal by text in different spans, NaN doubles, long strings, orphans
    /// and errors.
    static func snapshot() -> Snapshot {
        var b = SnapshotBuilder()
        let services = ["frontend", "cart", "checkout", "ads"]
        var resources: [Int32] = []
        for (k, s) in services.enumerated() {
            resources.append(
                b.intern(
                    Resource(attributes: [
                        Attribute(key: "service.name", value: .string(s)), Attribute(key: "host.name", value: .string("h\(k % 2)")),
                    ])))
        }
        var spans: [Span] = []
        var id: UInt64 = 0
        for trace in UInt64(1)...240 {
            let count = Int(trace % 6) + 1
            let root = id + 1
            let late = trace % 37 == 0
            let lateResource = late ? b.intern(Resource(attributes: [Attribute(key: "service.name", value: .string("late\(trace)"))])) : nil
            for k in 0..<count {
                id += 1
                var attributes = [
                    Attribute(key: "rpc.system", value: .string("grpc")),
                    Attribute(key: "app.cache_hit", value: .bool((trace + UInt64(k)) % 3 == 0)),
                ]
                if k % 2 == 1 { attributes.append(Attribute(key: "n", value: .int(Int64(trace % 5)))) }
                if late { attributes.append(Attribute(key: "late.key\(trace)", value: .string("late value \(trace)"))) }
                if trace % 11 == 0 { attributes.append(Attribute(key: "list", value: .array([.int(1), .string("a\(trace % 2)")]))) }
                if trace % 13 == 0 { attributes.append(Attribute(key: "ratio", value: .double(.nan))) }
                if trace % 17 == 0 { attributes.append(Attribute(key: "long", value: .string(String(repeating: "x", count: 250)))) }
                let service = late && k == count - 1 ? lateResource! : resources[(Int(trace) + k) % services.count]
                // Every 23rd trace has a span whose parent is missing (an orphan).
                let parent: UInt64 = k == 0 ? 0 : (trace % 23 == 0 && k == 1 ? 999_999 : root + UInt64((k - 1) / 2))
                spans.append(
                    Fixtures.span(
                        trace, id, parent: parent, name: "op\((Int(trace) + k) % 7)", startMs: Int64(trace) * 10 + Int64(k),
                        durationMicros: Int64((trace * 7_919) % 5_000 + 100) - Int64(k) * 10, resource: service,
                        error: (trace + UInt64(k)) % 19 == 0, attributes: attributes))
            }
        }
        b.add(spans)
        return b.finish()
    }

    /// `count` traces of one span each, of one service, span `k` named and given one attribute by
    /// `span(k)`.
    static func oneSpanTraces(service: String, count: Int, span: (Int) -> (name: String, attribute: Attribute)) -> Snapshot {
        var b = SnapshotBuilder()
        let resource = b.intern(Resource(attributes: [Attribute(key: "service.name", value: .string(service))]))
        b.add(
            (0..<count).map { k in
                let (name, attribute) = span(k)
                return Fixtures.span(
                    UInt64(k + 1), UInt64(k + 1), parent: 0, name: name, startMs: Int64(k), durationMicros: 100, resource: resource,
                    attributes: [attribute])
            })
        return b.finish()
    }

    static func build(
        _ snapshot: Snapshot, chunks: Int?, budget: Int = TraceTableData.byteBudget, recordLimit: Int = TraceTableData.traceRecordLimit,
        keptParents: Bool = false
    ) -> TraceTableData {
        let analysis = SnapshotAnalysis(snapshot: snapshot)
        let ordered = TraceAssembler.slowest(analysis.traces, limit: analysis.traces.count)
        return TraceTableData(
            traces: ordered.enumerated().map { (trace: $0.element, rank: $0.offset % 101) }, listed: 50,
            summary: TraceSetSummary(ordered), snapshot: snapshot, parents: keptParents ? analysis.spanParents : nil, byteBudget: budget,
            recordLimit: recordLimit, chunks: chunks,
            page: { $0.low % 4 == 0 ? "traces/\($0.hex).html" : nil }, colour: { "c\($0.utf8.count % 9)" })
    }

    @Test func chunkedBuildGivesTheSequentialBytes() throws {
        let snapshot = Self.snapshot()
        let one = Self.build(snapshot, chunks: 1)
        #expect(one.recordCount == 240)
        #expect(one.searchableCount == 240)
        for chunks in [2, 3, 5, 8, 64, 300] {
            let many = Self.build(snapshot, chunks: chunks)
            #expect(many.json() == one.json(), "\(chunks) chunks")
            #expect(many.columnBytes.spans == one.columnBytes.spans, "\(chunks) chunks")
        }
        // The default chunking (one chunk for a snapshot this small) too.
        #expect(Self.build(snapshot, chunks: nil).json() == one.json())
    }

    /// The strings written on one core and the other tables on the other give the text written
    /// on one core.
    /// Shapes are numbered in the order first met whichever index holds them: those whose fields
    /// fit two words (nearly all) by the words, the others (over a million spans or errors, or
    /// ids past 32 bits) by their fields; each asked again gets its number, and each row is
    /// written once. Fails if the two indexes numbered apart or a packing collided.
    @Test func shapesAreNumberedInFirstUseOrderInBothIndexes() {
        var data = TraceTableData(traces: [], listed: 0, summary: nil, snapshot: Snapshot())
        let shapes: [[Int]] = [
            [0, 1, 0, 5, 0], [0, 1, 0, 1 << 20, 0], [0, 1, 0, 5, 1], [1 << 32, 1, 0, 5, 0], [0, 1, 1, 5, 0],
            [0, 1, 0, (1 << 20) - 1, (1 << 20) - 1], [0, 1, 0, 5, 1 << 20], [2, 3, (1 << 24) - 1, 0, 0], [0, 1, 1 << 24, 5, 0],
        ]
        func shape(_ f: [Int]) -> Int { data.shape(root: f[0], name: f[1], set: f[2], spans: f[3], errors: f[4]) }
        for (k, fields) in shapes.enumerated() { #expect(shape(fields) == k, "\(fields)") }
        for (k, fields) in shapes.enumerated().reversed() { #expect(shape(fields) == k, "\(fields) again") }
        #expect(data.shapeRows == shapes.map { "[" + $0.map(String.init).joined(separator: ",") + "]" })
        #expect(ShapeNumbers.packed(root: 0, name: 1, set: 0, spans: 1 << 20, errors: 0) == nil)
        #expect(ShapeNumbers.packed(root: 0, name: 1, set: 0, spans: 5, errors: -1) == nil)
        let a = ShapeNumbers.packed(root: 0, name: 1, set: 0, spans: 5, errors: 0)!
        let b = ShapeNumbers.packed(root: 0, name: 1, set: 0, spans: 0, errors: 5)!
        #expect(a != b)
    }

    /// Root names come to the chunks by their span-table ids and services by their text: a root
    /// span named as a service ("cart") is still one string, which its shapes share, and the
    /// strings are in the order a pass over the records first meets them, whatever the chunks.
    @Test func aRootNamedAsAServiceIsOneString() throws {
        var b = SnapshotBuilder()
        let cart = b.intern(Resource(attributes: [Attribute(key: "service.name", value: .string("cart"))]))
        let ads = b.intern(Resource(attributes: [Attribute(key: "service.name", value: .string("ads"))]))
        var spans: [Span] = []
        for k in 0..<30 {
            let name = k % 3 == 0 ? "cart" : "GET /ads/\(k % 5)", id = UInt64(k + 1)
            spans.append(
                Fixtures.span(
                    id, id, parent: 0, name: name, startMs: Int64(k), durationMicros: Int64(1_000 - k), resource: k % 2 == 0 ? cart : ads))
        }
        b.add(spans)
        let snapshot = b.finish()
        let one = Self.build(snapshot, chunks: 1)
        for chunks in [2, 3, 7, 30] { #expect(Self.build(snapshot, chunks: chunks).json() == one.json(), "\(chunks) chunks") }
        let json = one.json()
        let object = try #require(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let strings = try #require(object["strings"] as? [String])
        let shapes = try #require(object["shapes"] as? [[Int]])
        // Slowest first: trace k lasts 1000 − k µs, so records go k = 0, 1, 2, …; each record
        // meets its root service, its root name, then its services.
        var expected: [String] = []
        for k in 0..<30 {
            for s in [k % 2 == 0 ? "cart" : "ads", k % 3 == 0 ? "cart" : "GET /ads/\(k % 5)"] where !expected.contains(s) {
                expected.append(s)
            }
        }
        #expect(Array(strings.prefix(expected.count)) == expected)
        #expect(strings.filter { $0 == "cart" }.count == 1)
        // The shape of trace 0 (cart's root named cart): one index for both.
        #expect(shapes[0][0] == shapes[0][1] && strings[shapes[0][0]] == "cart")
    }

    @Test func textWrittenOnTwoCoresIsTheSame() throws {
        let data = Self.build(Self.snapshot(), chunks: 3)
        let one = data.json(splittingFrom: .max, columnsFrom: .max), two = data.json(splittingFrom: 0)
        #expect(two == one)
        // The columns' base64 on two cores, from their first byte on: the same text again.
        #expect(data.json(splittingFrom: .max, columnsFrom: 0) == one)
        #expect(data.columnBytes.spans.count > data.columnBytes.traces.count)
        #expect(one.contains("\"strings\": [\"") && one.contains("\"pairs\": [["))
    }

    /// The tables' members are written into a buffer the budget's count sized: the same bytes
    /// as appending each piece (the way taken when the buffer would be too short), for rows
    /// whose braces are escaped, pairs of numbers, bytes and arrays (written as texts), and
    /// indexes of several digits.
    @Test func tablesWrittenIntoTheBudgetsBufferAreTheAppendedText() throws {
        let values: [AttributeValue] = [
            .string("{{x}}"), .int(-5), .int(1_234_567_890_123), .bool(true), .double(1.5), .bytes([1, 2, 3]),
            .array([.string("{{")]), .string("plain"), .int(0),
        ]
        let count = 40
        let data = Self.build(
            Self.oneSpanTraces(service: "svc {{x}}", count: count) { k in
                ("op \(k % 7)", Attribute(key: "k.\(k)", value: k < values.count ? values[k] : .int(Int64(k * 1_000_003))))
            }, chunks: 1)
        let text = data.tablesText()
        #expect(text == data.appendedTablesText())
        #expect(data.tablesText(capacity: 0) == text)
        #expect(data.tablesText(capacity: text.utf8.count) == text)
        #expect(data.tablesText(capacity: text.utf8.count - 1) == text)
        #expect(text.contains("\\u007b"), "the service's braces are escaped")
        let tables = try #require(
            JSONSerialization.jsonObject(with: Data(("{" + text.dropLast(2) + "}").utf8)) as? [String: Any])
        let pairs = try #require(tables["pairs"] as? [Any])
        #expect(pairs.count == data.pairCells.count)
        #expect(pairs.contains { ($0 as? [Int]).map { $0.count == 2 && $0[0] < 0 && $0[1] >= 0 } ?? false })
    }

    /// The strings' member is written from the span table's bytes into a buffer the budget's
    /// count sized: the same bytes as appending each string's escaped text (the way taken when
    /// the buffer would be too short), for strings that need escapes and non-ASCII ones, and
    /// every string reads back as itself.
    @Test func stringsWrittenFromTheTablesBytesAreTheAppendedText() throws {
        let values = [
            "plain", "a\"quote", "back\\slash", "</script>", "{braces}", "caf\u{E9}", "line\u{2028}sep", "日本", "😀 emoji",
            "tab\there", "GET /api/products?id=1005495489636", "",
        ]
        let data = Self.build(
            Self.oneSpanTraces(service: "svc <\"x\">", count: values.count) { k in
                ("op \(values[k])", Attribute(key: "value.\(k)", value: .string(values[k])))
            }, chunks: 1)
        let text = data.stringsText()
        #expect(data.stringsText(capacity: 0) == text)
        #expect(data.stringsText(capacity: text.utf8.count) == text)
        #expect(data.stringsText(capacity: text.utf8.count - 1) == text)
        let strings = try #require(
            JSONSerialization.jsonObject(with: Data(("{" + text.dropLast(2) + "}").utf8)) as? [String: [String]])["strings"]
        #expect(strings?.count == data.stringRefs.count)
        for v in values where !v.isEmpty {
            #expect(strings?.contains(v) == true, "\(v)")
            #expect(strings?.contains("op \(v)") == true, "\(v)")
        }
    }

    /// An integer pair's row holds a number within ±2^53 (the script compares it as one) and a
    /// tagged integer beyond, which the script compares as a BigInt.
    @Test func integerPairsAreNumbersWithinTwoToThe53AndTaggedBeyond() throws {
        let values: [Int64] = [0, -1, 404, (1 << 53) - 1, -(1 << 53) + 1, 1 << 53, -(1 << 53), .max, .min]
        let data = Self.build(
            Self.oneSpanTraces(service: "svc", count: values.count) { k in
                ("op", Attribute(key: "http.status_code", value: .int(values[k])))
            }, chunks: 1)
        let pairs = (0..<data.pairCount).map(data.pairRow)
        let key = try #require(data.stringRefs.firstIndex { $0 >= 0 && data.spanStrings[UInt32($0)] == "http.status_code" })
        for v in values {
            let row: JSONValue =
                v > -(1 << 53) && v < 1 << 53 ? .array([.int(Int64(key)), .int(v)]) : .array([.int(Int64(-1 - key)), .string("i\(v)")])
            #expect(pairs.contains(JSONWriter.write(row)), "\(v)")
        }
    }

    /// The analysis's parent lookups (`SpanParents`) give the spans' parent column the lookup
    /// gave, orphans included.
    @Test func keptParentLookupsGiveTheSameBytes() throws {
        let snapshot = Self.snapshot()
        #expect(SnapshotAnalysis(snapshot: snapshot).spanParents != nil)
        for chunks in [1, 5] {
            let without = Self.build(snapshot, chunks: chunks), with = Self.build(snapshot, chunks: chunks, keptParents: true)
            #expect(with.json() == without.json(), "\(chunks) chunks")
            #expect(with.columnBytes.spans == without.columnBytes.spans)
        }
    }

    /// Spans sharing a list (`shareRepeatedAttributeLists`) take its pairs as the chunk found
    /// them the first time (`ChunkListPairs`); the bytes are those of the unshared lists, each
    /// read entry by entry.
    @Test func sharedListsGiveTheUnsharedListsBytes() throws {
        let unshared = Self.snapshot()
        var shared = unshared
        let wasShared = shared.spans.shareRepeatedAttributeLists()
        #expect(wasShared)
        #expect(shared.spans.attributeArena.count < unshared.spans.attributeArena.count)
        for chunks in [1, 5] {
            let a = Self.build(unshared, chunks: chunks), b = Self.build(shared, chunks: chunks)
            #expect(b.json() == a.json(), "\(chunks) chunks")
            #expect(b.columnBytes.spans == a.columnBytes.spans)
        }
    }

    @Test func chunkedBuildCutsAtTheSameTraceUnderAByteBudget() throws {
        let snapshot = Self.snapshot()
        let full = Self.build(snapshot, chunks: 1).json().utf8.count
        let recordsOnly = Self.build(snapshot, chunks: 1, budget: 0)
        #expect(recordsOnly.searchableCount == 0)
        // Budgets from "records only" to "everything", the cut landing in every chunk.
        var cuts: Set<Int> = []
        for budget in stride(from: 9_000, through: full + 1_500, by: 397) {
            let one = Self.build(snapshot, chunks: 1, budget: budget)
            cuts.insert(one.searchableCount)
            for chunks in [2, 7, 16] {
                let many = Self.build(snapshot, chunks: chunks, budget: budget)
                #expect(many.searchableCount == one.searchableCount, "budget \(budget), \(chunks) chunks")
                #expect(many.json() == one.json(), "budget \(budget), \(chunks) chunks")
            }
        }
        // The budgets did cut mid-way, at many different traces.
        #expect(cuts.count > 20)
        #expect(cuts.contains(240))
    }

    /// String values shared by several keys (the first key met with a value is indexed by the
    /// value's string id, the others by the pair), values unique to one span, and budgets that
    /// roll such pairs back mid-chunk: each embedded (key, value) pair has one row, and there are
    /// as many rows as distinct pairs among the embedded spans' attributes.
    @Test func stringValuesSharedByKeysGetOneRowEach() throws {
        var b = SnapshotBuilder()
        let resource = b.intern(Resource(attributes: [Attribute(key: "service.name", value: .string("svc"))]))
        var spans: [Span] = []
        for trace in UInt64(1)...120 {
            for k in UInt64(0)..<3 {
                let shared = "v\((trace + k) % 4)"
                // Keys take turns being the first met with each shared value.
                var attributes = [
                    Attribute(key: "a", value: .string(shared)), Attribute(key: trace % 2 == 0 ? "b" : "c", value: .string(shared)),
                    Attribute(key: "id", value: .string("request-\(trace)-\(k)")),
                ]
                if trace % 5 == 0 { attributes.insert(Attribute(key: "c", value: .string("request-\(trace)-\(k)")), at: 0) }
                spans.append(
                    Fixtures.span(
                        trace, trace * 10 + k, parent: k == 0 ? 0 : trace * 10, name: "op", startMs: Int64(trace) * 10 + Int64(k),
                        durationMicros: Int64((trace * 7_919) % 5_000 + 100), resource: resource, attributes: attributes))
            }
        }
        b.add(spans)
        let snapshot = b.finish()
        let analysis = SnapshotAnalysis(snapshot: snapshot)
        let ordered = TraceAssembler.slowest(analysis.traces, limit: analysis.traces.count)
        let full = Self.build(snapshot, chunks: 1)
        #expect(full.searchableCount == 120)
        var cuts: Set<Int> = []
        for budget in [full.json().utf8.count + 100] + Array(stride(from: 6_000, to: full.json().utf8.count, by: 1_111)) {
            for chunks in [1, 4] {
                let data = Self.build(snapshot, chunks: chunks, budget: budget)
                cuts.insert(data.searchableCount)
                let rows = (0..<data.pairCount).map { data.pairRow($0) }
                #expect(Set(rows).count == rows.count, "budget \(budget), \(chunks) chunks")
                var distinct: Set<[String]> = []
                for trace in ordered.prefix(data.searchableCount) {
                    for i in trace.spanRange {
                        for attribute in snapshot.spans.attributes(at: i) { distinct.insert([attribute.key, "\(attribute.value)"]) }
                    }
                }
                #expect(data.pairCount == distinct.count, "budget \(budget), \(chunks) chunks")
            }
        }
        #expect(cuts.count > 5)
    }

    @Test func chunkedBuildKeepsTheRecordCut() throws {
        let snapshot = Self.snapshot()
        for limit in [0, 1, 100, 239] {
            let one = Self.build(snapshot, chunks: 1, recordLimit: limit)
            #expect(one.recordCount == limit)
            #expect(Self.build(snapshot, chunks: 5, recordLimit: limit).json() == one.json(), "limit \(limit)")
        }
        // Records alone over a budget: the slowest that fit, the same whatever the chunks.
        for budget in [1_100, 3_000, 6_000] {
            let one = Self.build(snapshot, chunks: 1, budget: budget)
            #expect(one.recordCount < 240)
            #expect(Self.build(snapshot, chunks: 4, budget: budget).json() == one.json(), "budget \(budget)")
        }
    }

    /// The text is written from the columns in pieces of any length (a chunk's column can be a
    /// byte or empty); it must be the base64 of the pieces joined.
    @Test func base64OfPiecesIsTheBase64OfTheirJoin() {
        var rng = SystemRandomNumberGenerator()
        var cases: [[[UInt8]]] = [[], [[]], [[1]], [[1], [2]], [[1, 2], [], [3]], [[], [1], [], [2], [], [3], [4]], [[1, 2, 3, 4]]]
        for _ in 0..<300 {
            let n = Int.random(in: 1...12, using: &rng)
            cases.append(
                (0..<n).map { _ in (0..<Int.random(in: 0...7, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) } })
        }
        cases.append([Array(repeating: 0xFB, count: 1_000_001), [0xFF], Array(repeating: 0x3E, count: 999_998)])
        for pieces in cases {
            let joined = Array(pieces.joined())
            let text = String(unsafeUninitializedCapacity: Base64.encodedCount(joined.count)) { buffer in
                var stream = TraceTableData.Base64Stream(into: buffer)
                for piece in pieces { stream.append(piece) }
                stream.finish()
                return stream.written
            }
            #expect(text == Base64.encode(joined), "\(pieces.map(\.count))")
        }
    }

    /// The columns' base64 cut at any whole group and written by two streams is the base64 of
    /// the pieces joined; each side lets go of the pieces wholly its own and no other, and a
    /// piece both read is left for after both.
    @Test func base64CutAtAnyGroupIsTheBase64OfTheJoin() {
        var rng = SplitMix64(seed: 3)
        for _ in 0..<200 {
            let pieces = (0..<Int(rng.next() % 6)).map { _ in (0..<Int(rng.next() % 9)).map { _ in UInt8(truncatingIfNeeded: rng.next()) } }
            let lengths = pieces.map(\.count), total = lengths.reduce(0, +)
            for cut in stride(from: 0, through: total, by: 3) {
                var parts = pieces
                let text = String(unsafeUninitializedCapacity: Base64.encodedCount(total)) { buffer in
                    parts.withUnsafeMutableBufferPointer { parts in
                        var first = TraceTableData.Base64Stream(into: buffer)
                        TraceTableData.encode(parts, lengths: lengths, 0..<cut, into: &first)
                        first.finish()
                        var second = TraceTableData.Base64Stream(into: UnsafeMutableBufferPointer(rebasing: buffer[(cut / 3 * 4)...]))
                        TraceTableData.encode(parts, lengths: lengths, cut..<total, into: &second)
                        second.finish()
                        #expect(first.written == cut / 3 * 4 && first.written + second.written == Base64.encodedCount(total))
                    }
                    return Base64.encodedCount(total)
                }
                #expect(text == Base64.encode(Array(pieces.joined())), "\(lengths), cut \(cut)")
                var start = 0
                for k in pieces.indices {
                    let end = start + lengths[k]
                    let straddles = start < cut && cut < end
                    #expect(parts[k].isEmpty == (!straddles && lengths[k] > 0) || pieces[k].isEmpty, "\(lengths), cut \(cut), piece \(k)")
                    start = end
                }
            }
        }
    }

    @Test func coreSplitGivesResultsInIndexOrderNestedOrNot() {
        #expect(CoreSplit.map(0) { $0 }.isEmpty)
        #expect(CoreSplit.map(1) { $0 * 3 } == [0])
        #expect(CoreSplit.map(100, threads: 4) { $0 * $0 } == (0..<100).map { $0 * $0 })
        // Inside Dispatch's concurrentPerform (as when pages are built side by side) and inside itself.
        let nested: [[[Int]]] = Parallel.map(3) { (k: Int) -> [[Int]] in
            CoreSplit.map(50) { (i: Int) -> [Int] in CoreSplit.map(3) { (j: Int) -> Int in k * 10_000 + i * 10 + j } }
        }
        var expected: [[[Int]]] = []
        for k in 0..<3 { expected.append((0..<50).map { i in [0, 1, 2].map { k * 10_000 + i * 10 + $0 } }) }
        #expect(nested == expected)
    }

    @Test func chunkBoundsSplitByWeightAndCoverEveryRecord() {
        let weights = [5, 1, 1, 1, 1, 1, 5, 0, 0, 1]
        let bounds = TraceTableData.chunkBounds(count: weights.count, chunks: 3) { weights[$0] }
        #expect(bounds == [0..<2, 2..<7, 7..<10])
        #expect(TraceTableData.chunkBounds(count: 4, chunks: 6) { _ in 1 }.flatMap { Array($0) } == [0, 1, 2, 3])
        #expect(TraceTableData.chunkBounds(count: 0, chunks: 3) { _ in 1 }.allSatisfy { $0.isEmpty })
        #expect(TraceTableData.varintLength(127) == 1)
        #expect(TraceTableData.varintLength(128) == 2)
        #expect(TraceTableData.varintLength(16_383) == 2)
        #expect(TraceTableData.varintLength(16_384) == 3)
    }
}
