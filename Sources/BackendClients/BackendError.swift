/// Why a backend request failed, in one line that names the backend, the request and what came
/// back: `prometheus http://host:9090: GET /api/v1/query_range?…: HTTP 400 Bad Request: bad_data:
/// parse error …`. The command prints it and exits 1 before anything is written.
public struct BackendError: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// The HTTP status, nil when no response came (connection refused, timeout).
    public var status: Int?

    public init(_ message: String, status: Int? = nil) {
        self.message = message
        self.status = status
    }

    public var description: String { message }
}
