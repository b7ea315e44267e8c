import CCurl
import Foundation

/// Requests over HTTP with libcurl, loaded on the first request (`CCurl`): the given headers on
/// every request (`--header 'Authorization: Bearer …'`), a timeout per attempt, and retries with
/// exponential backoff (0.5 s, 1 s, 2 s, …) when no response came or the server answered 429,
/// 502, 503 or 504 — the statuses that say "try again". Any other response is returned as it
/// is, for the client to read its error body.
///
/// Not Foundation's URLSession: importing FoundationNetworking links libcurl with its TLS,
/// LDAP and Kerberos libraries into every run, and cost each render 6–7 MiB of resident memory
/// whether or not it talked to a backend (issue 7; `--version` 28.6 → 22.0 MiB). Foundation's
/// URLSession on Linux is libcurl underneath, so the requests are the same: redirects
/// followed, compressed responses decoded, the system's certificates and proxy variables.
///
/// The commands are synchronous pipelines; each request blocks its thread until it is done.
public final class CurlTransport: HTTPTransport, @unchecked Sendable {
    public let baseURL: String
    let headers: [(String, String)]
    let timeoutSeconds: Double
    let retries: Int
    let backoffSeconds: Double

    public init(
        baseURL: String, headers: [(String, String)] = [], timeoutSeconds: Double = 30, retries: Int = 3,
        backoffSeconds: Double = 0.5
    ) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.headers = headers
        self.timeoutSeconds = timeoutSeconds
        self.retries = retries
        self.backoffSeconds = backoffSeconds
    }

    /// Whether a base URL can be used: http or https with a host.
    public static func check(_ url: String) -> String? {
        guard let u = URL(string: url), let scheme = u.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = u.host, !host.isEmpty
        else {
            return "'\(url)' is not an http:// or https:// URL"
        }
        return nil
    }

    public func send(method: String, target: String, body: Data?) throws -> HTTPExchange {
        let url = baseURL + target
        guard URL(string: url) != nil else {
            throw BackendError("\(method) \(url): not a valid URL")
        }
        var lines = headers.map { "\($0.0): \($0.1)" }
        if body != nil { lines.append("Content-Type: application/json") }
        var attempt = 0
        while true {
            let outcome = try perform(method: method, url: url, headers: lines, body: body)
            switch outcome {
            case .success(let (status, data)):
                if ![429, 502, 503, 504].contains(status) || attempt >= retries {
                    return HTTPExchange(method: method, target: target, body: body, status: status, response: data)
                }
            case .failure(let error):
                if attempt >= retries {
                    throw BackendError(
                        "\(method) \(baseURL)\(HTTPExchange.shortened(target)): no response after \(attempt + 1) attempt(s): \(error)")
                }
            }
            Thread.sleep(forTimeInterval: backoffSeconds * Double(1 << min(attempt, 6)))
            attempt += 1
        }
    }

    /// One attempt: a response (any status) or why none came. Throws when libcurl cannot be
    /// loaded, which no retry mends.
    func perform(method: String, url: String, headers: [String], body: Data?) throws -> Result<(Int, Data), BackendError> {
        var result = OTelHTTPResult()
        let milliseconds = max(1, Int(timeoutSeconds * 1000))
        let code: Int32 = withCStrings(headers) { headerPointers in
            func send(_ bytes: UnsafeRawPointer?, _ count: Int) -> Int32 {
                otel_http_perform(url, method, headerPointers, Int32(headers.count), bytes, count, milliseconds, &result)
            }
            guard let body else { return send(nil, 0) }
            // An empty body still needs an address: libcurl reads a null one as "no body".
            return body.isEmpty ? send("", 0) : body.withUnsafeBytes { send($0.baseAddress, $0.count) }
        }
        defer { otel_http_release(&result) }
        let message = withUnsafeBytes(of: result.error) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        switch code {
        case 0:
            let data = result.body.map { Data(bytes: $0, count: result.body_length) } ?? Data()
            return .success((result.status, data))
        case 2:
            throw BackendError("\(method) \(baseURL): \(message)")
        default:
            return .failure(BackendError(message))
        }
    }

    /// Calls `body` with the strings as a C array of NUL-terminated UTF-8, valid during the call.
    private func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
        let copies = strings.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        // NULL-terminated, so the array is never empty and always has an address.
        let pointers = copies.map { $0.map { UnsafePointer($0) } } + [nil]
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
