/// Two windows of a snapshot compared with each other: by default the first third of its time
/// range against the last third (the latency-tail finding's windows), or a baseline given with
/// `render --baseline-from T --baseline-to T` against the time after it. A span belongs to a
/// window when its end time lies in it (both bounds included), as spans count in time series.
public struct TimeWindows: Sendable, Equatable {
    /// Unix ns, both bounds included.
    public var baseline: ClosedRange<Int64>
    public var target: ClosedRange<Int64>

    public init(baseline: ClosedRange<Int64>, target: ClosedRange<Int64>) {
        self.baseline = baseline
        self.target = target
    }

    /// The first third [lo, lo + ⌊(hi − lo)/3⌋] against the last third [hi − ⌊(hi − lo)/3⌋, hi].
    public static func thirds(_ range: ClosedRange<Int64>) -> TimeWindows {
        let third = (range.upperBound - range.lowerBound) / 3
        return TimeWindows(
            baseline: range.lowerBound...(range.lowerBound + third),
            target: (range.upperBound - third)...range.upperBound)
    }

    /// A baseline [from, to] given by the user against the rest of the snapshot after it
    /// (to + 1 ns … the end); when the baseline reaches the end, the target is empty at the end.
    public static func baseline(from: Int64, to: Int64, snapshot range: ClosedRange<Int64>) -> TimeWindows {
        let start = to + 1
        return TimeWindows(baseline: from...to, target: start <= range.upperBound ? start...range.upperBound : start...start)
    }

    /// Length of a window in seconds (at least 1 ns, so a rate is always defined).
    public static func seconds(_ w: ClosedRange<Int64>) -> Double { Double(Swift.max(1, w.upperBound - w.lowerBound)) / 1e9 }
}
