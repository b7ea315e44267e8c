/// Nearest-rank percentiles (DESIGN §4): the value at 1-based rank ⌈q·n⌉ of the ascending
/// sorted values. The rank is computed in integers from q in units of 1/10000, so that
/// ⌈0.999 × 1000⌉ is exactly 999 and never 1000 through floating-point error.
public enum Percentile: Int, CaseIterable, Sendable {
    case p50 = 5000, p95 = 9500, p99 = 9900, p999 = 9990

    /// The key used in `report.json` and on pages.
    public var key: String {
        switch self {
        case .p50: return "p50"
        case .p95: return "p95"
        case .p99: return "p99"
        case .p999: return "p999"
        }
    }

    /// The label shown to people ("p99.9").
    public var label: String { self == .p999 ? "p99.9" : key }

    /// The 1-based nearest rank among `n` values: ⌈q·n⌉, at least 1.
    public func rank(of n: Int) -> Int {
        Swift.max(1, (rawValue * n + 9999) / 10000)
    }

    /// The nearest-rank percentile of values already sorted ascending; nil when empty.
    public func of<T: Comparable>(sorted values: [T]) -> T? {
        values.isEmpty ? nil : values[rank(of: values.count) - 1]
    }
}
