import Foundation
import Testing

/// `render --opensearch` against a loopback server that answers OpenSearch's PIT + search_after
/// paging from the corpus's real span documents (Data Prepper `otel-v1-apm-span` and Jaeger
/// `jaeger-span` _bulk files) in OpenSearch's response shapes: the spans equal those of the same
/// files rendered directly; paging, `--max-spans`, retries, headers, error statuses, and a fetch
/// archive that rebuilds the same report.
@Suite(.serialized, .enabled(if: CLI.hasCorpus, "../shared/corpus is absent"))
struct OpenSearchBackendTests {
    static let otel = CLI.corpus.appendingPathComponent("opensearch/dashboards-observability/otel-v1-apm-span-000001.bulk.ndjson")
    static let jaeger = CLI.corpus.appendingPathComponent("jaeger-json/es-bulk/hotrod-jaeger-span-2023-01-24.bulk.ndjson")
    static let range = ["--from", "2021-01-01T00:00:00Z", "--to", "2024-01-01T00:00:00Z"]
    static let indices = ["otel-v1-apm-span-000001": otel, "jaeger-span-2023-01-24": jaeger]
    static let smallPages = ["OTEL_REPORT_OPENSEARCH_PAGE_SIZE": "100"]

    static func render(
        _ arguments: [String], in directory: URL, name: String,
        environment: [String: String] = smallPages
    ) throws -> (CLI.Result, [String: Any]?) {
        let json = directory.appendingPathComponent(name + ".json")
        let r = try CLI.run(
            ["render"] + arguments + [
                "-o", directory.appendingPathComponent(name).path, "--json", json.path,
                "--generated-at", "2026-01-15T12:00:00Z", "--quiet",
            ], environment: environment)
        let report = r.status == 0 ? try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any] : nil
        return (r, report)
    }

    /// What must agree between a render from files and one from the backend (inputs differ).
    static func essence(_ report: [String: Any]) -> String {
        var snapshot = report["snapshot"] as? [String: Any] ?? [:]
        snapshot["inputs"] = nil
        let parts: [Any] = [snapshot, report["services"] ?? [], report["slowestTraces"] ?? [], report["findings"] ?? []]
        return String(decoding: (try? JSONSerialization.data(withJSONObject: parts, options: [.sortedKeys])) ?? Data(), as: UTF8.self)
    }

    @Test func spansPagedThroughAPointInTimeEqualTheSameDocumentsReadAsFiles() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try OpenSearchReplayServer(indices: Self.indices, directory: directory)
        defer { server.stop() }
        let (fr, files) = try Self.render([Self.otel.path, Self.jaeger.path] + Self.range, in: directory, name: "files")
        #expect(fr.status == 0, "\(fr.stderr)")
        let (lr, live) = try Self.render(["--opensearch", server.url] + Self.range, in: directory, name: "live")
        #expect(lr.status == 0, "\(lr.stderr)")
        let a = try #require(files), b = try #require(live)
        #expect((b["snapshot"] as? [String: Any])?["spanCount"] as? Int == 879)
        #expect(Self.essence(a) == Self.essence(b))
        // Both default patterns, each: open a PIT, pages of 100 with search_after, close the PIT.
        let requests = server.requests
        let searches = requests.filter { ($0["path"] as? String) == "/_search" }
        #expect(searches.count == 6 + 4, "500 spans in 5 full pages and an empty one; 379 in 3 full and 1 short")
        #expect(requests.filter { ($0["method"] as? String) == "DELETE" }.count == 2)
        #expect(requests.first?["path"] as? String == "/otel-v1-apm-span-*/_search/point_in_time?keep_alive=1m")
        let second = try #require(searches.dropFirst().first?["body"] as? [String: Any])
        let after = try #require(second["search_after"] as? [Any])
        #expect(after.count == 2, "search_after carries the previous page's last sort values")
        #expect((second["pit"] as? [String: Any])?["keep_alive"] as? String == "1m")
    }

    @Test func maxSpansReadsTheEarliestSpansAndSaysWhatWasLeftOut() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try OpenSearchReplayServer(indices: Self.indices, directory: directory)
        defer { server.stop() }
        let json = directory.appendingPathComponent("cut.json")
        let r = try CLI.run(
            [
                "render", "--opensearch", server.url, "--index", "otel-v1-apm-span-*", "--max-spans", "150",
                "-o", directory.appendingPathComponent("cut").path, "--json", json.path,
                "--generated-at", "2026-01-15T12:00:00Z",
            ] + Self.range, environment: Self.smallPages)
        #expect(r.status == 0, "\(r.stderr)")
        let message = "--max-spans 150: read 150 of the 500 spans in the time range; the 350 that start latest were left out"
        #expect(r.stderr.contains(message), "\(r.stderr)")
        let index = try String(contentsOf: directory.appendingPathComponent("cut/index.html"), encoding: .utf8)
        #expect(index.contains("the 350 that start latest were left out"), "the report says what was left out")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any])
        #expect((report["snapshot"] as? [String: Any])?["spanCount"] as? Int == 150)
        // Two pages of 100 and 50: no page past the budget.
        #expect(
            server.requests.filter { ($0["path"] as? String) == "/_search" }.compactMap { ($0["body"] as? [String: Any])?["size"] as? Int }
                == [100, 50])
    }

    @Test func errorStatusesAreNamedRetriedOrAuthenticatedAndNothingIsWritten() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // A search that fails: OpenSearch's error type and reason, with the URL and status.
        let failing = try OpenSearchReplayServer(indices: Self.indices, directory: directory, extra: ["--search-status", "400"])
        let (bad, _) = try Self.render(["--opensearch", failing.url] + Self.range, in: directory, name: "bad")
        failing.stop()
        #expect(bad.status == 1)
        #expect(
            bad.stderr.contains(
                "opensearch \(failing.url): POST /_search: HTTP 400 Bad Request: search_phase_execution_exception: all shards failed"),
            "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("bad").path))
        // Unavailable twice, then fine: retried with backoff.
        let flaky = try OpenSearchReplayServer(
            indices: Self.indices, directory: directory.appendingPathComponent("f", isDirectory: true).creating(),
            extra: ["--unavailable", "2"])
        let (ok, okReport) = try Self.render(["--opensearch", flaky.url, "--retries", "2"] + Self.range, in: directory, name: "flaky")
        flaky.stop()
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect((okReport?["snapshot"] as? [String: Any])?["spanCount"] as? Int == 879)
        // A header is required: without it 401 is named; with --header it works.
        let guarded = try OpenSearchReplayServer(
            indices: Self.indices, directory: directory.appendingPathComponent("g", isDirectory: true).creating(),
            extra: ["--require-header", "Authorization: Basic YWRtaW46YWRtaW4="])
        defer { guarded.stop() }
        let (denied, _) = try Self.render(["--opensearch", guarded.url] + Self.range, in: directory, name: "denied")
        #expect(denied.status == 1)
        #expect(denied.stderr.contains("HTTP 401 Unauthorized: security_exception: missing authentication credentials"), "\(denied.stderr)")
        let (allowed, _) = try Self.render(
            ["--opensearch", guarded.url, "--header", "Authorization: Basic YWRtaW46YWRtaW4="] + Self.range,
            in: directory, name: "allowed")
        #expect(allowed.status == 0, "\(allowed.stderr)")
        // An index pattern nothing matches is a note, not an error.
        let (none, noneReport) = try Self.render(
            [
                "--opensearch", guarded.url, "--header", "Authorization: Basic YWRtaW46YWRtaW4=",
                "--index", "nothing-*", "--index", "jaeger-span-*",
            ] + Self.range, in: directory, name: "none")
        #expect(none.status == 0, "\(none.stderr)")
        #expect((noneReport?["snapshot"] as? [String: Any])?["spanCount"] as? Int == 379)
    }

    @Test func aFetchArchiveHoldsTheHitsAsJSONLinesAndRebuildsTheSameReport() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try OpenSearchReplayServer(indices: Self.indices, directory: directory)
        let archive = directory.appendingPathComponent("archive")
        let fetched = try CLI.run(
            ["fetch", "--opensearch", server.url, "--max-spans", "700", "-o", archive.path] + Self.range,
            environment: Self.smallPages)
        #expect(fetched.status == 0, "\(fetched.stderr)")
        let (lr, _) = try Self.render(["--opensearch", server.url, "--max-spans", "700"] + Self.range, in: directory, name: "live")
        #expect(lr.status == 0, "\(lr.stderr)")
        server.stop()
        let hits = try String(contentsOf: archive.appendingPathComponent("opensearch/hits-1.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(hits.count == 500)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(hits[0].utf8)) as? [String: Any])
        #expect(Set(first.keys) == ["_index", "_id", "_score", "_source", "sort"])
        let (rr, _) = try Self.render([archive.path], in: directory, name: "replayed")
        #expect(rr.status == 0, "\(rr.stderr)")
        let a = try Data(contentsOf: directory.appendingPathComponent("live.json"))
        let b = try Data(contentsOf: directory.appendingPathComponent("replayed.json"))
        #expect(a == b, "report.json from the archive differs from the live one")
        // Inside a larger folder the archive's files would be misread as telemetry: refused.
        let nested = try CLI.run([
            "render", directory.path, "-o",
            directory.deletingLastPathComponent().appendingPathComponent(directory.lastPathComponent + "-out").path,
        ])
        #expect(nested.status == 1)
        #expect(nested.stderr.contains("holds a fetch archive at \(archive.path): give the archive folder itself"), "\(nested.stderr)")
        let inspected = try CLI.run(["inspect", archive.path, "--json"])
        #expect(inspected.status == 0, "\(inspected.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(inspected.stdout.utf8)) as? [String: Any]
        #expect(summary?["spanCount"] as? Int == 700)
        let manifest = try String(contentsOf: archive.appendingPathComponent("otel-report-fetch.json"), encoding: .utf8)
        #expect(manifest.contains("\"leftOut\" : 179"), "\(manifest)")
    }
}

extension URL {
    /// The folder, created.
    func creating() throws -> URL {
        try FileManager.default.createDirectory(at: self, withIntermediateDirectories: true)
        return self
    }
}
