import Foundation
import TelemetryModel
import Testing
import Vocabulary

@testable import TelemetryIngest

/// Resources and scopes that repeat byte for byte are decoded once (`decodeRepeated`,
/// `RawValueCache`): what a file says, warns and fails with stays what the reader found before.
@Suite struct RepeatedValueTests {
    static let resource = #"{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}},{"key":"k","value":{"intValue":"7"}}]}"#

    @Test func aRepeatedResourceIsTheSameResourceOnEveryLine() throws {
        let lines = (0..<4).map { traceRequest(span: #""name":"s\#($0)""#, resource: Self.resource) }
        // The same resource with other spacing is other bytes: decoded again, and equal.
        let spaced = traceRequest(span: #""name":"s4""#, resource: Self.resource.replacingOccurrences(of: ",", with: ", "))
        let file = try #require(decoded((lines + [spaced]).joined(separator: "\n")))
        #expect(file.spanCount == 5)
        #expect(file.snapshot.resources.count == 1)
        #expect(file.snapshot.resources[0].attributes[key: "k"] == .int(7))
        #expect(file.snapshot.scopes.map(\.name) == ["lib"])
        #expect(file.snapshot.spans.map(\.resourceIndex) == [0, 0, 0, 0, 0])
    }

    /// A decoder interns each cache entry's value once (`InternedEntries`): with a cache of two
    /// entries, three resources and three scopes taking turns replace the oldest at every line,
    /// and each line's spans still get their own resource and scope — a remembered index kept
    /// for a replaced entry would give the third resource the first one's. Logs and metrics
    /// (whose series take the resource's index) alike; a `resource` named twice keeps the last.
    @Test func cachedEntriesGetTheIndexTheirValueWasInternedAtUntilReplaced() throws {
        func resource(_ n: Int) -> String { #"{"attributes":[{"key":"service.name","value":{"stringValue":"svc\#(n)"}}]}"# }
        func scope(_ n: Int) -> String { #"{"name":"lib\#(n)"}"# }
        let order = [0, 1, 2, 0, 1, 2, 2, 2, 1, 0, 0]
        var lines = order.map { n in
            #"{"resourceSpans":[{"resource":\#(resource(n)),"scopeSpans":[{"scope":\#(scope(2 - n)),"spans":[{"name":"s"}]}]}]}"#
        }
        lines += order.map { n in
            #"{"resourceLogs":[{"resource":\#(resource(n)),"scopeLogs":[{"scope":\#(scope(n)),"logRecords":[{"timeUnixNano":"1"}]}]}]}"#
        }
        lines += order.enumerated().map { i, n in
            #"{"resourceMetrics":[{"resource":\#(resource(n)),"scopeMetrics":[{"metrics":[{"name":"m","gauge":{"dataPoints":[{"timeUnixNano":"\#(i + 1)","asInt":"1"}]}}]}]}]}"#
        }
        let twice = #""resource":\#(resource(0)),"resource":\#(resource(1))"#
        lines.append(#"{"resourceSpans":[{\#(twice),"scopeSpans":[{"spans":[{"name":"t"}]}]}]}"#)
        let bytes = Array(lines.joined(separator: "\n").utf8)
        let snapshot = try bytes.withUnsafeBufferPointer { b in
            var decoder = OTLPJSONDecoder(reader: JSONReader(bytes: b))
            decoder.resourceCache = RawValueCache(capacity: 2, linearLimit: 1)
            decoder.scopeCache = RawValueCache(capacity: 2, linearLimit: 1)
            try decoder.decodeAll()
            return decoder.builder.contents
        }
        let services = snapshot.resources.map(\.serviceName)
        let scopes = snapshot.scopes.map(\.name)
        #expect(services == ["svc0", "svc1", "svc2"])
        let spans = (0..<snapshot.spans.count).map { snapshot.spans[$0] }
        #expect(spans.map { services[Int($0.resourceIndex)] } == order.map { "svc\($0)" } + ["svc1"])
        #expect(spans.prefix(order.count).map { scopes[Int($0.scopeIndex)] } == order.map { "lib\(2 - $0)" })
        let logs = (0..<snapshot.logs.count).map { snapshot.logs[$0] }
        #expect(logs.map { services[Int($0.resourceIndex)] } == order.map { "svc\($0)" })
        #expect(logs.map { scopes[Int($0.scopeIndex)] } == order.map { "lib\($0)" })
        #expect(snapshot.metrics.map { services[Int($0.resourceIndex)] } == ["svc0", "svc1", "svc2"])
        #expect(snapshot.metrics.map { $0.points.count } == [4, 3, 4])
    }

    /// A resource holding a NaN is unequal to itself, so each line's is a resource of its own,
    /// as when every line was decoded afresh (nested in an array too).
    @Test func aResourceHoldingNaNStaysOneResourceALine() throws {
        for value in [#"{"doubleValue":"NaN"}"#, #"{"arrayValue":{"values":[{"doubleValue":"NaN"}]}}"#] {
            let odd = #"{"attributes":[{"key":"x","value":\#(value)}]}"#
            let json = (0..<3).map { traceRequest(span: #""name":"s\#($0)""#, resource: odd) }.joined(separator: "\n")
            let file = try #require(decoded(json))
            #expect(file.snapshot.resources.count == 3, "\(value)")
            #expect(file.snapshot.spans.map(\.resourceIndex) == [0, 1, 2], "\(value)")
        }
    }

    @Test func aRepeatedResourceWarnsOnEveryLine() throws {
        let odd = #"{"attributes":[{"key":"k","value":{"anyValue":"x"}}]}"#
        let json = (0..<3).map { traceRequest(span: #""name":"s\#($0)""#, resource: odd) }.joined(separator: "\n")
        let file = try #require(decoded(json))
        #expect(file.spanCount == 3)
        #expect(file.warnings.map(\.line) == [1, 2, 3])
        #expect(file.warnings.allSatisfy { $0.path == "resourceSpans[0].resource.attributes[0].value" })
        #expect(file.warnings.allSatisfy { $0.message.hasPrefix(#"unknown AnyValue field "anyValue""#) })
    }

    /// A broken resource after good ones fails as it fails alone: same message, column and path.
    @Test func aBrokenResourceAfterGoodOnesFailsAsItDoesAlone() throws {
        let good = traceRequest(span: #""name":"a""#, resource: Self.resource)
        for broken in [
            Self.resource.replacingOccurrences(of: #""7""#, with: #""7x""#),
            Self.resource.replacingOccurrences(of: "svc", with: #"s\qc"#),
            String(Self.resource.dropLast()),
        ] {
            let line = traceRequest(span: #""name":"b""#, resource: broken)
            let alone = try #require(failures(line).first), after = try #require(failures(good + "\n" + good + "\n" + line).first)
            #expect(after.line == 3)
            #expect(after.column == alone.column)
            #expect(after.path == alone.path)
            #expect(after.message == alone.message)
        }
    }

    @Test func theCacheFindsTextsTheBytesBeginWithAndReplacesTheOldest() {
        var cache = RawValueCache<Int>(capacity: 2)
        func find(_ text: String) -> Int? {
            Array(text.utf8).withUnsafeBufferPointer { b in cache.match(b, from: 0, to: b.count).map { $0.length * 100 + cache[$0.entry] } }
        }
        func add(_ text: String, _ value: Int) { Array(text.utf8).withUnsafeBufferPointer { cache.insert($0, value) } }
        add(#"{"a":1}"#, 1)
        add(#" {"a":2}"#, 2)
        #expect(find(#"{"a":1},{"a":2}"#) == 701)  // seven bytes, value 1
        #expect(find(#" {"a":2}]"#) == 802)
        #expect(find(#"{"a":2}"#) == nil)  // the cached text has a space first
        #expect(find(#"{"a":1"#) == nil)  // shorter than the text
        add(#"{"b":3}"#, 3)  // replaces the oldest
        #expect(find(#"{"a":1}"#) == nil)
        #expect(find(#" {"a":2}"#) == 802)
        #expect(find(#"{"b":3}"#) == 703)
        // Only objects: a number's text may be the start of a longer number.
        add("12", 4)
        add(#""s""#, 5)
        #expect(find("123") == nil)
        #expect(find(#""s""#) == nil)
    }

    /// Past a few texts the cache finds the bytes ahead by their object's text, hashed
    /// (`objectEnd`, `hash`), and the entry after the one last found is tried first: on random
    /// objects — strings with escaped quotes and braces, nested arrays, leading spaces — and
    /// bytes that begin with them, with a byte changed, or cut short, it finds what comparing
    /// every remembered text with the bytes finds.
    @Test func theHashedLookupFindsWhatComparingEveryTextFinds() {
        var seeded = SplitMix64(seed: 7)
        func object(_ n: Int) -> String {
            var seeded = SplitMix64(seed: UInt64(n))
            let pieces = [#"\"q\""#, "{", "}", "[", "]", #"\\"#, "x", "é", ","]
            let text = (0..<(n % 5 + 1)).map { _ in pieces[Int(seeded.next() % UInt64(pieces.count))] }.joined()
            let spaces = String(repeating: " ", count: n % 3)
            return spaces + #"{"k":"v\#(n)\#(text)","a":[1,{"b":"}"}],"n":\#(n)}"#
        }
        for linearLimit in [0, 2, 8] {
            var cache = RawValueCache<Int>(capacity: 64, linearLimit: linearLimit)
            var remembered: [(text: [UInt8], value: Int)] = []
            for n in 0..<400 {
                let known = Int(seeded.next() % 40)
                let text = Array(object(known).utf8)
                var bytes = text + Array(#",{"next":1}]"#.utf8)
                switch seeded.next() % 4 {
                case 0: bytes[Int(seeded.next() % UInt64(text.count))] ^= 1  // a byte changed
                case 1: bytes = Array(text.dropLast())  // cut short
                default: break
                }
                let expected = remembered.first { $0.text.count <= bytes.count && Array(bytes[..<$0.text.count]) == $0.text }
                let found = bytes.withUnsafeBufferPointer { cache.match($0, from: 0, to: $0.count) }
                let value = found.map { cache[$0.entry] }
                #expect(found?.length == expected?.text.count && value == expected?.value, "limit \(linearLimit), lookup \(n)")
                if found == nil && bytes.starts(with: text) && !remembered.contains(where: { $0.text == text }) {
                    text.withUnsafeBufferPointer { cache.insert($0, known) }
                    remembered.append((text, known))
                }
            }
            #expect(remembered.count >= 30)
        }
    }

    /// `objectEnd` finds an object's closing brace past strings that hold braces, quotes and
    /// backslashes, and nothing for other values or an object cut short.
    @Test func objectEndReadsBracesOutsideStringsOnly() {
        func end(_ text: String) -> Int? {
            Array(text.utf8).withUnsafeBufferPointer { RawValueCache<Int>.objectEnd($0, from: 0, to: $0.count) }
        }
        #expect(end(#"{"a":"}"},1"#) == 9)
        #expect(end(#"  {"a":"\"}"}x"#) == 13)
        #expect(end(#"{"a":"\\"}x"#) == 10)
        #expect(end(#"{"a":[{"b":[]}],"c":{}}]"#) == 23)
        #expect(end(#"{"a":"}"#) == nil)
        #expect(end(#"{"a":1"#) == nil)
        #expect(end(#"[{"a":1}]"#) == nil)
        #expect(end("12") == nil)
    }
}
