import Foundation
import Testing

/// `--redact`, `--redact-defaults`: no redacted value is left in any output file — pages,
/// tooltips, embedded filter data, the single file, `report.json` — and every count is the same.
@Suite(.serialized) struct RedactionEndToEndTests {
    static let secrets = [
        "alice@example.com", "s3cr3t-query", "Bearer-xyz-0042", "SELECT-card-4111", "tok-998877", "hunter2-pw", "nested-p4ss",
        "label-mail@example.org",
    ]

    /// 40 spans in 20 traces, half slow, whose attributes carry the secrets (a kvlist too),
    /// a resource attribute and a metric label.
    static func snapshot() -> String {
        var spans: [String] = []
        for i in 0..<40 {
            let trace = String(repeating: "0", count: 30) + String(format: "%02x", i / 2 + 1)
            let id = String(repeating: "0", count: 14) + String(format: "%02x", i + 1)
            let parent = i % 2 == 1 ? #""parentSpanId":"\#(String(repeating: "0", count: 14) + String(format: "%02x", i))","# : ""
            let start = 1_700_000_000_000_000_000 + Int64(i) * 1_000_000_000
            let end = start + Int64(i % 4 < 2 ? 5 : 500) * 1_000_000
            let email = i % 4 < 2 ? "alice@example.com" : "bob@example.com"
            spans.append(
                #"""
                {"traceId":"\#(trace)","spanId":"\#(id)",\#(parent)"name":"GET /cart","kind":2,"startTimeUnixNano":"\#(start)","endTimeUnixNano":"\#(end)","attributes":[
                {"key":"user.email","value":{"stringValue":"\#(email)"}},
                {"key":"http.url","value":{"stringValue":"https://shop.example/cart?q=s3cr3t-query"}},
                {"key":"http.request.header.authorization","value":{"arrayValue":{"values":[{"stringValue":"Bearer-xyz-0042"}]}}},
                {"key":"db.statement","value":{"stringValue":"SELECT-card-4111"}},
                {"key":"app.session_token","value":{"stringValue":"tok-998877"}},
                {"key":"creds","value":{"kvlistValue":{"values":[{"key":"password","value":{"stringValue":"nested-p4ss"}}]}}},
                {"key":"app.cache_hit","value":{"boolValue":\#(i % 4 < 2)}}],
                "events":[{"name":"login","timeUnixNano":"\#(start + 1)","attributes":[{"key":"user.email","value":{"stringValue":"\#(email)"}}]}]}
                """#)
        }
        return
            #"{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"shop"}},{"key":"db.password","value":{"stringValue":"hunter2-pw"}}]},"scopeSpans":[{"spans":[\#(spans.joined(separator: ","))]}]}]}"#
            + "\n"
            + #"{"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"shop"}}]},"scopeMetrics":[{"metrics":[{"name":"process.runtime.cpython.memory","gauge":{"dataPoints":[{"attributes":[{"key":"user.email","value":{"stringValue":"label-mail@example.org"}}],"timeUnixNano":"1700000000000000000","asDouble":1}]}}]}]}]}"#
            + "\n"
    }

    @Test func redactedValuesAppearInNoOutputFileAndCountsAreUnchanged() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in.jsonl")
        try Self.snapshot().write(to: input, atomically: true, encoding: .utf8)
        for secret in Self.secrets { #expect(try String(contentsOf: input, encoding: .utf8).contains(secret)) }
        let common = ["render", input.path, "--generated-at", "2026-01-15T12:00:00Z", "--top", "30", "--compare", "user.email", "--quiet"]
        let redact = ["--redact-defaults", "--redact", "*.email", "--redact-salt", "k"]
        let site = dir.appendingPathComponent("site"), plain = dir.appendingPathComponent("plain")
        for (args, label) in [
            (["-o", site.path, "--json", dir.appendingPathComponent("extra.json").path] + redact, "site"),
            (["-o", dir.appendingPathComponent("one.html").path] + redact, "single"),
            (["-o", plain.path], "plain"),
        ] {
            let r = try CLI.run(common + args)
            #expect(r.status == 0, "\(label): \(r.stderr)")
        }
        var outputs = CLI.files(in: site)
        outputs["one.html"] = try Data(contentsOf: dir.appendingPathComponent("one.html"))
        outputs["extra.json"] = try Data(contentsOf: dir.appendingPathComponent("extra.json"))
        #expect(outputs.count > 20)
        for (path, data) in outputs {
            let text = String(decoding: data, as: UTF8.self)
            for secret in Self.secrets {
                #expect(!text.contains(secret), "\(path) holds \(secret)")
            }
        }
        // Without redaction the values are there (so the grep above can fail).
        let unredacted = CLI.files(in: plain).values.map { String(decoding: $0, as: UTF8.self) }.joined()
        for secret in ["alice@example.com", "SELECT-card-4111", "tok-998877", "nested-p4ss", "hunter2-pw"] {
            #expect(unredacted.contains(secret), "\(secret)")
        }
        // The stand-ins are visible, keep the URL's path, and group equal values: the comparison of
        // user.email still finds its two values, with the same counts and latencies.
        let all = outputs.values.map { String(decoding: $0, as: UTF8.self) }.joined()
        #expect(all.contains("[redacted:"))
        #expect(all.contains("https://shop.example/cart?[redacted:"))
        let reportData = try #require(outputs["report.json"])
        let redactedJSON = try #require(try JSONSerialization.jsonObject(with: reportData) as? [String: Any])
        let plainJSON = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: plain.appendingPathComponent("report.json"))) as? [String: Any])
        #expect(
            NSDictionary(dictionary: ["s": redactedJSON["services"] ?? 0]) == NSDictionary(dictionary: ["s": plainJSON["services"] ?? 1]))
        for key in ["spanCount", "traceCount", "metricPointCount"] {
            #expect((redactedJSON["snapshot"] as? [String: Any])?[key] as? Int == (plainJSON["snapshot"] as? [String: Any])?[key] as? Int)
        }
        let comparisons = try #require(redactedJSON["comparisons"] as? [[String: Any]])
        let email = try #require(comparisons.first { $0["attribute"] as? String == "user.email" })
        let groups = try #require(email["groups"] as? [[String: Any]])
        #expect(groups.count == 2 && groups.allSatisfy { ($0["value"] as? String)?.hasPrefix("[redacted:") == true })
        #expect(groups.compactMap { $0["count"] as? Int }.sorted() == [20, 20])
    }
}
