import Foundation
import Testing

/// Issue 15 end to end: the baseline ids of `report.json` against an independent computation of
/// the rule, the leak (the slow 5% blamed on the leaking operation, latency tracking memory)
/// and a healthy simulation that must blame nothing, and the exact shape of `windows`.
@Suite(.serialized) struct WhereTheTimeGoesTests {
    static let example = CLI.packageRoot.appendingPathComponent("examples/recommendation-cache")

    static func render(_ input: URL, _ out: URL, _ extra: [String] = []) throws -> [String: Any] {
        let site = out.appendingPathComponent("r-\(extra.joined().hashValue)")
        let r = try CLI.run(["render", input.path, "-o", site.path, "--generated-at", "2026-01-15T12:00:00Z", "--quiet"] + extra)
        #expect(r.status == 0, "\(r.stderr)")
        return try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: site.appendingPathComponent("report.json"))) as? [String: Any])
    }

    static func simulate(_ scenario: String, _ out: URL, seed: Int = 1) throws -> URL {
        let dir = out.appendingPathComponent("\(scenario)-\(seed)")
        let r = try CLI.run(["simulate", scenario, "-o", dir.path, "--seed", String(seed)])
        #expect(r.status == 0, "\(r.stderr)")
        return dir
    }

    /// Every listed trace's `baseline` is what the rule gives when computed from the raw file
    /// with Foundation (`IndependentReport.baselines`), and each baseline has its own page.
    func checkBaselines(_ input: URL, out: URL, top: Int) throws {
        let report = try Self.render(input, out, ["--top", String(top)])
        let expected = try IndependentReport(otlpJSONLines: input.appendingPathComponent("traces.jsonl")).baselines()
        let slowest = try #require(report["slowestTraces"] as? [[String: Any]])
        #expect(slowest.count == max(20, top) || slowest.count == expected.count)
        var withBaseline = 0
        for t in slowest {
            let id = try #require(t["traceId"] as? String)
            let want = try #require(expected[id], "\(id) is not in the file")
            let got = t["baseline"] as? String
            #expect(got == want, "\(id): baseline \(got ?? "null"), expected \(want ?? "null")")
            if got != nil { withBaseline += 1 }
        }
        #expect(withBaseline > 0)
    }

    @Test func baselineIDsMatchAnIndependentComputation() throws {
        let out = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        try checkBaselines(Self.example, out: out, top: 50)
        // Other seeds and the healthy scenario: more traces listed than pages by default.
        try checkBaselines(try Self.simulate("recommendation-cache", out, seed: 7), out: out, top: 300)
        try checkBaselines(try Self.simulate("healthy", out, seed: 3), out: out, top: 300)
    }

    @Test func theLeakIsBlamedOnItsOperationAndLatencyTracksMemory() throws {
        let out = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        for input in [Self.example, try Self.simulate("recommendation-cache", out, seed: 11)] {
            let report = try Self.render(input, out)
            let breakdowns = try #require(report["slowTraceBreakdowns"] as? [[String: Any]])
            let recommendations = try #require(breakdowns.first { $0["rootName"] as? String == "GET /api/recommendations" })
            let top = try #require((recommendations["operations"] as? [[String: Any]])?.first)
            #expect(top["service"] as? String == "recommendationservice" && top["operation"] as? String == "get_product_list")
            #expect((top["share"] as? Double ?? 0) > 0.9)
            let findings = try #require(report["findings"] as? [[String: Any]])
            let blame = findings.filter { $0["kind"] as? String == "slow-traces" }
            #expect(blame.count == 1)
            #expect((blame.first?["title"] as? String ?? "").hasPrefix("recommendationservice \"get_product_list\" accounts for"))
            // The runner-up is named only when it explains at least 1% (rounded) of the extra time.
            let detail = blame.first?["detail"] as? String ?? ""
            let nextShare = (recommendations["operations"] as? [[String: Any]])?.dropFirst().first?["share"] as? Double ?? 0
            #expect(detail.hasSuffix(nextShare < 0.005 ? "Every other operation accounts for less than 1%." : "%."), "\(detail)")
            #expect(!detail.contains("with 0%"))
            let correlation = try #require(report["resourceCorrelation"] as? [String: Any])
            #expect(correlation["service"] as? String == "recommendationservice")
            let lead = try #require((correlation["instances"] as? [[String: Any]])?.first)
            let memory = try #require(lead["memory"] as? [String: Any])
            #expect((memory["rho"] as? Double ?? 0) >= 0.7 && memory["strong"] as? Bool == true, "\(memory)")
        }
    }

    @Test func aHealthySimulationBlamesNothing() throws {
        let out = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        for seed in [1, 2, 5] {
            let input = try Self.simulate("healthy", out, seed: seed)
            for extra in [[String](), ["--service", "recommendationservice"]] {
                let report = try Self.render(input, out, extra)
                let findings = try #require(report["findings"] as? [[String: Any]])
                let kinds = findings.compactMap { $0["kind"] as? String }
                #expect(
                    !kinds.contains("slow-traces") && !kinds.contains("memory") && !kinds.contains("latency-tail"), "seed \(seed): \(kinds)"
                )
                let correlation = try #require(report["resourceCorrelation"] as? [String: Any])
                for i in correlation["instances"] as? [[String: Any]] ?? [] {
                    let memory = i["memory"] as? [String: Any]
                    #expect(memory?["strong"] as? Bool != true, "seed \(seed): \(i)")
                }
            }
        }
    }

    @Test func windowsHaveTheDocumentedShape() throws {
        let out = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let report = try Self.render(Self.example, out)
        let windows = try #require(report["windows"] as? [String: Any])
        #expect(Set(windows.keys) == ["baseline", "target", "operations"])
        // The example runs 10:00:01.020… to 10:25:00: thirds of 1,498,979,631,564 ns.
        #expect(
            windows["baseline"] as? [String: String] == ["from": "2026-01-15T10:00:01.020368436Z", "to": "2026-01-15T10:08:20.680245624Z"])
        #expect(windows["target"] as? [String: String] == ["from": "2026-01-15T10:16:40.340122812Z", "to": "2026-01-15T10:25:00Z"])
        let operations = try #require(windows["operations"] as? [[String: Any]])
        for o in operations {
            #expect(Set(o.keys) == ["service", "operation", "baseline", "target", "attributes"])
            for side in ["baseline", "target"] {
                let w = try #require(o[side] as? [String: Any])
                #expect(Set(w.keys) == ["count", "errorCount", "requestRate", "errorRate", "p50Ms", "p99Ms"])
            }
        }
        let list = try #require(operations.first { $0["operation"] as? String == "get_product_list" })
        let before = try #require(list["baseline"] as? [String: Any]), after = try #require(list["target"] as? [String: Any])
        #expect((after["p99Ms"] as? Double ?? 0) > (before["p99Ms"] as? Double ?? .infinity))
        // A baseline window given by hand: the first five minutes against the rest.
        let given = try Self.render(
            Self.example, out, ["--baseline-from", "2026-01-15T10:00:00Z", "--baseline-to", "2026-01-15T10:05:00Z"])
        let w = try #require(given["windows"] as? [String: Any])
        #expect(w["baseline"] as? [String: String] == ["from": "2026-01-15T10:00:00Z", "to": "2026-01-15T10:05:00Z"])
        #expect(w["target"] as? [String: String] == ["from": "2026-01-15T10:05:00.000000001Z", "to": "2026-01-15T10:25:00Z"])
        let bad = try CLI.run(["render", Self.example.path, "-o", out.appendingPathComponent("bad").path, "--baseline-from", "-5m"])
        #expect(bad.status == 64 && bad.stderr.contains("--baseline-from and --baseline-to go together"))
    }
}
