import Testing
import Vocabulary

@testable import TelemetryModel

@Suite struct ModelTests {
    @Test func traceIDsPadShortHexAndPrintLowercase() throws {
        let id = try #require(TraceID(hex: "ABCDEF"))
        #expect(id.hex == "00000000000000000000000000abcdef")
        #expect(TraceID(hex: "xyz") == nil)
        #expect(TraceID(hex: String(repeating: "f", count: 33)) == nil)
    }

    @Test func base64RoundTripsAndDecodesIDs() throws {
        let bytes: [UInt8] = Array(0..<16)
        let text = Base64.encode(bytes)
        #expect(text == "AAECAwQFBgcICQoLDA0ODw==")
        #expect(Base64.decode(Substring(text)) == bytes)
        let id = try #require(TraceID(bytes: bytes))
        #expect(id.hex == "000102030405060708090a0b0c0d0e0f")
    }

    /// RFC 4648 §10's test vectors: every padding case, and the empty input.
    @Test func base64EncodesTheRFCVectors() {
        let vectors = [
            ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ]
        for (plain, encoded) in vectors { #expect(Base64.encode(Array(plain.utf8)) == encoded) }
        #expect(Base64.encode([0xFF, 0xFE, 0xFD, 0xFC]) == "//79/A==")
    }

    @Test func snapshotBuilderInternsResourcesAndMergesSeries() {
        var b = SnapshotBuilder()
        let r = Resource(attributes: [Attribute(key: "service.name", value: .string("a"))])
        #expect(b.intern(r) == 0)
        #expect(b.intern(r) == 0)
        b.add(
            MetricSeries(
                name: "m", kind: .gauge, attributes: [Attribute(key: "z", value: .int(1)), Attribute(key: "a", value: .int(2))],
                points: .number([NumberPoint(timeUnixNano: 2, value: 1)])))
        b.add(
            MetricSeries(
                name: "m", kind: .gauge, attributes: [Attribute(key: "a", value: .int(2)), Attribute(key: "z", value: .int(1))],
                points: .number([NumberPoint(timeUnixNano: 1, value: 0)])))
        let s = b.finish()
        #expect(s.metrics.count == 1)
        #expect(s.metrics[0].points == .number([NumberPoint(timeUnixNano: 1, value: 0), NumberPoint(timeUnixNano: 2, value: 1)]))
        #expect(s.resources[0].serviceName == "a")
        #expect(Resource().serviceName == "unknown_service")
    }

    /// Resources hashed before (a decoder's, `HashedValue`) and plain ones share one index per
    /// equal value, in first-seen order, whichever way they come and whatever storage holds
    /// their attributes; a resource holding a NaN is unequal to itself, so each is new.
    @Test func snapshotBuilderInternsHashedAndPlainResourcesAlike() {
        func resource(_ name: String, _ pod: Int) -> Resource {
            Resource(attributes: [
                Attribute(key: "service.name", value: .string(name)), Attribute(key: "k8s.pod.name", value: .string("\(name)-\(pod)")),
            ])
        }
        var b = SnapshotBuilder()
        // Twelve values, past the few that are compared one by one, each first hashed or not.
        for k in 0..<12 {
            let r = resource("svc", k)
            #expect((k % 2 == 0 ? b.intern(HashedValue(r)) : b.intern(r)) == Int32(k))
        }
        for k in (0..<12).reversed() {
            // Built again: equal values in other storage, looked up by value.
            let r = resource("svc", k)
            #expect(b.intern(HashedValue(r)) == Int32(k))
            #expect(b.intern(r) == Int32(k))
        }
        #expect(HashedValue(resource("a", 1)) == HashedValue(resource("a", 1)))
        #expect(HashedValue(resource("a", 1)) != HashedValue(resource("a", 2)))
        // (Two arrays in one storage are equal whatever they hold, so the NaNs are built twice.)
        func nan() -> Resource { Resource(attributes: [Attribute(key: "x", value: .double(.nan))]) }
        #expect(HashedValue(nan()) != HashedValue(nan()))
        #expect(b.intern(HashedValue(nan())) == 12)
        #expect(b.intern(nan()) == 13)
        let s = b.finish()
        #expect(s.resources.count == 14)
        #expect(s.resources[0..<12].map { $0.attributes[1].value } == (0..<12).map { .string("svc-\($0)") })
    }
}

/// Ids are written as fixed-width lowercase hex: against the standard library's radix-16 text
/// padded by hand.
@Suite struct HexFormatTests {
    static func padded(_ v: UInt64) -> String {
        let digits = String(v, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    @Test func idsAreTheirRadix16TextPadded() {
        var rng = SplitMix64(seed: 31)
        for _ in 0..<2000 {
            let high = rng.next() >> (rng.next() % 64), low = rng.next() >> (rng.next() % 64)
            #expect(HexFormat.hex(low) == Self.padded(low))
            #expect(TraceID(high: high, low: low).hex == Self.padded(high) + Self.padded(low))
            #expect(SpanID(low).hex == Self.padded(low))
        }
        #expect(HexFormat.hex(0) == "0000000000000000")
        #expect(HexFormat.hex(.max) == "ffffffffffffffff")
    }
}

/// Base64 as RFC 4648 §4 spells it: its test vectors, and random bytes of every length up to
/// 200 against an encoder that takes the bits six at a time, then decoded back.
@Suite struct Base64EncodingTests {
    static func reference(_ bytes: [UInt8]) -> String {
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var bits: [Bool] = bytes.flatMap { b in (0..<8).map { b >> (7 - $0) & 1 == 1 } }
        while bits.count % 6 != 0 { bits.append(false) }
        var out = ""
        for k in stride(from: 0, to: bits.count, by: 6) {
            out.append(letters[bits[k..<(k + 6)].reduce(0) { $0 * 2 + ($1 ? 1 : 0) }])
        }
        while out.count % 4 != 0 { out += "=" }
        return out
    }

    @Test func encodesAsTheRFCSpellsIt() {
        let vectors = ["": "", "f": "Zg==", "fo": "Zm8=", "foo": "Zm9v", "foob": "Zm9vYg==", "fooba": "Zm9vYmE=", "foobar": "Zm9vYmFy"]
        for (text, encoded) in vectors { #expect(Base64.encode(Array(text.utf8)) == encoded) }
        var rng = SplitMix64(seed: 43)
        for count in 0...200 {
            let bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let encoded = Base64.encode(bytes)
            #expect(encoded == Self.reference(bytes), "\(count)")
            #expect(Base64.decode(Substring(encoded)) == bytes)
        }
    }
}
