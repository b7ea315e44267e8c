import Foundation

/// What `otel-report fetch` wrote: the responses exactly as pulled, and a manifest
/// (`otel-report-fetch.json`) saying which request each answers, so that `render DIR` rebuilds
/// the report from the evidence through the same code that read the live backends.
///
/// Layout: `prometheus/NNNN.json` — each Prometheus API response body as received (series
/// lists, `query_range` and `query` matrices); `opensearch/hits-N.jsonl` — the search hits of
/// the Nth index pattern, one hit object (`_index`, `_id`, `_source`, `sort`) per line. No
/// request header (credentials) is written.
public struct FetchArchive: Sendable {
    public static let manifestName = "otel-report-fetch.json"

    public struct OpenSearchIndex: Sendable {
        public var pattern: String
        public var file: String
        public var total: Int?
        public var hits: [Data]

        public init(pattern: String, file: String, total: Int?, hits: [Data]) {
            self.pattern = pattern
            self.file = file
            self.total = total
            self.hits = hits
        }
    }

    public var fromNanos: Int64
    public var toNanos: Int64
    public var prometheusURL: String?
    public var exchanges: [HTTPExchange] = []
    public var openSearchURL: String?
    public var maxSpans: Int?
    /// `--max-logs` of the fetch (absent in archives from before log records were fetched).
    public var maxLogs: Int?
    public var indices: [OpenSearchIndex] = []

    public init(fromNanos: Int64, toNanos: Int64) {
        self.fromNanos = fromNanos
        self.toNanos = toNanos
    }

    /// Whether a folder is an archive (holds the manifest).
    public static func isArchive(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
            && FileManager.default.fileExists(atPath: path + "/" + manifestName)
    }

    /// The files to write, by path relative to the archive folder.
    public func files() throws -> [(path: String, data: Data)] {
        var out: [(String, Data)] = []
        var requests: [[String: Any]] = []
        for (i, e) in exchanges.enumerated() {
            let file = String(format: "prometheus/%04d.json", i + 1)
            out.append((file, e.response))
            var entry: [String: Any] = ["method": e.method, "target": e.target, "status": e.status, "file": file]
            if let body = e.body { entry["body"] = String(decoding: body, as: UTF8.self) }
            requests.append(entry)
        }
        var indexEntries: [[String: Any]] = []
        for (i, index) in indices.enumerated() {
            let file = "opensearch/hits-\(i + 1).jsonl"
            var lines = Data()
            for h in index.hits {
                lines.append(h)
                lines.append(0x0A)
            }
            out.append((file, lines))
            var entry: [String: Any] = ["pattern": index.pattern, "file": file, "hits": index.hits.count]
            if let total = index.total {
                entry["total"] = total
                entry["leftOut"] = max(0, total - index.hits.count)
            }
            indexEntries.append(entry)
        }
        var manifest: [String: Any] = ["otelReportFetch": 1, "fromNanos": fromNanos, "toNanos": toNanos]
        if let prometheusURL { manifest["prometheus"] = ["url": prometheusURL, "requests": requests] as [String: Any] }
        if let openSearchURL {
            var entry: [String: Any] = ["url": openSearchURL, "maxSpans": maxSpans ?? 0, "indices": indexEntries]
            if let maxLogs { entry["maxLogs"] = maxLogs }
            manifest["opensearch"] = entry
        }
        let text = try JSONSerialization.data(withJSONObject: manifest, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        out.append((Self.manifestName, text + Data("\n".utf8)))
        return out
    }

    /// Reads an archive folder; the message names the file and what is wrong.
    public static func read(_ folder: String) throws -> FetchArchive {
        let base = folder.hasSuffix("/") ? folder : folder + "/"
        let manifestPath = base + manifestName
        func fail(_ what: String) -> BackendError { BackendError("\(manifestPath): \(what)") }
        guard let data = FileManager.default.contents(atPath: manifestPath),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else {
            throw fail("not a JSON object")
        }
        guard (object["otelReportFetch"] as? Int) == 1, let from = (object["fromNanos"] as? NSNumber)?.int64Value,
            let to = (object["toNanos"] as? NSNumber)?.int64Value
        else {
            throw fail("expected otelReportFetch: 1, fromNanos and toNanos")
        }
        func contents(_ file: String) throws -> Data {
            guard !file.hasPrefix("/"), !file.split(separator: "/").contains(".."),
                let d = FileManager.default.contents(atPath: base + file)
            else { throw fail("cannot read \(file)") }
            return d
        }
        var archive = FetchArchive(fromNanos: from, toNanos: to)
        if let p = object["prometheus"] as? [String: Any] {
            guard let url = p["url"] as? String, let requests = p["requests"] as? [[String: Any]] else {
                throw fail("prometheus needs url and requests")
            }
            archive.prometheusURL = url
            for r in requests {
                guard let method = r["method"] as? String, let target = r["target"] as? String, let status = r["status"] as? Int,
                    let file = r["file"] as? String
                else { throw fail("a prometheus request needs method, target, status and file") }
                archive.exchanges.append(
                    HTTPExchange(
                        method: method, target: target, body: (r["body"] as? String).map { Data($0.utf8) },
                        status: status, response: try contents(file)))
            }
        }
        if let o = object["opensearch"] as? [String: Any] {
            guard let url = o["url"] as? String, let indices = o["indices"] as? [[String: Any]] else {
                throw fail("opensearch needs url and indices")
            }
            archive.openSearchURL = url
            archive.maxSpans = o["maxSpans"] as? Int
            archive.maxLogs = o["maxLogs"] as? Int
            for i in indices {
                guard let pattern = i["pattern"] as? String, let file = i["file"] as? String else {
                    throw fail("an index needs pattern and file")
                }
                let lines = try contents(file).split(separator: 0x0A, omittingEmptySubsequences: true).map { Data($0) }
                archive.indices.append(OpenSearchIndex(pattern: pattern, file: file, total: i["total"] as? Int, hits: lines))
            }
        }
        return archive
    }
}
