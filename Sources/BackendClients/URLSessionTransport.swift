import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Requests over HTTP with Foundation's URLSession (FoundationNetworking on Linux, shipped with
/// the toolchain): the given headers on every request (`--header 'Authorization: Bearer …'`), a
/// timeout per attempt, and retries with exponential backoff (0.5 s, 1 s, 2 s, …) when no
/// response came or the server answered 429, 502, 503 or 504 — the statuses that say "try
/// again". Any other response is returned as it is, for the client to read its error body.
///
/// The commands are synchronous pipelines; each request waits on a semaphore while URLSession
/// works on its own queue.
public final class URLSessionTransport: HTTPTransport, @unchecked Sendable {
    public let baseURL: String
    let headers: [(String, String)]
    let timeoutSeconds: Double
    let retries: Int
    let backoffSeconds: Double
    let session: URLSession

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
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeoutSeconds
        configuration.timeoutIntervalForResource = timeoutSeconds
        configuration.urlCache = nil
        session = URLSession(configuration: configuration)
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
        guard let url = URL(string: baseURL + target) else {
            throw BackendError("\(method) \(baseURL)\(target): not a valid URL")
        }
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeoutSeconds)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        var attempt = 0
        while true {
            let outcome = perform(request)
            let retryable: Bool
            switch outcome {
            case .success(let (status, data)):
                retryable = [429, 502, 503, 504].contains(status)
                if !retryable || attempt >= retries {
                    return HTTPExchange(method: method, target: target, body: body, status: status, response: data)
                }
            case .failure(let error):
                retryable = true
                if attempt >= retries {
                    throw BackendError(
                        "\(method) \(baseURL)\(Self.shortened(target)): no response after \(attempt + 1) attempt(s): \(error)")
                }
            }
            Thread.sleep(forTimeInterval: backoffSeconds * Double(1 << min(attempt, 6)))
            attempt += 1
        }
    }

    private final class Box: @unchecked Sendable {
        var result: Result<(Int, Data), BackendError> = .failure(BackendError("no response"))
    }

    func perform(_ request: URLRequest) -> Result<(Int, Data), BackendError> {
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let task = session.dataTask(with: request) { data, response, error in
            if let error {
                box.result = .failure(BackendError(error.localizedDescription))
            } else if let http = response as? HTTPURLResponse {
                box.result = .success((http.statusCode, data ?? Data()))
            } else {
                box.result = .failure(BackendError("not an HTTP response"))
            }
            done.signal()
        }
        task.resume()
        done.wait()
        return box.result
    }

    /// Long queries shortened for messages (the full text is in the request the user can repeat).
    static func shortened(_ target: String) -> String {
        target.count > 300 ? String(target.prefix(300)) + "…" : target
    }
}
