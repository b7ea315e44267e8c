import Digest
import TelemetryModel
import Testing

@testable import TelemetryAnalysis

@Suite struct KeyPatternTests {
    @Test func globsMatchWholeKeysIgnoringCase() {
        #expect(KeyPattern("*.email").matches("user.email"))
        #expect(KeyPattern("*.email").matches("a.b.EMAIL"))
        #expect(!KeyPattern("*.email").matches("email"))
        #expect(!KeyPattern("*.email").matches("user.email.domain"))
        #expect(KeyPattern("http.url").matches("http.url"))
        #expect(!KeyPattern("http.url").matches("http.urls"))
        #expect(KeyPattern("*token*").matches("token"))
        #expect(KeyPattern("*token*").matches("app.Token_id"))
        #expect(KeyPattern("a?c").matches("abc") && !KeyPattern("a?c").matches("ac"))
        #expect(KeyPattern("*a*b*c").matches("xxaxxbxxbxc"))
        #expect(!KeyPattern("*a*b*c").matches("xxaxxbxxbx"))
        // A pathological pattern stays fast (no exponential backtracking).
        #expect(!KeyPattern(String(repeating: "*a", count: 30) + "b").matches(String(repeating: "a", count: 5000)))
    }
}

@Suite struct RedactionTests {
    static func snapshot() -> Snapshot {
        var b = SnapshotBuilder()
        _ = b.intern(
            Resource(attributes: [
                Attribute(key: "service.name", value: .string("shop")),
                Attribute(key: "deploy.password", value: .string("hunter2")),
            ]))
        let attributes: [Attribute] = [
            Attribute(key: "user.email", value: .string("alice@example.com")),
            Attribute(key: "http.url", value: .string("https://shop/cart?session=abc&token=s3cr3t")),
            Attribute(key: "http.request.header.authorization", value: .array([.string("Bearer xyz")])),
            Attribute(
                key: "creds",
                value: .kvlist([Attribute(key: "password", value: .string("p4ss")), Attribute(key: "user", value: .string("bob"))])),
            Attribute(key: "app.count", value: .int(3)),
        ]
        for i in 0..<3 {
            b.add(
                Span(
                    traceID: TraceID(high: 0, low: UInt64(i + 1)), spanID: SpanID(UInt64(i + 1)), name: "GET /cart",
                    startTimeUnixNano: Int64(i) * 1_000_000, endTimeUnixNano: Int64(i) * 1_000_000 + Int64(i + 1) * 500_000,
                    attributes: attributes, events: [SpanEvent(timeUnixNano: 1, name: "e", attributes: [attributes[0]])]))
        }
        b.add(
            MetricSeries(
                name: "logins", kind: .gauge, resourceIndex: 0,
                attributes: [Attribute(key: "user.email", value: .string("alice@example.com"))],
                points: .number([NumberPoint(timeUnixNano: 1, value: 1)])))
        return b.finish()
    }

    @Test func matchingValuesBecomeKeyedHashesEverywhereAndEqualValuesStayEqual() throws {
        let r = Redaction(patterns: ["*.email"], defaults: true, salt: "s")
        let out = r.apply(to: Self.snapshot())
        let span = try #require(out.spans.first)
        let email = r.token(for: .string("alice@example.com"))
        #expect(
            email == "[redacted:"
                + String(HMACSHA256.hex(HMACSHA256.authenticationCode(key: "s".utf8, message: "string:alice@example.com".utf8)).prefix(12))
                + "]")
        #expect(span.attributes[key: "user.email"] == .string(email))
        #expect(span.events[0].attributes[key: "user.email"] == .string(email))
        #expect(out.metrics[0].attributes[key: "user.email"] == .string(email))
        #expect(out.spans.allSatisfy { $0.attributes[key: "user.email"] == .string(email) })
        #expect(span.attributes[key: "http.url"] == .string("https://shop/cart?" + r.token(for: .string("session=abc&token=s3cr3t"))))
        #expect(span.attributes[key: "http.request.header.authorization"] == .string(r.token(for: .array([.string("Bearer xyz")]))))
        #expect(
            span.attributes[key: "creds"]
                == .kvlist([
                    Attribute(key: "password", value: .string(r.token(for: .string("p4ss")))),
                    Attribute(key: "user", value: .string("bob")),
                ]))
        #expect(span.attributes[key: "app.count"] == .int(3))
        #expect(out.resources[0].attributes[key: "deploy.password"] == .string(r.token(for: .string("hunter2"))))
        #expect(out.resources[0].serviceName == "shop")
    }

    @Test func anotherSaltGivesOtherTokens() {
        let a = Redaction(patterns: ["x"], defaults: false, salt: "one").token(for: .string("v"))
        let b = Redaction(patterns: ["x"], defaults: false, salt: "two").token(for: .string("v"))
        #expect(a != b && a.hasPrefix("[redacted:") && a.count == "[redacted:]".count + 12)
    }

    @Test func countsAndPercentilesAreUnchanged() {
        let before = Self.snapshot()
        let after = Redaction(patterns: ["*"], defaults: true, salt: nil).apply(to: before)
        #expect(after.spans.map(\.durationNanos) == before.spans.map(\.durationNanos))
        #expect(after.spans.map(\.traceID) == before.spans.map(\.traceID))
        #expect(after.metricPointCount == before.metricPointCount)
        let a = SnapshotAnalysis(snapshot: before, options: .init()), b = SnapshotAnalysis(snapshot: after, options: .init())
        #expect(a.traces.count == b.traces.count)
        #expect(a.services.map(\.spanCount) == b.services.map(\.spanCount))
    }
}
