import Foundation
import TelemetryAnalysis
import Vocabulary

/// Prometheus's HTTP API (v1, https://prometheus.io/docs/prometheus/2.42/querying/api/) over a
/// transport. Every answer is checked: a non-2xx status or `"status": "error"` becomes a
/// `BackendError` with the URL, the status and Prometheus's own `errorType` and `error`.
public final class PrometheusClient: PrometheusQuerying, @unchecked Sendable {
    public let transport: any HTTPTransport

    public init(transport: any HTTPTransport) {
        self.transport = transport
    }

    public var sourceDescription: String { "prometheus " + transport.baseURL }

    public func series(_ selectors: [String], startSeconds: Int64, endSeconds: Int64) throws -> [[String: String]] {
        let items = selectors.map { ("match[]", $0) } + [("start", String(startSeconds)), ("end", String(endSeconds))]
        let data = try get("/api/v1/series", items)
        guard let list = data as? [Any] else { throw malformed("/api/v1/series", "data is not an array of label sets") }
        return try list.map { entry in
            guard let labels = entry as? [String: Any] else { throw malformed("/api/v1/series", "a label set is not an object") }
            return labels.compactMapValues { $0 as? String }
        }
    }

    public func queryRange(_ query: String, startSeconds: Int64, endSeconds: Int64, stepSeconds: Int64) throws -> [PrometheusSeries] {
        let data = try get(
            "/api/v1/query_range",
            [
                ("query", query), ("start", String(startSeconds)), ("end", String(endSeconds)),
                ("step", String(stepSeconds)),
            ])
        return try Self.matrix(data, endpoint: "/api/v1/query_range", transport: transport)
    }

    public func query(_ query: String, timeSeconds: Int64) throws -> [PrometheusSeries] {
        let data = try get("/api/v1/query", [("query", query), ("time", String(timeSeconds))])
        return try Self.matrix(data, endpoint: "/api/v1/query", transport: transport)
    }

    /// `GET /api/v1/label/NAME/values` over a time range.
    public func labelValues(_ name: String, startSeconds: Int64, endSeconds: Int64) throws -> [String] {
        let path = "/api/v1/label/" + PercentEncoding.encode(name) + "/values"
        let data = try get(path, [("start", String(startSeconds)), ("end", String(endSeconds))])
        guard let list = data as? [Any] else { throw malformed(path, "data is not an array") }
        return list.compactMap { $0 as? String }
    }

    /// The `data` member of a successful response.
    func get(_ path: String, _ items: [(String, String)]) throws -> Any {
        let target = path + "?" + QueryString.encode(items)
        let exchange = try transport.send(method: "GET", target: target, body: nil)
        let where_ = "prometheus \(transport.baseURL): GET \(HTTPExchange.shortened(target))"
        let object = try? JSONSerialization.jsonObject(with: exchange.response, options: [.fragmentsAllowed])
        let body = object as? [String: Any]
        let apiError = body.flatMap { b -> String? in
            guard (b["status"] as? String) == "error" else { return nil }
            let kind = (b["errorType"] as? String).map { $0 + ": " } ?? ""
            return kind + ((b["error"] as? String) ?? "no message")
        }
        guard (200..<300).contains(exchange.status) else {
            var text = "\(where_): HTTP \(exchange.status) \(HTTPStatusText.reason(exchange.status))"
            if let apiError {
                text += ": " + apiError
            } else if !exchange.response.isEmpty {
                text += ": " + String(decoding: exchange.response.prefix(300), as: UTF8.self).replacingOccurrences(of: "\n", with: " ")
            }
            throw BackendError(text, status: exchange.status)
        }
        guard let body else { throw BackendError("\(where_): the response is not a JSON object", status: exchange.status) }
        if let apiError { throw BackendError("\(where_): \(apiError)", status: exchange.status) }
        guard let data = body["data"] else { throw BackendError("\(where_): the response has no \"data\"", status: exchange.status) }
        return data
    }

    func malformed(_ path: String, _ what: String) -> BackendError {
        BackendError("prometheus \(transport.baseURL): \(path): unexpected response: \(what)")
    }

    /// A matrix (or vector) result: `{"resultType": "matrix", "result": [{"metric": {…}, "values": [[t, "v"], …]}]}`.
    static func matrix(_ data: Any, endpoint: String, transport: any HTTPTransport) throws -> [PrometheusSeries] {
        let bad = { (what: String) in BackendError("prometheus \(transport.baseURL): \(endpoint): unexpected response: \(what)") }
        guard let object = data as? [String: Any], let type = object["resultType"] as? String else { throw bad("no resultType") }
        guard type == "matrix" || type == "vector" else { throw bad("resultType \(type), expected matrix or vector") }
        guard let result = object["result"] as? [Any] else { throw bad("result is not an array") }
        return try result.map { entry in
            guard let s = entry as? [String: Any] else { throw bad("a series is not an object") }
            let labels = (s["metric"] as? [String: Any] ?? [:]).compactMapValues { $0 as? String }
            var pairs: [Any] = []
            if let values = s["values"] as? [Any] { pairs = values } else if let value = s["value"] { pairs = [value] }
            let samples = try pairs.map { pair -> PrometheusSeries.Sample in
                guard let p = pair as? [Any], p.count == 2, let t = number(p[0]), let text = p[1] as? String, let v = sampleValue(text)
                else {
                    throw bad("a sample is not [time, \"value\"]")
                }
                return PrometheusSeries.Sample(timeMillis: Int64((t * 1000).rounded()), value: v)
            }
            return PrometheusSeries(labels: labels, samples: samples)
        }
    }

    static func number(_ v: Any) -> Double? {
        if let n = v as? NSNumber { return n.doubleValue }
        if let s = v as? String { return Double(s) }
        return nil
    }

    /// Sample values are strings so that `NaN`, `+Inf` and `-Inf` survive JSON.
    static func sampleValue(_ text: String) -> Double? {
        switch text {
        case "NaN": return .nan
        case "+Inf", "Inf": return .infinity
        case "-Inf": return -.infinity
        default: return Double(text)
        }
    }
}

/// Reason phrases for the statuses a backend answers with, for messages.
enum HTTPStatusText {
    static func reason(_ status: Int) -> String {
        switch status {
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 406: return "Not Acceptable"
        case 408: return "Request Timeout"
        case 413: return "Payload Too Large"
        case 422: return "Unprocessable Entity"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        default: return ""
        }
    }
}
