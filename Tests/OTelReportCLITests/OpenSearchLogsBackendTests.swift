import Foundation
import Testing

/// `render --opensearch` reading log documents: a Data Prepper `logs-otel-v1` index (a small
/// fixture, `Tests/Support/logs-otel-v1-000001.bulk.ndjson`: five records with the trace context
/// of spans in the corpus's Data Prepper span file, two of them at the same instant, and one
/// without trace context) served by the loopback replay server beside the real span indices.
/// The log figures equal a render of the same documents as files; paging by `time` with `_id`
/// breaking ties, `--max-logs`, and the fetch archive round trip.
@Suite(.serialized, .enabled(if: CLI.hasCorpus, "../shared/corpus is absent"))
struct OpenSearchLogsBackendTests {
    static let logs = CLI.packageRoot.appendingPathComponent("Tests/Support/logs-otel-v1-000001.bulk.ndjson")
    static var indices: [String: URL] { OpenSearchBackendTests.indices.merging(["logs-otel-v1-000001": logs]) { a, _ in a } }
    static let range = OpenSearchBackendTests.range

    static func json(_ value: Any?) -> String {
        String(
            decoding: (try? JSONSerialization.data(withJSONObject: value ?? NSNull(), options: [.sortedKeys, .fragmentsAllowed])) ?? Data(),
            as: UTF8.self)
    }

    static func searches(_ server: OpenSearchReplayServer, sortedBy field: String) -> [[String: Any]] {
        server.requests.filter { r in
            guard (r["path"] as? String) == "/_search", let sort = (r["body"] as? [String: Any])?["sort"] as? [[String: Any]] else {
                return false
            }
            return sort.first?[field] != nil
        }.compactMap { $0["body"] as? [String: Any] }
    }

