import Testing
import Vocabulary

@testable import ReportRendering
@testable import TelemetryAnalysis

/// `JSONStream` and `JSONValue.members` write `JSONWriter`'s layout straight into bytes: the
/// text must be the one the tree gives, wherever the members sit and however `report.json` is
/// cut over the cores.
@Suite struct JSONStreamTests {
    /// Keys the stream takes as literals, and the same as text for the tree.
    static let keys: [StaticString] = ["a", "k1", "baselineShare", "p99.9 ms"]

    /// A random tree of what the stream can write: objects, arrays of containers (or empty),
    /// integers, numbers (some not finite, written as null), hostile strings and nulls.
    static func tree(_ level: Int, _ random: inout SplitMix64) -> JSONValue {
        switch level == 0 ? Int(random.next() % 4) : Int(random.next() % 6) {
        case 0: return .int(Int64(bitPattern: random.next() % 2000) - 1000)
        case 1: return .double([Double.nan, 2.5, 1e15, -0.0, 1.0 / 3][Int(random.next() % 5)])
        case 2: return .string(["", "</script>", "{{x}}", "café\u{202E}", "a\"b\\c\n"][Int(random.next() % 5)])
        case 3: return .null
        case 4:
            return .array(
                (0..<Int(random.next() % 4)).map { _ in
                    random.next() % 2 == 0 ? object(level - 1, &random) : .array([object(level - 1, &random)])
                })
        default: return object(level - 1, &random)
        }
    }

    static func object(_ level: Int, _ random: inout SplitMix64) -> JSONValue {
        .object(
            (0..<Int(random.next() % 4)).map { _ in
                let k = Int(random.next() % UInt64(keys.count))
                return (keys[k].description, tree(max(level, 0), &random))
            })
    }

    /// `value` written through the stream, as a caller of `JSONValue.members` writes a member.
    static func replay(_ value: JSONValue, into out: inout JSONStream) {
        switch value {
        case .object(let pairs):
            out.objectStart()
            for (k, v) in pairs {
                out.key(keys.first { $0.description == k }!)
                replay(v, into: &out)
            }
            out.objectEnd()
        case .array(let items):
            out.arrayStart()
            for item in items {
                out.item()
                replay(item, into: &out)
            }
            out.arrayEnd()
        case .int(let i): out.int(i)
        case .number(let d): out.number(d)
        case .string(let s): out.string(s)
        case .null: out.number(nil)
        case .bool, .members: Issue.record("not made by `tree`")
        }
    }

