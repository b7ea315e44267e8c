import Foundation
import TelemetryIngest
import TelemetryModel
import Vocabulary

/// Spans and log records from OpenSearch (`render --opensearch URL`): for each index pattern, a
/// point in time (PIT) is opened, the documents whose time falls in the report's time range are
/// read page by page with `search_after` in the PIT (a consistent view however long the paging
/// takes), at most `maxSpans` spans and `maxLogs` log records in all, and the PIT is closed. What
/// a pattern holds (and so its time field) is `OpenSearchIndexKind`. The hits' `_source`
/// documents go through the same readers as files (Data Prepper `otel-v1-apm-span`, Jaeger
/// `jaeger-span` and Data Prepper `logs-otel-v1` / ss4o log documents).
/// APIs: https://opensearch.org/docs/latest/search-plugins/searching-data/point-in-time/ and
/// …/point-in-time-api/ (OpenSearch 2.4+).
public final class OpenSearchClient: @unchecked Sendable {
    public static let defaultIndices = ["otel-v1-apm-span-*", "jaeger-span-*", "logs-otel-v1-*"]

    public let transport: any HTTPTransport
    public let pageSize: Int

    public init(transport: any HTTPTransport, pageSize: Int = 1000) {
        self.transport = transport
        self.pageSize = max(1, pageSize)
    }

    /// What one index pattern gave.
    public struct IndexResult: Sendable {
        public var pattern: String
        /// The hits read, each the raw hit object on one line (what `fetch` archives).
        public var hits: [Data]
        /// Documents in the range (`hits.total.value`), nil when the pattern matched no index.
        public var total: Int?
        public var leftOut: Int { max(0, (total ?? 0) - hits.count) }
        /// Spans or log records, from the pattern's name.
        public var kind: OpenSearchIndexKind { OpenSearchIndexKind(pattern: pattern) }

        public init(pattern: String, hits: [Data], total: Int?) {
            self.pattern = pattern
            self.hits = hits
            self.total = total
        }
    }

    /// The time field a pattern's documents are sorted and filtered by, and the tie breaker
    /// (see `OpenSearchIndexKind`).
    static func fields(_ pattern: String) -> (time: String, tieBreaker: String) {
        OpenSearchIndexKind(pattern: pattern).fields
    }

    /// Reads every pattern in turn; spans share the `maxSpans` budget and log records the
    /// `maxLogs` one, so the earliest documents of the first patterns are the ones kept.
    public func read(indices: [String], fromNanos: Int64, toNanos: Int64, maxSpans: Int, maxLogs: Int = 100_000) throws -> [IndexResult] {
        var spanBudget = maxSpans, logBudget = maxLogs
        var results: [IndexResult] = []
        for pattern in indices {
            let isLogs = OpenSearchIndexKind(pattern: pattern).isLogs
            var result = try read(pattern: pattern, fromNanos: fromNanos, toNanos: toNanos, budget: isLogs ? logBudget : spanBudget)
            if isLogs { logBudget -= result.hits.count } else { spanBudget -= result.hits.count }
            if result.total == nil && result.hits.isEmpty { result.total = nil }
            results.append(result)
        }
        return results
    }