    @Test func logDocumentsReadWithTheSpansEqualTheSameDocumentsReadAsFiles() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try OpenSearchReplayServer(indices: Self.indices, directory: directory)
        defer { server.stop() }
        let files = [OpenSearchBackendTests.otel.path, OpenSearchBackendTests.jaeger.path, Self.logs.path]
        let (fr, fileReport) = try OpenSearchBackendTests.render(files + Self.range, in: directory, name: "files")
        #expect(fr.status == 0, "\(fr.stderr)")
        let (lr, liveReport) = try OpenSearchBackendTests.render(["--opensearch", server.url] + Self.range, in: directory, name: "live")
        #expect(lr.status == 0, "\(lr.stderr)")
        let a = try #require(fileReport), b = try #require(liveReport)
        let logs = try #require(b["logs"] as? [String: Any])
        // Hand-counted from the fixture: 6 records, 5 with trace context, 2 ERROR, 1 WARN, 3 INFO.
        #expect(logs["recordCount"] as? Int == 6)
        #expect(logs["withTraceContext"] as? Int == 5)
        let severities = try #require(logs["bySeverity"] as? [String: Any])
        #expect(severities["ERROR"] as? Int == 2 && severities["WARN"] as? Int == 1 && severities["INFO"] as? Int == 3, "\(severities)")
        #expect(Self.json(a["logs"]) == Self.json(b["logs"]))
        #expect(Self.json(a["exceptions"]) == Self.json(b["exceptions"]))
        #expect(OpenSearchBackendTests.essence(a) == OpenSearchBackendTests.essence(b))
        #expect((b["snapshot"] as? [String: Any])?["spanCount"] as? Int == 879)
        // The log pattern is read after the span patterns, sorted by time with _id breaking ties.
        #expect(server.requests.contains { ($0["path"] as? String) == "/logs-otel-v1-*/_search/point_in_time?keep_alive=1m" })
        let first = try #require(Self.searches(server, sortedBy: "time").first)
        #expect(Self.json(first["sort"]) == #"[{"time":"asc"},{"_id":"asc"}]"#)
        #expect(Self.json(first["query"]) == #"{"range":{"time":{"format":"epoch_millis","gte":1609459200000,"lte":1704067200000}}}"#)
        #expect(server.requests.filter { ($0["method"] as? String) == "DELETE" }.count == 3)
        let logsPage = try String(contentsOf: directory.appendingPathComponent("live/logs.html"), encoding: .utf8)
        #expect(logsPage.contains("order lookup failed after retry"))
    }

    @Test func logPagesTieBreakByIdAndMaxLogsSaysWhatWasLeftOut() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try OpenSearchReplayServer(indices: Self.indices, directory: directory)
        defer { server.stop() }
        // Pages of 3: the two records at 17:21:04.380 fall on both sides of the first page's end.
        let (all, allReport) = try OpenSearchBackendTests.render(
            ["--opensearch", server.url, "--index", "logs-otel-v1-*"] + Self.range,
            in: directory, name: "all", environment: ["OTEL_REPORT_OPENSEARCH_PAGE_SIZE": "3"])
        #expect(all.status == 0, "\(all.stderr)")
        #expect((allReport?["logs"] as? [String: Any])?["recordCount"] as? Int == 6)
        #expect((allReport?["snapshot"] as? [String: Any])?["spanCount"] as? Int == 0)
        let pages = Self.searches(server, sortedBy: "time")
        #expect(pages.compactMap { $0["size"] as? Int } == [3, 3, 3], "two full pages and an empty one")
        #expect(Self.json(pages.dropFirst().first?["search_after"]) == #"[1616692864380,"logs-otel-v1-000001-2"]"#)
        // --max-logs 5 with pages of 2: 2, 2, 1 and a warning naming what was left out.
        let (cut, cutReport) = try OpenSearchBackendTests.render(
            ["--opensearch", server.url, "--max-logs", "5", "--max-spans", "10"] + Self.range,
            in: directory, name: "cut", environment: ["OTEL_REPORT_OPENSEARCH_PAGE_SIZE": "2"])
        #expect(cut.status == 0, "\(cut.stderr)")
        #expect((cutReport?["logs"] as? [String: Any])?["recordCount"] as? Int == 5)
        #expect((cutReport?["snapshot"] as? [String: Any])?["spanCount"] as? Int == 10, "--max-spans bounds spans only")
        let message = "--max-logs 5: read 5 of the 6 log records in the time range; the 1 latest were left out"
        let index = try String(contentsOf: directory.appendingPathComponent("cut/index.html"), encoding: .utf8)
        #expect(index.contains(message), "the report says what was left out")
        #expect(Self.searches(server, sortedBy: "time").suffix(3).compactMap { $0["size"] as? Int } == [2, 2, 1])
        let bad = try CLI.run(["render", "--opensearch", server.url, "--max-logs=-1", "-o", directory.appendingPathComponent("bad").path])
        #expect(bad.status != 0 && bad.stderr.contains("--max-logs must be 0 or more"), "\(bad.stderr)")
    }

    @Test func aFetchArchiveHoldsTheLogHitsAndReplaysThem() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try OpenSearchReplayServer(indices: Self.indices, directory: directory)
        let archive = directory.appendingPathComponent("archive")
        let fetched = try CLI.run(
            ["fetch", "--opensearch", server.url, "--max-logs", "4", "-o", archive.path] + Self.range,
            environment: OpenSearchBackendTests.smallPages)
        #expect(fetched.status == 0, "\(fetched.stderr)")
        let (lr, _) = try OpenSearchBackendTests.render(
            ["--opensearch", server.url, "--max-logs", "4"] + Self.range, in: directory, name: "live")
        #expect(lr.status == 0, "\(lr.stderr)")
        server.stop()
        let hits = try String(contentsOf: archive.appendingPathComponent("opensearch/hits-3.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(hits.count == 4)
        let manifest = try String(contentsOf: archive.appendingPathComponent("otel-report-fetch.json"), encoding: .utf8)
        #expect(manifest.contains("\"maxLogs\" : 4") && manifest.contains("\"pattern\" : \"logs-otel-v1-*\""), "\(manifest)")
        let (rr, replayed) = try OpenSearchBackendTests.render([archive.path], in: directory, name: "replayed")
        #expect(rr.status == 0, "\(rr.stderr)")
        #expect((replayed?["logs"] as? [String: Any])?["recordCount"] as? Int == 4)
        let a = try Data(contentsOf: directory.appendingPathComponent("live.json"))
        let b = try Data(contentsOf: directory.appendingPathComponent("replayed.json"))
        #expect(a == b, "report.json from the archive differs from the live one")
    }
}
