import Foundation

/// Passes requests on and keeps every exchange, in order, for `fetch` to archive.
public final class RecordingTransport: HTTPTransport, @unchecked Sendable {
    let inner: any HTTPTransport
    private let lock = NSLock()
    private var recorded: [HTTPExchange] = []

    public init(_ inner: any HTTPTransport) {
        self.inner = inner
    }

    public var baseURL: String { inner.baseURL }

    public var exchanges: [HTTPExchange] {
        lock.lock()
        defer { lock.unlock() }
        return recorded
    }

    public func send(method: String, target: String, body: Data?) throws -> HTTPExchange {
        let exchange = try inner.send(method: method, target: target, body: body)
        lock.lock()
        recorded.append(exchange)
        lock.unlock()
        return exchange
    }
}

/// Answers requests from archived exchanges (`render DIR` of a `fetch` archive), so a report is
/// rebuilt from the evidence with the same code that read the live backend. A request the
/// archive does not hold is an error that says so (the archive was fetched with other options).
public final class ReplayTransport: HTTPTransport, @unchecked Sendable {
    public let baseURL: String
    let byKey: [String: HTTPExchange]
    let archive: String

    public init(baseURL: String, exchanges: [HTTPExchange], archive: String) {
        self.baseURL = baseURL
        self.archive = archive
        var map: [String: HTTPExchange] = [:]
        for e in exchanges where map[e.key] == nil { map[e.key] = e }
        byKey = map
    }

    public func send(method: String, target: String, body: Data?) throws -> HTTPExchange {
        guard let e = byKey[HTTPExchange.key(method: method, target: target, body: body)] else {
            throw BackendError(
                "\(archive): the archive holds no response to \(method) \(HTTPExchange.shortened(target)) "
                    + "(it was fetched with other options: use the same --from/--to, --service, --dashboards and inputs as the fetch, or fetch again)"
            )
        }
        return e
    }
}