    func read(pattern: String, fromNanos: Int64, toNanos: Int64, budget: Int) throws -> IndexResult {
        let index = PercentEncoding.encode(pattern).replacingOccurrences(of: "%2A", with: "*").replacingOccurrences(of: "%2C", with: ",")
        let open = try transport.send(method: "POST", target: "/\(index)/_search/point_in_time?keep_alive=1m", body: nil)
        if open.status == 404 {
            return IndexResult(pattern: pattern, hits: [], total: nil)
        }
        try check(open, "POST /\(index)/_search/point_in_time")
        guard let object = try? JSONSerialization.jsonObject(with: open.response) as? [String: Any],
            var pit = object["pit_id"] as? String
        else {
            throw BackendError("opensearch \(transport.baseURL): POST /\(index)/_search/point_in_time: the response has no pit_id")
        }
        defer {
            // Best effort: an expired PIT is gone anyway.
            let body = try? JSONSerialization.data(withJSONObject: ["pit_id": [pit]])
            _ = try? transport.send(method: "DELETE", target: "/_search/point_in_time", body: body)
        }
        let (field, tieBreaker) = Self.fields(pattern)
        var hits: [Data] = []
        var total: Int?
        var after: Data?
        while hits.count < budget || total == nil {
            let size = min(pageSize, max(budget - hits.count, 0))
            var body =
                "{\"size\":\(size),\"track_total_hits\":true,"
                + "\"query\":{\"range\":{\(Self.json(field)):{\"gte\":\(Math.floorDiv(fromNanos, 1_000_000)),\"lte\":\(Math.floorDiv(toNanos, 1_000_000)),\"format\":\"epoch_millis\"}}},"
                + "\"pit\":{\"id\":\(Self.json(pit)),\"keep_alive\":\"1m\"},"
                + "\"sort\":[{\(Self.json(field)):\"asc\"},{\(Self.json(tieBreaker)):\"asc\"}]"
            if let after { body += ",\"search_after\":" + String(decoding: after, as: UTF8.self) }
            body += "}"
            let page = try transport.send(method: "POST", target: "/_search", body: Data(body.utf8))
            try check(page, "POST /_search")
            let response: SearchResponse
            switch SearchResponse.parse(page.response) {
            case .success(let r): response = r
            case .failure(let e): throw BackendError("opensearch \(transport.baseURL): POST /_search: \(e.message)", status: page.status)
            }
            if let id = response.pitID { pit = id }
            total = total ?? response.total
            hits += response.hits.prefix(max(budget - hits.count, 0)).map(\.raw)
            guard size > 0, response.hits.count == size, let last = response.hits.last?.sort else { break }
            after = last
        }
        return IndexResult(pattern: pattern, hits: hits, total: total ?? hits.count)
    }

    func check(_ e: HTTPExchange, _ request: String) throws {
        guard !(200..<300).contains(e.status) else { return }
        var text = "opensearch \(transport.baseURL): \(request): HTTP \(e.status) \(HTTPStatusText.reason(e.status))"
        if let object = try? JSONSerialization.jsonObject(with: e.response) as? [String: Any],
            let error = object["error"] as? [String: Any]
        {
            let type = (error["type"] as? String).map { $0 + ": " } ?? ""
            text += ": " + type + ((error["reason"] as? String) ?? "")
        } else if !e.response.isEmpty {
            text += ": " + String(decoding: e.response.prefix(300), as: UTF8.self).replacingOccurrences(of: "\n", with: " ")
        }
        throw BackendError(text, status: e.status)
    }

    /// Decodes hits (raw hit objects, as read or archived) through the file readers: their
    /// `_source` documents as JSON Lines, sniffed and decoded as a file would be.
    public static func decode(_ hits: [Data], source: String) -> (snapshot: Snapshot, spans: Int, logs: Int, diagnostics: [Diagnostic]) {
        var lines = Data()
        var diagnostics: [Diagnostic] = []
        for (i, line) in hits.enumerated() {
            switch SearchResponse.hit(line) {
            case .success(let hit):
                if let s = hit.source {
                    lines.append(Data(s.map { $0 == 0x0A || $0 == 0x0D ? 0x20 : $0 }))
                    lines.append(0x0A)
                } else {
                    diagnostics.append(
                        Diagnostic(severity: .warning, file: source, line: i + 1, message: "a hit without _source was skipped"))
                }
            case .failure(let e):
                diagnostics.append(Diagnostic(file: source, line: i + 1, message: e.message))
            }
        }
        guard !lines.isEmpty else { return (Snapshot(), 0, 0, diagnostics) }
        let outcome = lines.withUnsafeBytes { raw in SnapshotLoader.decode(raw.bindMemory(to: UInt8.self), file: source) }
        switch outcome {
        case .decoded(let file, _): return (file.snapshot, file.spanCount, file.snapshot.logs.count, diagnostics + file.warnings)
        case .failed(let problems): return (Snapshot(), 0, 0, diagnostics + problems)
        }
    }

    static func json(_ s: String) -> String {
        String(
            decoding: (try? JSONSerialization.data(withJSONObject: [s], options: [.withoutEscapingSlashes])) ?? Data("[\"\"]".utf8),
            as: UTF8.self
        )
        .dropFirst().dropLast().description
    }
}
