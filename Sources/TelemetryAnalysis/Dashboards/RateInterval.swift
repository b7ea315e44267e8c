import TelemetryModel

/// The rate window of every metric figure, and the sample interval it is computed from: one
/// home for the metric panels, the span metrics, the Prometheus panels and the findings.
public enum RateInterval {
    /// Grafana's `$__rate_interval`: max(step + interval, 4 × interval), in whole seconds, so
    /// every window holds at least a few samples; without a measured interval, max(step, 60 s).
    public static func windowSeconds(step: Int64, intervalMillis: Int64?) -> Int64 {
        guard let ms = intervalMillis, ms > 0 else { return max(step, 60) }
        let interval = (ms + 999) / 1000
        return max(step + interval, 4 * interval)
    }

    /// The scrape or export interval in ms: the median of the gaps between consecutive,
    /// increasing times of each list (times in ns when `perMillisecond` is 1,000,000, in ms when
    /// it is 1; each gap is divided, rounding down). nil when no list has two increasing times.
    public static func typicalIntervalMillis(_ timeLists: [[Int64]], perMillisecond: Int64) -> Int64? {
        var gaps: [Int64] = []
        for times in timeLists {
            for i in times.indices.dropFirst() where times[i] > times[i - 1] { gaps.append((times[i] - times[i - 1]) / perMillisecond) }
        }
        gaps.sort()
        return gaps.isEmpty ? nil : gaps[gaps.count / 2]
    }
}
