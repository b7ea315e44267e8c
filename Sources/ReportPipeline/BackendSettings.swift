import BackendClients
import Foundation

/// Where the backends are and how to ask them: the values of `--prometheus`, `--opensearch`,
/// `--index`, `--max-spans`, `--max-logs`, `--header`, `--timeout` and `--retries`, as a value
/// the pipeline takes (the command line parses them into it; tests build it directly).
public struct BackendSettings: Sendable, Equatable {
    public var prometheus: String?
    public var opensearch: String?
    /// OpenSearch index patterns; empty for the defaults (`OpenSearchClient.defaultIndices`).
    public var indices: [String]
    public var maxSpans: Int
    public var maxLogs: Int
    /// `Name: value` lines, as given.
    public var headers: [String]
    public var timeoutSeconds: Double
    public var retries: Int

    public init(
        prometheus: String? = nil, opensearch: String? = nil, indices: [String] = [], maxSpans: Int = 100_000,
        maxLogs: Int = 100_000, headers: [String] = [], timeoutSeconds: Double = 30, retries: Int = 3
    ) {
        self.prometheus = prometheus
        self.opensearch = opensearch
        self.indices = indices
        self.maxSpans = maxSpans
        self.maxLogs = maxLogs
        self.headers = headers
        self.timeoutSeconds = timeoutSeconds
        self.retries = retries
    }

    public var isUsed: Bool { prometheus != nil || opensearch != nil }

    var openSearchIndices: [String] { indices.isEmpty ? OpenSearchClient.defaultIndices : indices }

    /// `Name: value` pairs.
    var parsedHeaders: [(String, String)] {
        headers.compactMap { h in
            guard let colon = h.firstIndex(of: ":") else { return nil }
            let name = h[..<colon].trimmingCharacters(in: .whitespaces)
            let value = h[h.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            return (name, value)
        }
    }

    func transport(_ url: String) -> CurlTransport {
        CurlTransport(baseURL: url, headers: parsedHeaders, timeoutSeconds: timeoutSeconds, retries: retries)
    }
}
