import Testing

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

    @Test func rfc3339FormatsAndParsesUTC() {
        #expect(UTCTime.rfc3339(nanos: 0) == "1970-01-01T00:00:00Z")
        #expect(UTCTime.rfc3339(nanos: 1_700_000_000_123_000_000) == "2023-11-14T22:13:20.123Z")
        #expect(UTCTime.rfc3339(seconds: 951_782_400) == "2000-02-29T00:00:00Z")
        #expect(UTCTime.parseRFC3339("2023-11-14T22:13:20.123Z") == 1_700_000_000_123_000_000)
        #expect(UTCTime.parseRFC3339("2023-11-14T23:13:20+01:00") == 1_700_000_000_000_000_000)
        #expect(UTCTime.parseRFC3339("2023-11-14") == nil)
    }

    @Test func fixedNumberFormattingRoundsHalfAwayFromZero() {
        #expect(NumberFormat.fixed(1.005, decimals: 1) == "1.0")
        #expect(NumberFormat.fixed(2.25, decimals: 1) == "2.3")
        #expect(NumberFormat.fixed(-0.04, decimals: 1) == "0.0")
        #expect(NumberFormat.fixed(0.5, decimals: 3) == "0.500")
        #expect(NumberFormat.fixed(1234.5, decimals: 0) == "1235")
        #expect(NumberFormat.shortest(12) == "12")
        #expect(NumberFormat.shortest(0.1) == "0.1")
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
}
