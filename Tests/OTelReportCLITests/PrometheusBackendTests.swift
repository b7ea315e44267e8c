import Foundation
import TelemetryIngest
import TelemetryModel
import Testing

/// `render --prometheus` against a real Prometheus 2.42 holding the example's metrics (its OTLP
/// metrics written as OpenMetrics the way the OTel → Prometheus translation names them, then
/// backfilled): every dashboard panel computed by Prometheus equals the panel rendered from the
/// same OpenMetrics samples as a file, to 1e-9 — CPU (rate × 100 per series and total),
/// memory (last sample), span-metrics latency (histogram_quantile), error rate and request rate.
@Suite(
    .serialized,
    .enabled(if: PrometheusServer.isInstalled, "prometheus and promtool are not installed (apt-get install -y prometheus; .ci/run does)"))
struct PrometheusBackendTests {
    static let example = CLI.packageRoot.appendingPathComponent("examples/recommendation-cache")

    static func render(_ arguments: [String], in directory: URL, name: String) throws -> (CLI.Result, [String: Any]?) {
        let json = directory.appendingPathComponent(name + ".json")
        let r = try CLI.run(
            ["render"] + arguments + [
                "-o", directory.appendingPathComponent(name).path, "--json", json.path,
                "--generated-at", "2026-01-15T12:00:00Z", "--quiet",
            ])
        let report = r.status == 0 ? try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any] : nil
        return (r, report)
    }

    /// One server for every check (backfilling and starting it takes seconds): the comparison,
    /// `fetch` and a render of the archive with the server gone, and the error messages.
    @Test func prometheusPanelsEqualFilePanelsAndAFetchArchiveRebuildsTheSameReport() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let traces = Self.example.appendingPathComponent("traces.jsonl").path
        let text = OpenMetricsWriter.text(SnapshotLoader.load(paths: [Self.example.appendingPathComponent("metrics.jsonl").path]).snapshot)
        let openMetrics = directory.appendingPathComponent("metrics.om")
        try text.write(to: openMetrics, atomically: true, encoding: .utf8)
        let server = try PrometheusServer(openMetrics: text, directory: directory)
        defer { server.stop() }

        let (fr, files) = try Self.render([openMetrics.path, traces], in: directory, name: "files")
        #expect(fr.status == 0, "\(fr.stderr)")
        let fileReport = try #require(files)
        let snapshot = try #require(fileReport["snapshot"] as? [String: Any])
        let from = try #require(snapshot["startTime"] as? String), to = try #require(snapshot["endTime"] as? String)

        // 1. Every panel computed by Prometheus equals the file-based one.
        let range = ["--from", from, "--to", to]
        let (pr, live) = try Self.render([traces, "--prometheus", server.url] + range, in: directory, name: "prometheus")
        #expect(pr.status == 0, "\(pr.stderr)")
        let liveReport = try #require(live)
        let compared = try Self.compareDashboards(fileReport, liveReport, server: server.url)
        // cpu, memory, 6 latency panels (span metrics for every service), error rate, request rate
        #expect(compared.panels >= 6)
        #expect(compared.points > 1000)

        // 2. A fetch archive rebuilds the same report with no server.
        let archive = directory.appendingPathComponent("archive")
        let fetched = try CLI.run(["fetch", traces, "--prometheus", server.url, "-o", archive.path, "--quiet"] + range)
        #expect(fetched.status == 0, "\(fetched.stderr)")
        #expect(FileManager.default.fileExists(atPath: archive.appendingPathComponent("otel-report-fetch.json").path))

        // 3. Failures name the URL and the status, and Prometheus's own message; nothing is written.
        let notFound = try Self.render(
            [traces, "--prometheus", server.url + "/no-such-prefix", "--retries", "0"] + range, in: directory, name: "missing")
        #expect(notFound.0.status == 1)
        #expect(notFound.0.stderr.contains("prometheus \(server.url)/no-such-prefix: GET /api/v1/series?"), "\(notFound.0.stderr)")
        #expect(notFound.0.stderr.contains("HTTP 404 Not Found"), "\(notFound.0.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("missing").path))
        // Swift's regexes accept a lookahead; Prometheus's RE2 rejects it with bad_data.
        let yaml = directory.appendingPathComponent("dash.yaml")
        try """
        dashboards:
          - id: mem
            title: Memory
            panels:
              - title: rss
                unit: bytes
                metric: process_runtime_cpython_memory_bytes
                match: {type: "=~(?=r)rss"}
                transform: raw
        """.write(to: yaml, atomically: true, encoding: .utf8)
        let bad = try Self.render([traces, "--prometheus", server.url, "--dashboards", yaml.path] + range, in: directory, name: "bad")
        #expect(bad.0.status == 1)
        #expect(bad.0.stderr.contains("HTTP 400 Bad Request: bad_data:"), "\(bad.0.stderr)")
        #expect(bad.0.stderr.contains("nothing was written"), "\(bad.0.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("bad").path))

        server.stop()
        let (rr, replayed) = try Self.render([archive.path, traces], in: directory, name: "replayed")
        #expect(rr.status == 0, "\(rr.stderr)")
        // The same numbers as the live render: Prometheus may add series in another order between
        // two queries (it compacts backfilled blocks meanwhile), so sums may differ in the last bit.
        let difference = Self.difference(liveReport, try #require(replayed), path: "report.json")
        #expect(difference == nil, "\(difference ?? "")")
        // A rebuild from the archive is exact: twice, byte for byte, every file.
        let (again, _) = try Self.render([archive.path, traces], in: directory, name: "again")
        #expect(again.status == 0, "\(again.stderr)")
        #expect(
            try Data(contentsOf: directory.appendingPathComponent("replayed.json"))
                == Data(contentsOf: directory.appendingPathComponent("again.json")))
        for page in ["index.html", "dashboard-resources.html", "dashboard-latency.html", "dashboard-errors.html"] {
            let x = try? Data(contentsOf: directory.appendingPathComponent("replayed/" + page))
            let y = try? Data(contentsOf: directory.appendingPathComponent("again/" + page))
            #expect(x != nil && x == y, "\(page) differs between two renders of the archive")
        }
        // A server that does not answer: retried, then named.
        let port = try PrometheusServer.freePort()
        let refused = try Self.render(
            [traces, "--prometheus", "http://127.0.0.1:\(port)", "--retries", "1", "--timeout", "5"] + range,
            in: directory, name: "refused")
        #expect(refused.0.status == 1)
        #expect(refused.0.stderr.contains("GET http://127.0.0.1:\(port)/api/v1/series?"), "\(refused.0.stderr)")
        #expect(refused.0.stderr.contains("no response after 2 attempt(s)"), "\(refused.0.stderr)")
    }

    /// Compares every panel's series (names, labels, times, values to 1e-9 relative) and markers;
    /// the file side's source is a metric name, the Prometheus side's the server.
    static func compareDashboards(_ a: [String: Any], _ b: [String: Any], server: String) throws -> (panels: Int, points: Int) {
        let da = try #require(a["dashboards"] as? [[String: Any]]), db = try #require(b["dashboards"] as? [[String: Any]])
        #expect(da.map { $0["id"] as? String } == db.map { $0["id"] as? String })
        var panels = 0, points = 0
        for (x, y) in zip(da, db) {
            let pa = x["panels"] as? [[String: Any]] ?? [], pb = y["panels"] as? [[String: Any]] ?? []
            #expect(pa.map { $0["id"] as? String } == pb.map { $0["id"] as? String }, "panels of \(x["id"] ?? "")")
            for (p, q) in zip(pa, pb) {
                let id = p["id"] as? String ?? ""
                if (p["source"] as? String) != "spans" {
                    #expect(q["source"] as? String == "prometheus " + server, "\(id) source")
                    panels += 1
                }
                #expect(p["stepSeconds"] as? Int == q["stepSeconds"] as? Int, "\(id) step")
                #expect(p["windowSeconds"] as? Int == q["windowSeconds"] as? Int, "\(id) window")
                #expect(markers(p) == markers(q), "\(id) markers")
                let sa = p["series"] as? [[String: Any]] ?? [], sb = q["series"] as? [[String: Any]] ?? []
                #expect(sa.map { $0["name"] as? String } == sb.map { $0["name"] as? String }, "\(id) series names")
                for (s, t) in zip(sa, sb) {
                    #expect((s["labels"] as? [String: String]) == (t["labels"] as? [String: String]), "\(id) \(s["name"] ?? "") labels")
                    let xs = s["points"] as? [[Any]] ?? [], ys = t["points"] as? [[Any]] ?? []
                    #expect(xs.count == ys.count, "\(id) \(s["name"] ?? "") point count")
                    for (u, v) in zip(xs, ys) {
                        #expect((u[0] as? NSNumber)?.int64Value == (v[0] as? NSNumber)?.int64Value)
                        let uv = (u[1] as? NSNumber)?.doubleValue, vv = (v[1] as? NSNumber)?.doubleValue
                        if let uv, let vv {
                            #expect(abs(uv - vv) <= 1e-9 * max(1, abs(uv), abs(vv)), "\(id) \(s["name"] ?? "") at \(u[0]): \(uv) vs \(vv)")
                            points += 1
                        } else {
                            #expect(
                                uv == nil && vv == nil,
                                "\(id) \(s["name"] ?? "") at \(u[0]): \(String(describing: uv)) vs \(String(describing: vv))")
                        }
                    }
                }
            }
        }
        return (panels, points)
    }

    /// Where two JSON values differ (numbers within 1e-12 relative count as equal), nil if nowhere.
    static func difference(_ a: Any, _ b: Any, path: String) -> String? {
        switch (a, b) {
        case let (x as [String: Any], y as [String: Any]):
            guard Set(x.keys) == Set(y.keys) else { return "\(path): keys \(x.keys.sorted()) vs \(y.keys.sorted())" }
            for k in x.keys.sorted() { if let d = difference(x[k]!, y[k]!, path: path + "." + k) { return d } }
            return nil
        case let (x as [Any], y as [Any]):
            guard x.count == y.count else { return "\(path): \(x.count) vs \(y.count) elements" }
            for i in x.indices { if let d = difference(x[i], y[i], path: path + "[\(i)]") { return d } }
            return nil
        case let (x as String, y as String):
            return x == y ? nil : "\(path): \(x) vs \(y)"
        case let (x as NSNumber, y as NSNumber):
            let (u, v) = (x.doubleValue, y.doubleValue)
            return abs(u - v) <= 1e-12 * max(1, abs(u), abs(v)) ? nil : "\(path): \(u) vs \(v)"
        case (is NSNull, is NSNull):
            return nil
        default:
            return "\(path): \(a) vs \(b)"
        }
    }

    static func markers(_ panel: [String: Any]) -> [String] {
        (panel["markers"] as? [[String: Any]] ?? []).map { "\($0["time"] ?? "") \($0["label"] ?? "")" }
    }
}