    /// `value` with every array of containers made `JSONValue.members` replaying its items.
    static func streamed(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let pairs): return .object(pairs.map { ($0.0, streamed($0.1)) })
        case .array(let items) where !items.isEmpty && !items.allSatisfy(JSONWriter.isCompact):
            return .members(JSONValue.Members(count: items.count) { k, out in replay(items[k], into: &out) })
        default: return value
        }
    }

    /// The same text from the tree, from the stream at every indent, and from members written
    /// whole or cut into runs on every core (a run of one member, several, the array's ends).
    @Test func streamAndMembersGiveTheTreesBytes() {
        var random = SplitMix64(seed: 11)
        for _ in 0..<300 {
            let v = Self.object(4, &random)
            let expected = JSONWriter.write(v)
            var stream = JSONStream(indent: 0)
            Self.replay(v, into: &stream)
            #expect(stream.out.string() == expected)
            let items = (0..<Int(random.next() % 7)).map { _ in Self.object(3, &random) }
            let list: JSONValue = .object([("ops", .array(items)), ("tail", .int(1))])
            let members: JSONValue = .object([
                ("ops", .members(JSONValue.Members(count: items.count) { k, out in Self.replay(items[k], into: &out) })),
                ("tail", .int(1)),
            ])
            #expect(JSONWriter.write(members) == JSONWriter.write(list))
            #expect(JSONWriter.write(Self.streamed(v)) == expected)
            for depth in 0...4 {
                for runs in 1...4 {
                    #expect(JSONWriter.writeOnEveryCore(members, depth: depth, chunkFrom: 1, chunkCount: runs) == JSONWriter.write(list))
                    #expect(JSONWriter.writeOnEveryCore(Self.streamed(v), depth: depth, chunkFrom: 1, chunkCount: runs) == expected)
                }
            }
        }
        // An empty list is `[]`, and one line among scalars, as an empty array is.
        let none: JSONValue = .array([.members(JSONValue.Members(count: 0) { _, _ in }), .int(2)])
        #expect(JSONWriter.write(none) == "[[],2]")
    }

    /// An operation of the window comparison, exactly: every key, the stats' nulls and numbers,
    /// an attribute with two groups, and a hostile operation name escaped as `JSONWriter` escapes.
    @Test func windowOperationIsWrittenExactly() {
        let empty = WindowComparison.Stats(count: 0, errorCount: 0, requestRate: 0, errorRate: 0, p50Nanos: nil, p99Nanos: nil)
        let busy = WindowComparison.Stats(
            count: 40, errorCount: 3, requestRate: 0.5, errorRate: 0.075, p50Nanos: 1_500_000, p99Nanos: 12_000_000)
        let groups = [
            AttributeComparison.Group(value: "false", count: 30, slowShare: 0.75, restShare: 0.25, latency: nil),
            AttributeComparison.Group(value: "</script>", count: 10, slowShare: 0.25, restShare: 0.75, latency: nil),
        ]
        let attribute = AttributeComparison(
            service: "s", operation: "o", attribute: "app.cache_hit", kind: .categorical, score: 0.3, groups: groups,
            rankCorrelation: nil, slowThresholdNanos: 0, slowCount: 0, restCount: 0, topValue: "false")
        let operation = WindowComparison.Operation(
            service: "recommendation", operation: "get {{x}}", baseline: empty, target: busy, attributes: [attribute])
        var out = JSONStream(indent: 4)
        IssueFifteenJSON.operation(operation, into: &out)
        let expected = """
                {
                  "service": "recommendation",
                  "operation": "get \\u007b\\u007bx\\u007d\\u007d",
                  "baseline": {
                    "count": 0,
                    "errorCount": 0,
                    "requestRate": 0,
                    "errorRate": 0,
                    "p50Ms": null,
                    "p99Ms": null
                  },
                  "target": {
                    "count": 40,
                    "errorCount": 3,
                    "requestRate": 0.5,
                    "errorRate": 0.075,
                    "p50Ms": 1.5,
                    "p99Ms": 12
                  },
                  "attributes": [
                    {
                      "attribute": "app.cache_hit",
                      "kind": "categorical",
                      "score": 0.3,
                      "value": "false",
                      "groups": [
                        {
                          "value": "false",
                          "baselineShare": 0.25,
                          "targetShare": 0.75
                        },
                        {
                          "value": "\\u003c/script\\u003e",
                          "baselineShare": 0.75,
                          "targetShare": 0.25
                        }
                      ]
                    }
                  ]
                }
            """
        // The stream starts where its caller put the indent: the first line's is the caller's.
        #expect("    " + out.out.string() == expected)
    }

    /// Appends of every length from none to 70 bytes (the short ones copied as words, the rest
    /// by `memmove`), from every offset of a source, across the buffer's growth: the bytes of an
    /// array's appends.
    @Test func appendsOfEveryLengthKeepTheirBytes() {
        var random = SplitMix64(seed: 5)
        let source = (0..<200).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        var buffer = AppendBuffer<UInt8>(capacity: 1)
        var expected: [UInt8] = []
        source.withUnsafeBufferPointer { all in
            for length in 0...70 {
                for offset in [0, 1, 7, 129 - length / 2] {
                    let piece = UnsafeBufferPointer(rebasing: all[offset..<(offset + length)])
                    buffer.append(contentsOf: piece)
                    expected.append(contentsOf: piece)
                }
            }
        }
        #expect(buffer.array() == expected)
        var ints = AppendBuffer<Int32>(capacity: 2)
        let values: [Int32] = (0..<40).map { Int32($0) - 20 }
        for n in 0...9 { values.withUnsafeBufferPointer { ints.append(contentsOf: UnsafeBufferPointer(rebasing: $0[n..<(2 * n + 3)])) } }
        #expect(ints.array() == (0...9).flatMap { values[$0..<(2 * $0 + 3)] })
    }
}
