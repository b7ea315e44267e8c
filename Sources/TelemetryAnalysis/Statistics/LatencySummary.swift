import TelemetryModel

/// p50, p95, p99, p99.9 and max of a set of durations, in nanoseconds (nearest rank, `Percentile`).
public struct LatencySummary: Hashable, Sendable {
    public var count: Int
    public var p50: Int64
    public var p95: Int64
    public var p99: Int64
    public var p999: Int64
    public var max: Int64

    /// Summarises durations (any order); nil when there are none. Selected, not sorted
    /// (`RadixSort.select`): five positions of the order are all a summary reads.
    public init?(durations: consuming [Int64]) {
        let n = durations.count
        guard n > 0 else { return nil }
        let v = RadixSort.select(durations, ranks: Self.positions(n))
        count = n
        (p50, p95, p99, p999, max) = (v[0], v[1], v[2], v[3], v[4])
    }

    /// The summary of `count` durations (more than none) whose positions in ascending order
    /// `positions(count)` are these values: what `init(sorted:)` reads, found without the
    /// sorted array (`AttributeComparison.latencyByGroup`).
    init(count: Int, atPositions v: [Int64]) {
        self.count = count
        (p50, p95, p99, p999, max) = (v[0], v[1], v[2], v[3], v[4])
    }

    /// The positions, in ascending order, of the p50, p95, p99, p99.9 and the largest of `n`
    /// durations (nearest rank): non-decreasing.
    static func positions(_ n: Int) -> [Int] {
        [Percentile.p50, .p95, .p99, .p999].map { $0.rank(of: n) - 1 } + [n - 1]
    }

    /// Summarises durations already sorted ascending.
    public init(sorted: [Int64]) {
        precondition(!sorted.isEmpty)
        count = sorted.count
        p50 = Percentile.p50.of(sorted: sorted)!
        p95 = Percentile.p95.of(sorted: sorted)!
        p99 = Percentile.p99.of(sorted: sorted)!
        p999 = Percentile.p999.of(sorted: sorted)!
        max = sorted[sorted.count - 1]
    }

    public func value(_ p: Percentile) -> Int64 {
        switch p {
        case .p50: return p50
        case .p95: return p95
        case .p99: return p99
        case .p999: return p999
        }
    }

    /// Exact milliseconds for a nanosecond duration (ns / 1e6, as `report.json` requires).
    public static func milliseconds(_ nanos: Int64) -> Double { Double(nanos) / 1e6 }
}
