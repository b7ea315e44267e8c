import Foundation
import Vocabulary

/// One request to a backend and its response, as sent and received: what `fetch` archives and
/// what a replay answers from.
public struct HTTPExchange: Sendable {
    public var method: String
    /// Path and query exactly as sent, relative to the backend's base URL (`/api/v1/query?…`).
    public var target: String
    public var body: Data?
    public var status: Int
    public var response: Data

    public init(method: String, target: String, body: Data?, status: Int, response: Data) {
        self.method = method
        self.target = target
        self.body = body
        self.status = status
        self.response = response
    }

    /// The key a replay looks a request up by: method, target and body.
    public var key: String { Self.key(method: method, target: target, body: body) }

    public static func key(method: String, target: String, body: Data?) -> String {
        method + " " + target + "\n" + (body.map { String(decoding: $0, as: UTF8.self) } ?? "")
    }

    /// A long target shortened for messages (the full text is in the request the user can
    /// repeat); every client and transport names requests so.
    static func shortened(_ target: String) -> String {
        target.count > 300 ? String(target.prefix(300)) + "…" : target
    }
}

/// How requests reach a backend: over HTTP, or from an archive.
public protocol HTTPTransport: AnyObject, Sendable {
    /// The base URL, for messages (`http://127.0.0.1:9090`).
    var baseURL: String { get }
    /// Sends one request; a response with any status is returned (the client decides what an
    /// error is), a transport failure (no response) throws.
    func send(method: String, target: String, body: Data?) throws -> HTTPExchange
}

/// The form encoding of query parameters (`application/x-www-form-urlencoded` as Go's
/// `url.ParseQuery` reads it): everything but unreserved characters percent-encoded, so `+` in
/// PromQL (`a + b`, `1e+05`) is not read as a space.
public enum QueryString {
    public static func encode(_ items: [(String, String)]) -> String {
        items.map { PercentEncoding.encode($0.0) + "=" + PercentEncoding.encode($0.1) }.joined(separator: "&")
    }
}
