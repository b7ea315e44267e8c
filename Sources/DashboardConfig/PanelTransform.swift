import TelemetryModel

/// What a panel computes from its source at each step. Metric panels take the PromQL-like
/// functions; span panels (`source: spans`) take the span-derived series of DESIGN §4, which
/// prefer span-metrics series when the snapshot has them.
public enum PanelTransform: Sendable, Equatable {
    /// The newest sample at or before each step within the window (a gauge as sampled).
    case raw
    /// Prometheus `rate(x[window])` (per second, counter resets, extrapolation).
    case rate
    /// Prometheus `increase(x[window])`.
    case increase
    /// `histogram_quantile(φ, sum by (le) (rate(x_bucket[window])))` for each φ.
    case histogramQuantile([Double])
    /// `sum by (labels) (x)` of the sampled values; `sum` alone adds every series into one.
    case sum(by: [String])
    /// Span-latency percentiles per service (span-metrics histogram, else nearest rank of spans).
    case latencyPercentiles([Percentile])
    /// Error calls ÷ calls × 100 per service.
    case errorRate
    /// Calls per second per service.
    case requestRate

    /// Whether the transform reads span-derived series rather than a named metric.
    public var isSpanTransform: Bool {
        switch self {
        case .latencyPercentiles, .errorRate, .requestRate: return true
        default: return false
        }
    }

    static let metricForms = "raw, rate, increase, histogram_quantile φ (0 ≤ φ ≤ 1), sum, or sum by (label, …)"
    static let spanForms = "latency_percentiles [p50 p95 p99 p99.9], error_rate or request_rate"

    /// Reads the YAML text; the error message says which forms were expected.
    public static func parse(_ text: String) -> Result<PanelTransform, TransformError> {
        let trimmed = text.trimmed(" \t")
        let words = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }).map(String.init)
        guard let head = words.first else { return .failure(.init(message: "expected one of \(metricForms); or \(spanForms)")) }
        let args = Array(words.dropFirst())
        func plain(_ t: PanelTransform) -> Result<PanelTransform, TransformError> {
            args.isEmpty ? .success(t) : .failure(.init(message: "expected '\(head)' alone, found '\(trimmed)'"))
        }
        switch head {
        case "raw": return plain(.raw)
        case "rate": return plain(.rate)
        case "increase": return plain(.increase)
        case "error_rate": return plain(.errorRate)
        case "request_rate": return plain(.requestRate)
        case "histogram_quantile":
            let qs = args.map { Double($0) }
            guard !qs.isEmpty, qs.allSatisfy({ $0 != nil && $0! >= 0 && $0! <= 1 }) else {
                return .failure(
                    .init(message: "expected histogram_quantile φ with 0 ≤ φ ≤ 1 (e.g. histogram_quantile 0.99), found '\(trimmed)'"))
            }
            return .success(.histogramQuantile(qs.map { $0! }))
        case "latency_percentiles":
            var ps: [Percentile] = []
            for a in args {
                guard let p = Percentile.allCases.first(where: { $0.key == a || $0.label == a }) else {
                    return .failure(.init(message: "expected latency_percentiles with some of p50, p95, p99, p99.9, found '\(trimmed)'"))
                }
                ps.append(p)
            }
            return .success(.latencyPercentiles(ps.isEmpty ? Percentile.allCases : ps))
        default:
            if head == "sum" || head.hasPrefix("sum(") || head.hasPrefix("sum by") { return parseSum(trimmed) }
            return .failure(.init(message: "expected one of \(metricForms); or \(spanForms), found '\(trimmed)'"))
        }
    }

    /// `sum`, `sum by (a)`, `sum by (a, b)`, `sum by(a)`.
    static func parseSum(_ text: String) -> Result<PanelTransform, TransformError> {
        let bad = TransformError(message: "expected sum or sum by (label, …), found '\(text)'")
        var rest = Substring(text.dropFirst(3)).drop { $0 == " " }
        if rest.isEmpty { return .success(.sum(by: [])) }
        guard rest.hasPrefix("by") else { return .failure(bad) }
        rest = rest.dropFirst(2).drop { $0 == " " }
        guard rest.hasPrefix("("), rest.hasSuffix(")") else { return .failure(bad) }
        let labels = rest.dropFirst().dropLast().split(separator: ",").map { $0.trimmed(" ") }
        guard !labels.isEmpty, labels.allSatisfy({ !$0.isEmpty && !$0.contains(" ") && !$0.contains("(") && !$0.contains(")") }) else {
            return .failure(bad)
        }
        return .success(.sum(by: labels))
    }

    /// Why a transform could not be read.
    public struct TransformError: Error, Sendable, Equatable {
        public var message: String
    }
}

extension StringProtocol {
    /// The text without leading and trailing characters from `set` (Foundation-free).
    func trimmed(_ set: String) -> String {
        let chars = Set(set)
        guard let start = firstIndex(where: { !chars.contains($0) }) else { return "" }
        let end = lastIndex(where: { !chars.contains($0) })!
        return String(self[start...end])
    }
}
