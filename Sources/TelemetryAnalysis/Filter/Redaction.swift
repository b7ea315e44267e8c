import Digest
import TelemetryModel

/// `--redact KEY`, `--redact-defaults`, `--redact-salt`: replaces the values of matching
/// attributes — of spans, span events and links, resources and metric points, nested key-value
/// lists included (matched by their dotted path, `creds.password`) — before anything is
/// analysed, so no page, tooltip, embedded filter data or `report.json` can hold them.
///
/// A value becomes `[redacted:<12 hex digits>]`: the start of HMAC-SHA-256(salt, value), so
/// equal values still group together (comparisons, filters, varying attributes) while the value
/// itself is gone. Spans, durations, statuses and series are untouched, so every count and
/// percentile is the same as without redaction. For URL keys in the defaults (`http.url`,
/// `url.full`, `http.target`) only the query string is replaced, keeping the path for grouping.
///
/// Without `--redact-salt` a fixed salt is used (output stays reproducible); anyone can then
/// test a guessed value against a hash, so pass a secret salt when values are guessable.
public struct Redaction: Sendable {
    public var patterns: [KeyPattern]
    /// Keys whose query string only is redacted (when not also matched by `patterns`).
    public var queryKeys: Set<String>
    public var salt: [UInt8]

    public static let defaultSalt = "otel-report"

    /// `--redact-defaults`: well-known secret-bearing keys.
    public static let defaultPatterns = [
        "http.request.header.authorization", "http.request.header.cookie", "http.request.header.proxy-authorization",
        "http.response.header.set-cookie", "*authorization*", "*password*", "*passwd*", "*secret*", "*token*",
        "*api_key*", "*apikey*", "*api-key*", "*credential*", "db.statement", "db.query.text",
    ]
    public static let defaultQueryKeys: Set<String> = ["http.url", "url.full", "http.target"]

    public init(patterns: [String], defaults: Bool, salt: String?) {
        self.patterns = (patterns + (defaults ? Self.defaultPatterns : [])).map(KeyPattern.init)
        queryKeys = defaults ? Self.defaultQueryKeys : []
        self.salt = Array((salt ?? Self.defaultSalt).utf8)
    }

    public var isEmpty: Bool { patterns.isEmpty && queryKeys.isEmpty }

    /// The snapshot with every matching value replaced.
    public func apply(to snapshot: Snapshot) -> Snapshot {
        if isEmpty { return snapshot }
        var result = snapshot
        var cache: [String: Action] = [:]
        result.resources = snapshot.resources.map { Resource(attributes: redact($0.attributes, cache: &cache)) }
        // Spans, their events and links keep their attributes in one arena of the span table:
        // each entry is redacted in place, as a one-attribute list (nested lists by their path).
        var spans = snapshot.spans
        for j in 0..<spans.attributeArena.count {
            let original = Attribute(key: spans.strings[spans.attributeArena.keys[j]], value: spans.value(spans.attributeArena.values[j]))
            let redacted = redact([original], cache: &cache)[0]
            if redacted.value != original.value { spans.attributeArena.values[j] = spans.store(redacted.value) }
        }
        result.spans = spans
        // Log records' attributes likewise (their bodies are not attributes and stay as they are).
        var logs = snapshot.logs
        for j in 0..<logs.attributeArena.count {
            let original = Attribute(
                key: logs.strings[logs.attributeArena.keys[j]],
                value: logs.attributeArena.value(logs.attributeArena.values[j], strings: logs.strings))
            let redacted = redact([original], cache: &cache)[0]
            if redacted.value != original.value {
                logs.attributeArena.values[j] = logs.attributeArena.store(redacted.value, strings: &logs.strings)
            }
        }
        result.logs = logs
        result.metrics = snapshot.metrics.map { series in
            var m = series
            m.attributes = redact(series.attributes, cache: &cache)
            return m
        }
        return result
    }

    /// What happens to the value of a key (path), decided once per distinct key.
    enum Action {
        case keep, whole, query
    }

    func action(for path: String) -> Action {
        if patterns.contains(where: { $0.matches(path) }) { return .whole }
        return queryKeys.contains(path.lowercased()) ? .query : .keep
    }

    /// The stand-in for a value: `[redacted:…]`, the same for equal values.
    public func token(for value: AttributeValue) -> String {
        let text = value.kindName + ":" + value.displayText
        return "[redacted:" + String(HMACSHA256.hex(HMACSHA256.authenticationCode(key: salt, message: text.utf8)).prefix(12)) + "]"
    }

    func redact(_ attributes: [Attribute], prefix: String = "", cache: inout [String: Action]) -> [Attribute] {
        var out = attributes
        for i in out.indices {
            let path = prefix.isEmpty ? out[i].key : prefix + out[i].key
            let action: Action
            if let known = cache[path] {
                action = known
            } else {
                action = self.action(for: path)
                cache[path] = action
            }
            switch action {
            case .whole:
                out[i].value = .string(token(for: out[i].value))
            case .query:
                if case .string(let url) = out[i].value, let q = url.firstIndex(of: "?") {
                    out[i].value = .string(String(url[...q]) + token(for: .string(String(url[url.index(after: q)...]))))
                }
            case .keep:
                if case .kvlist(let nested) = out[i].value {
                    out[i].value = .kvlist(redact(nested, prefix: path + ".", cache: &cache))
                }
            }
        }
        return out
    }
}
